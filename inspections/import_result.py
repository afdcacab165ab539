"""What an import reports back: its result, or the error that stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReportImportError(Exception):
    """A report that parsed but cannot be stored; names the file and the problem."""

    def __init__(self, source: str, problem: str):
        self.source, self.problem = source, problem
        super().__init__(f"{source}: {problem}")


@dataclass
class ImportResult:
    """What one import did (or, for a dry run, would do)."""

    source: str
    outcome: str = "unchanged"  # created | updated | unchanged
    inspection_id: int | None = None
    urn: str = ""
    inspection_label: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What the import did to the home's earlier requirements (raised again, or not), one
    # line each; filled by compliance's receiver of inspections.signals.report_imported.
    resolutions: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def summary(self) -> str:
        made = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n)
        return f"{self.outcome} {self.source}: {self.urn} {self.inspection_label}" + (
            f" ({made})" if made else ""
        )

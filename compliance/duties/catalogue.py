"""Reading the duty catalogue (data/duties.tsv): every row checked, errors name the line."""

from __future__ import annotations

import csv
from pathlib import Path

from compliance.duties.rules import parse_deadline

CATALOGUE = Path(__file__).resolve().parent / "data" / "duties.tsv"
COLUMNS = [
    "code",
    "regulation",
    "paragraph",
    "kind",
    "title",
    "what_must_happen",
    "frequency",
    "send_what",
    "send_to",
    "parties",
    "deadline",
    "source_url",
    "source_quote",
    "verified",
    "deadline_verified",
    "note",
]
KINDS = {"visit", "visit_report", "review", "review_report", "notification"}
PARTIES = {"hmci", "placing_authority", "local_authority", "provider", "police"}


class CatalogueError(ValueError):
    pass


def _flag(value: str, *, where: str, column: str) -> bool:
    if value not in {"yes", "no"}:
        raise CatalogueError(f"{where}: {column} must be yes or no, not {value!r}")
    return value == "yes"


def read_catalogue(path: Path = CATALOGUE) -> list[dict]:
    """The catalogue's rows as dicts ready for Duty(**row)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        if reader.fieldnames != COLUMNS:
            raise CatalogueError(f"{path.name} line 1: columns must be {', '.join(COLUMNS)}")
        for line, raw in enumerate(reader, start=2):
            where = f"{path.name} line {line}"
            if None in raw or any(v is None for v in raw.values()):
                raise CatalogueError(f"{where}: expected {len(COLUMNS)} tab-separated columns")
            row = dict(raw)
            if not row["regulation"].isdigit():
                raise CatalogueError(f"{where}: regulation must be a number")
            row["regulation"] = int(row["regulation"])
            if row["kind"] not in KINDS:
                raise CatalogueError(f"{where}: unknown kind {row['kind']!r}")
            try:
                parse_deadline(row["deadline"])
            except ValueError as exc:
                raise CatalogueError(f"{where}: {exc}") from exc
            unknown = {p for p in row["parties"].split(",") if p} - PARTIES
            if unknown:
                raise CatalogueError(f"{where}: unknown parties {', '.join(sorted(unknown))}")
            for column in ("verified", "deadline_verified"):
                row[column] = _flag(row[column], where=where, column=column)
            rows.append(row)
    return rows

"""Writes a report extract to the database: one report, one transaction, all or nothing.

The import_reports command calls `import_report` (a file); the API upload and the import
page call `import_report_bytes` (the uploaded bytes); both go through `import_extract` (an
extract already parsed). Importing the same report twice changes
nothing; a report for an inspection already known (for example from another report's
inspection history) fills that inspection instead of adding one.

`dry_run=True` runs the very same import inside a transaction that is rolled back, so a
preview says exactly what a real import would do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError

from inspections.import_result import ImportResult, ReportImportError
from inspections.models import (
    FULL,
    Inspection,
    Regulation,
    RequirementStatus,
    SourceDocument,
)
from inspections.reports import ReportParseError, accepted_type_problem, parse_bytes
from inspections.reports.limits import check_size
from inspections.reports.validation import validate_extract
from inspections.signals import report_imported
from providers.models import Home, Person, Provider, name_key

# Outcomes an interim (or other single-outcome) inspection can have; a history row with
# one of these words but no type is an interim inspection.
INTERIM_OUTCOMES = {
    "improved_effectiveness",
    "sustained_effectiveness",
    "declined_in_effectiveness",
}


def import_report(*, path: Path | str, dry_run: bool = False, user=None) -> ImportResult:
    """Read, parse and import one report file (refused unread if too large or of a type not
    accepted)."""
    path = Path(path)
    try:
        check_size(size=path.stat().st_size, max_bytes=settings.REPORT_MAX_BYTES, source=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ReportImportError(str(path), f"cannot read the file ({exc.strerror})") from exc
    return import_report_bytes(
        data=data, name=path.name, source=str(path), dry_run=dry_run, user=user
    )


def check_report_file(*, name: str, source: str, head: bytes = b"") -> None:
    """The file type check every entry point shares (ACCEPTED_SUFFIXES, or a PDF's bytes)."""
    problem = accepted_type_problem(name, head)
    if problem:
        raise ReportParseError(source, problem)


def import_report_bytes(
    *, data: bytes, name: str, source: str | None = None, dry_run: bool = False, user=None
) -> ImportResult:
    """Parse and import a report given as bytes (an upload, or a file's content)."""
    source = source or name
    check_report_file(name=name, source=source, head=data[:1024])
    extract = parse_bytes(data, source=source, max_bytes=settings.REPORT_MAX_BYTES)
    return import_extract(
        extract=extract,
        document=data,
        document_name=name,
        source=source,
        dry_run=dry_run,
        user=user,
    )


def import_extract(
    *,
    extract: dict,
    document: bytes,
    document_name: str,
    source: str | None = None,
    dry_run: bool = False,
    user=None,
) -> ImportResult:
    """Write an extract and its source document in one transaction. `user` (who imports,
    or None for a command) is recorded on the history events the import causes."""
    # The same check parse_report's extract passed (parse_text runs it): one validation.
    validate_extract(extract=extract, source=source or document_name)
    result = ImportResult(
        source=source or document_name, warnings=list(extract.get("warnings", []))
    )
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            inspection = _Importer(extract=extract, result=result, stored_files=stored_files).run(
                document=document, document_name=document_name
            )
            report_imported.send(sender=Inspection, inspection=inspection, result=result, user=user)
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        _delete_files(stored_files)
        raise
    if dry_run:
        _delete_files(stored_files)
    return result


def _delete_files(names: list[str]) -> None:
    for name in names:
        SourceDocument.file.field.storage.delete(name)


def _iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _assign(obj, values: dict) -> bool:
    """Set the fields that differ; True if any did. Keeps re-imports free of writes."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _Importer:
    """The steps of one import; each step records what it created or changed."""

    def __init__(self, *, extract: dict, result: ImportResult, stored_files: list[str]):
        self.extract = extract
        self.result = result
        self.stored_files = stored_files

    def run(self, *, document: bytes, document_name: str) -> Inspection:
        ex = self.extract
        urn = (ex.get("urn") or "").strip()
        if not urn:
            raise ReportImportError(self.result.source, "the extract has no URN")
        self.result.urn = urn
        insp = ex.get("inspection") or {}
        start = _iso_date(insp.get("start_date"))
        if start is None:
            raise ReportImportError(self.result.source, "no inspection date could be read")
        regulations = self._regulations()

        provider = self._provider(ex.get("provider") or {})
        home_facts = ex.get("home") or {}
        home = self._home(urn, provider, home_facts, start)
        doc = self._document(document, document_name)
        inspection = self._inspection(home, insp, start, doc)
        self._history(home, ex.get("history") or [], insp.get("previous_inspection"))
        self._requirements(inspection, ex.get("requirements") or [], regulations)
        self._recommendations(inspection, ex.get("recommendations") or [])
        self.result.inspection_id = inspection.pk
        self.result.inspection_label = (
            f"{inspection.inspection_type} inspection {inspection.start_date:%d/%m/%Y}"
        )
        if self.result.outcome == "unchanged" and self.result.changes:
            self.result.outcome = "updated"
        return inspection

    # -- who and where ---------------------------------------------------------------

    def _regulations(self) -> dict[int, Regulation]:
        numbers = {r.get("regulation") for r in self.extract.get("requirements") or []}
        found = Regulation.objects.in_bulk([n for n in numbers if isinstance(n, int)])
        for i, req in enumerate(self.extract.get("requirements") or [], start=1):
            if req.get("regulation") not in found:
                raise ReportImportError(
                    self.result.source,
                    f"requirement {i} cites regulation {req.get('regulation')!r}, "
                    "which is not in the Children's Homes (England) Regulations 2015",
                )
        return found

    def _note(self, what: str) -> None:
        self.result.changes.append(what)

    def _provider(self, facts: dict) -> Provider:
        name = (facts.get("name") or "").strip()
        if not name:
            raise ReportImportError(self.result.source, "no registered provider name")
        provider = Provider.objects.filter(name_key=name_key(name)).first()
        address = facts.get("address") or ""
        if provider is None:
            provider = Provider.objects.create(name=name, address=address)
            self.result.count("providers created")
            self._note(f"provider {name} created")
        elif address and _assign(provider, {"address": address}):
            provider.save()
            self._note(f"provider {name} address updated")
        return provider

    def _person(self, name: str | None, provider: Provider | None) -> Person | None:
        if not name:
            return None
        person = Person.objects.filter(name_key=name_key(name), provider=provider).first()
        if person is None:
            person = Person.objects.create(name=name, provider=provider)
            self.result.count("people created")
        return person

    def _home(self, urn: str, provider: Provider, facts: dict, start: dt.date) -> Home:
        ages = facts.get("age_range") or {}
        values = {
            "provider": provider,
            "provision_subtype": facts.get("provision_subtype") or "",
            "capacity": facts.get("capacity"),
            "age_min": ages.get("min"),
            "age_max": ages.get("max"),
            "description": facts.get("description") or "",
            "responsible_individual": self._person(facts.get("responsible_individual"), provider),
            "registered_manager": self._person(facts.get("registered_manager"), provider),
        }
        home = Home.objects.filter(urn=urn).first()
        if home is None:
            home = Home.objects.create(urn=urn, **values)
            self.result.count("homes created")
            self._note(f"home {urn} created")
            return home
        # An older report must not overwrite what a newer one says about the home.
        newer_report_known = home.inspections.filter(
            source_document__isnull=False, start_date__gt=start
        ).exists()
        if newer_report_known:
            self.result.warnings.append(
                f"home {urn}: details kept from a newer report than this one"
            )
        elif _assign(home, values):
            home.save()
            self._note(f"home {urn} details updated")
        return home

    def _document(self, data: bytes, name: str) -> SourceDocument:
        digest = hashlib.sha256(data).hexdigest()
        doc = SourceDocument.objects.filter(sha256=digest).first()
        warnings = self.result.warnings
        if doc is not None:
            if _assign(doc, {"extract": self.extract, "warnings": warnings}):
                doc.save(update_fields=["extract", "warnings"])
            return doc
        doc = SourceDocument(
            original_name=name[:255],
            sha256=digest,
            size=len(data),
            format="pdf" if data.startswith(b"%PDF") else "text",
            extract=self.extract,
            warnings=warnings,
        )
        doc.file.save(Path(name).name or "report", ContentFile(data), save=False)
        self.stored_files.append(doc.file.name)
        doc.save()
        self.result.count("documents stored")
        return doc

    # -- the inspection and its history ----------------------------------------------

    @staticmethod
    def _find_inspection(home: Home, day: dt.date) -> Inspection | None:
        """The inspection of this home on that day: same start, or within its dates."""
        exact = home.inspections.filter(start_date=day).first()
        if exact is not None:
            return exact
        return home.inspections.filter(start_date__lt=day, end_date__gte=day).first()

    def _inspection(
        self, home: Home, facts: dict, start: dt.date, doc: SourceDocument
    ) -> Inspection:
        judgements = facts.get("judgements") or {}
        kind = (facts.get("type") or "").strip().lower() or "unknown"
        previous = facts.get("previous_inspection") or {}
        overall = judgements.get("overall_experiences") or ""
        # An interim (or other non-full) inspection has one outcome, which the extract
        # gives in the overall-experiences slot.
        outcome = "" if kind == FULL else overall
        values = {
            "inspection_type": kind,
            "start_date": start,
            "end_date": _iso_date(facts.get("end_date")),
            "overall_experiences": overall if kind == FULL else "",
            "help_and_protection": judgements.get("help_and_protection") or "",
            "leadership_and_management": judgements.get("leadership_and_management") or "",
            "outcome": outcome,
            "previous_inspection_date": _iso_date(previous.get("date")),
            "previous_inspection_judgement": previous.get("judgement") or "",
            "enforcement_action": facts.get("enforcement_action") or "",
            "known_from_history_only": False,
            "source_document": doc,
        }
        inspection = self._find_inspection(home, start)
        if inspection is None:
            inspection = Inspection.objects.create(home=home, **values)
            self.result.outcome = "created"
            self._note("inspection created")
        elif _assign(inspection, values):
            inspection.save()
            self._note("inspection updated")
        inspectors = [self._person(name, None) for name in facts.get("inspectors") or []]
        if {p.pk for p in inspectors} != set(inspection.inspectors.values_list("pk", flat=True)):
            inspection.inspectors.set(inspectors)
            self._note("inspectors updated")
        return inspection

    def _history(self, home: Home, rows: list[dict], previous: dict | None) -> None:
        entries = [r for r in rows if r.get("date")]
        # The 'previous inspection' line is history too, when no table row gives it.
        previous_date = (previous or {}).get("date")
        if previous_date and not any(r.get("date") == previous_date for r in entries):
            judgement = previous.get("judgement")
            kind = "interim" if judgement in INTERIM_OUTCOMES else FULL
            entries.append({"date": previous_date, "type": kind, "judgement": judgement})
        for row in entries:
            day = _iso_date(row["date"])
            kind = (row.get("type") or "").strip().lower() or "unknown"
            judgement = row.get("judgement") or ""
            judgement_fields = (
                {"overall_experiences": judgement} if kind == FULL else {"outcome": judgement}
            )
            known = self._find_inspection(home, day)
            if known is None:
                Inspection.objects.create(
                    home=home,
                    inspection_type=kind,
                    start_date=day,
                    known_from_history_only=True,
                    **judgement_fields,
                )
                self.result.count("history inspections added")
                self._note(f"history inspection {day:%d/%m/%Y} added")
            elif known.known_from_history_only and _assign(
                known, {"inspection_type": kind, **judgement_fields}
            ):
                known.save()
                self._note(f"history inspection {day:%d/%m/%Y} updated")

    # -- findings --------------------------------------------------------------------

    def _requirements(
        self, inspection: Inspection, rows: list[dict], regulations: dict[int, Regulation]
    ) -> None:
        values = [
            {
                "regulation": regulations[row["regulation"]],
                "citation": (row.get("citation") or f"Regulation {row['regulation']}")[:255],
                "text": row.get("text") or "",
                "detail": row.get("detail") or "",
                "due_date": _iso_date(row.get("due_date")),
                "compliance_notice": bool(row.get("compliance_notice")),
            }
            for row in rows
        ]
        self._sync_findings(inspection, inspection.requirements.all(), values, "requirement")

    def _recommendations(self, inspection: Inspection, rows: list[dict]) -> None:
        values = [
            {
                "text": row.get("text") or "",
                "guide_page": row.get("guide_page"),
                "guide_paragraph": row.get("guide_paragraph") or "",
            }
            for row in rows
        ]
        self._sync_findings(inspection, inspection.recommendations.all(), values, "recommendation")

    def _sync_findings(self, inspection: Inspection, current_rows, wanted: list[dict], what: str):
        """Make an inspection's findings match the report's, row by row in report order;
        rows the report no longer has are dropped (see _drop_stale)."""
        model = current_rows.model
        existing = {r.sequence: r for r in current_rows}
        for seq, values in enumerate(wanted, start=1):
            current = existing.pop(seq, None)
            if current is None:
                model.objects.create(inspection=inspection, sequence=seq, **values)
                self.result.count(f"{what}s created")
                self._note(f"{what} {seq} created")
            elif _assign(current, values):
                current.save()
                self.result.count(f"{what}s updated")
                self._note(f"{what} {seq} updated")
        self._drop_stale(existing.values(), what)

    def _drop_stale(self, rows, what: str) -> None:
        """Rows a corrected report no longer has: removed unless work has started on them."""
        for row in rows:
            if what == "requirement" and row.status != RequirementStatus.OPEN:
                self._keep_stale(row, f"its status is {row.get_status_display()}")
                continue
            try:
                with transaction.atomic():
                    row.delete()
            except ProtectedError:
                self._keep_stale(row, "it has a recorded history")
                continue
            self._note(f"{what} {row.sequence} removed")

    def _keep_stale(self, row, reason: str) -> None:
        self.result.warnings.append(
            f"{type(row).__name__.lower()} {row.sequence} is no longer in the report "
            f"but is kept: {reason}"
        )


__all__ = [
    "ImportResult",
    "ReportImportError",
    "ReportParseError",
    "import_extract",
    "import_report",
    "import_report_bytes",
]

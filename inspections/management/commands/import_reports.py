"""Import report files; each in its own transaction, all of it or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.importer import ReportImportError, ReportParseError, import_report
from inspections.reports import ACCEPTED_SUFFIXES, ACCEPTED_TYPES


def report_paths(targets: list[str]) -> list[Path]:
    """Files named, and the report files inside directories named, in a stable order."""
    paths: list[Path] = []
    for target in map(Path, targets):
        if target.is_dir():
            paths.extend(
                p for p in sorted(target.rglob("*")) if p.suffix.lower() in ACCEPTED_SUFFIXES
            )
        else:
            paths.append(target)
    return paths


class Command(BaseCommand):
    help = (
        f"Import Ofsted reports (files, or directories searched for {ACCEPTED_TYPES} files). "
        "Files over REPORT_MAX_BYTES are refused unread. Prints one line per report: created, "
        "updated, unchanged or failed. Exits 1 if any report failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change, store nothing"
        )

    def handle(self, *args, targets, dry_run, **options):
        paths = report_paths(targets)
        if not paths:
            raise CommandError(f"no report files found in {', '.join(targets)}")
        tally = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for path in paths:
            try:
                result = import_report(path=path, dry_run=dry_run)
            except (ReportParseError, ReportImportError) as exc:
                tally["failed"] += 1
                self.stderr.write(f"failed {exc}")
                continue
            tally[result.outcome] += 1
            self.stdout.write(result.summary())
            for resolution in result.resolutions:
                self.stdout.write(f"  resolves: {resolution}")
            for warning in result.warnings:
                self.stdout.write(f"  warning: {warning}")
        totals = ", ".join(f"{n} {k}" for k, n in tally.items())
        self.stdout.write(f"{'(dry run) ' if dry_run else ''}{len(paths)} reports: {totals}")
        if tally["failed"]:
            raise CommandError(f"{tally['failed']} of {len(paths)} reports failed")

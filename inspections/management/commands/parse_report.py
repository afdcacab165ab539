"""Print a report's extract without touching the database."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.importer import check_report_file
from inspections.reports import ACCEPTED_TYPES, ReportParseError, parse_file


def read_head(path: str) -> bytes:
    """The file's first kilobyte (a PDF is told by it), or nothing if it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(1024)
    except OSError:
        return b""  # parse_file says why


class Command(BaseCommand):
    help = (
        f"Parse an Ofsted report ({ACCEPTED_TYPES}) and print its extract; the database is not "
        "touched. Refuses what an import would refuse: files over REPORT_MAX_BYTES, other file "
        "types, unknown regulations, implausibly many requirements."
    )
    # It reads a file and prints its extract: it signs nothing and serves nothing, so it runs
    # without the system checks (and so without a SECRET_KEY, as scoring tools call it).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"path of the report ({ACCEPTED_TYPES})")
        parser.add_argument("--format", choices=["json", "summary"], default="json")

    def handle(self, *args, file, format, **options):
        try:
            check_report_file(name=file, source=file, head=read_head(file))
            extract = parse_file(file, max_bytes=settings.REPORT_MAX_BYTES)
        except ReportParseError as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(json.dumps(extract, indent=2, ensure_ascii=False))
            return
        insp = extract["inspection"]
        self.stdout.write(
            f"{extract['urn']} {insp['type']} {insp['start_date']}: "
            f"{len(extract['requirements'])} requirements, "
            f"{len(extract['recommendations'])} recommendations, "
            f"{len(extract['history'])} history rows"
        )
        for warning in extract["warnings"]:
            self.stdout.write(f"  warning: {warning}")

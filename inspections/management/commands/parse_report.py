"""Print a report's extract without touching the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from inspections.reports import ReportParseError, parse_file


class Command(BaseCommand):
    help = (
        "Parse an Ofsted report (PDF or text) and print its extract; the database is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the report (.pdf, .txt, .md)")
        parser.add_argument("--format", choices=["json", "summary"], default="json")

    def handle(self, *args, file, format, **options):
        try:
            extract = parse_file(file)
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

"""Bring every home's requirements to what its reported inspections say (raised again, or
not). Imports do this themselves; run it once after upgrading a database whose reports were
imported before resolution existed. Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from compliance.services.resolution import resolve_home
from providers.models import Home


class Command(BaseCommand):
    help = (
        "Resolve each home's earlier requirements against its later reported inspections. "
        "Prints each change; --dry-run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--urn", action="append", help="only this home (repeatable)")
        parser.add_argument("--dry-run", action="store_true", help="show, change nothing")

    def handle(self, *args, urn=None, dry_run=False, **options):
        homes = Home.objects.order_by("urn")
        if urn:
            homes = homes.filter(urn__in=urn)
        total = 0
        for home in homes.iterator():
            with transaction.atomic():
                changes = resolve_home(home_id=home.pk)
                if dry_run:
                    transaction.set_rollback(True)
            for change in changes:
                self.stdout.write(f"{home.urn}: {change.describe()}")
            total += len(changes)
        prefix = "(dry run) " if dry_run else ""
        self.stdout.write(f"{prefix}{total} requirement{'s' if total != 1 else ''} resolved")

"""Load the demo: the project's sample reports, the shared seed reports when present,
and one user per role."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from compliance.demo import SAMPLES_DIR, create_demo_users
from compliance.duties.demo import load_demo_duties


class Command(BaseCommand):
    help = (
        "Import the sample reports (and ../shared/seeds when present) and create the demo "
        "users, one per role. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shared", default="../shared", help="the shared folder whose seeds/ to import"
        )

    def handle(self, *args, shared, **options):
        targets = [str(SAMPLES_DIR)]
        seeds = Path(shared) / "seeds"
        if seeds.is_dir():
            targets.append(str(seeds))
        else:
            self.stdout.write(f"No seed reports at {seeds}: importing the samples only.")
        try:
            call_command("import_reports", *targets, stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            # Keep going: the demo users are still useful, and the failures were printed.
            self.stderr.write(f"Some reports failed to import: {exc}")
        users = create_demo_users()
        self.stdout.write(f"Demo monitoring duties for {load_demo_duties()} home(s).")  # issue 15
        self.stdout.write("\nDemo users (local demo only; passwords are fixed):")
        for demo in users:
            self.stdout.write(f"  {demo.role:<24} {demo.username:<10} {demo.password}")

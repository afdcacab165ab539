"""Generate realistic synthetic providers, homes, inspections and requirements."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from compliance.devtools.generator import generate_demo_data


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Add N synthetic homes with Y years of inspections and requirements (England scale: "
        "--homes 3500 --years 10). Same seed, same data. Adds to what the database holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=positive, required=True)
        parser.add_argument("--years", type=positive, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="the day the history runs up to (YYYY-MM-DD; default: today in London)",
        )
        parser.add_argument("--batch-size", type=positive, default=5000)

    def handle(self, *args, **options):
        chosen = {name: options[name] for name in ("homes", "years", "seed", "today", "batch_size")}
        try:
            report = generate_demo_data(
                **chosen, progress=lambda message: self.stdout.write(f"  ... {message}")
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Generated {report.providers} providers, {report.homes} homes, "
            f"{report.people} people, {report.users} manager users, "
            f"{report.inspections} inspections, {report.requirements} requirements "
            f"({report.active_requirements} open, in progress or not met, "
            f"{report.overdue_requirements} of them overdue) in {report.seconds:.1f} s."
        )

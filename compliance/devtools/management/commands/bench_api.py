"""Benchmark the REST API at scale on PostgreSQL (`make bench-api`); see
compliance.devtools.bench_api.

With --setup it first creates the database of DATABASE_URL if missing, migrates it, and
generates England-scale demo data (3,500 homes x 10 years) when it holds no homes. It then
refreshes the planner's statistics and prints a Markdown table. It measures; it asserts
nothing about the figures.
"""

import platform

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test.utils import override_settings

from compliance.devtools import bench_api as bench
from providers.models import Home


class Command(BaseCommand):
    help = "p50/p95 server time of each API list and summary endpoint, beside raw SQL."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=40, help="timed runs per endpoint")
        parser.add_argument(
            "--setup",
            action="store_true",
            help="create and migrate the database, and generate demo data if it has no homes",
        )
        parser.add_argument("--homes", type=int, default=3500)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, repeat, setup, homes, years, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_api measures PostgreSQL: set DATABASE_URL=postgres://... "
                "(make bench-api uses BENCH_API_DATABASE_URL)."
            )
        if setup:
            self._setup(homes=homes, years=years, seed=seed)
        if not Home.objects.exists():
            raise CommandError("No homes: run with --setup, or generate_demo_data first.")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # plans from current statistics, as in production
        who = [bench.staff_admin()]
        manager = bench.manager_of_largest_provider()
        if manager is not None:
            who.append(manager)
        busiest = self._busiest_home(manager)
        results = []
        no_throttle = {"API_THROTTLE_USER": None, "API_THROTTLE_ANON": None}
        with override_settings(**no_throttle):
            for role in who:
                for endpoint in bench.endpoints(
                    role, home=busiest, provider_id=busiest.provider_id
                ):
                    self.stderr.write(f"  {role.label}: {endpoint.name}")
                    results.append(bench.measure(role, endpoint, repeat=repeat))
        self.stdout.write(self._context(repeat))
        self.stdout.write(bench.table(results))

    def _setup(self, *, homes, years, seed):
        db = settings.DATABASES["default"]
        params = {
            "dbname": "postgres",
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
        }
        admin = psycopg2.connect(**{k: v for k, v in params.items() if v})
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cursor.fetchone() is None:
                self.stderr.write(f"creating database {db['NAME']}")
                cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
        admin.close()
        call_command("migrate", verbosity=0)
        if not Home.objects.exists():
            self.stderr.write(f"generating demo data: {homes} homes x {years} years")
            call_command(
                "generate_demo_data", homes=homes, years=years, seed=seed, stdout=self.stderr
            )

    @staticmethod
    def _busiest_home(manager) -> Home:
        """The home with most requirements among those the manager sees (or any home)."""
        homes = Home.objects.all()
        if manager is not None:
            homes = homes.filter(provider__memberships__user=manager.user)
        return homes.annotate(n=Count("inspections__requirements")).order_by("-n", "pk").first()

    @staticmethod
    def _context(repeat: int) -> str:
        counts = {}
        with connection.cursor() as cursor:
            for name, table in bench.T.items():
                if name in ("home", "inspection", "requirement", "provider"):
                    cursor.execute(f"SELECT count(*) FROM {table}")
                    counts[name] = cursor.fetchone()[0]
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        sizes = ", ".join(f"{n:,} {name}s" for name, n in counts.items())
        return (
            f"\nAPI benchmark: PostgreSQL {version}, Python {platform.python_version()}, "
            f"{sizes}; {repeat} timed runs each, server and raw SQL alternating.\n"
        )

"""`make bench-pages`: server-side render times of the dashboard pages at England scale.

Builds about 2,800 homes (one provider with 50 of them) with three years of inspections
and their requirements and history (compliance.devtools.generator) in a separate
database, then renders each page through Django's full request stack (middleware,
session, templates) as the role that uses it, and prints the median, 90th percentile and
worst time of the runs and the query count. It measures and reports; it is not a test and
fails nothing.

    python -m compliance.devtools.bench_pages [--runs 30] [--reuse]

PAGES_BENCH_DATABASE_URL picks the database (default: SQLite at var/bench-pages.sqlite3, built
afresh unless --reuse). Point it at an empty PostgreSQL database to measure there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_DIR / "var" / "bench-pages.sqlite3"
TARGETS_MS = {"dashboard, provider manager with 50 homes": 100, "home page": 50}


def configure(args) -> None:
    url = os.environ.get("PAGES_BENCH_DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if url.startswith("sqlite:///") and not args.reuse:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    Path(DEFAULT_DB).parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def refresh_statistics() -> None:
    """PostgreSQL's autovacuum analyses freshly loaded tables within a minute or so; do it
    now so plans are those of a running system. SQLite keeps no statistics unless asked,
    so it is measured without them (its worst case)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build(args):
    from django.core.management import call_command

    from compliance.devtools.generator import build_sample_world
    from compliance.rules import today_in_london
    from providers.models import User

    call_command("migrate", verbosity=0, interactive=False)
    if args.reuse and User.objects.filter(username="manager").exists():
        print("Reusing the existing benchmark database.")
        return None
    if User.objects.exists():
        raise SystemExit(
            "The benchmark database is not empty: give --reuse, or an empty database "
            "(a SQLite one is rebuilt on each run)."
        )
    started = time.perf_counter()
    world = build_sample_world(
        today=today_in_london(),
        homes=args.homes,
        big_provider_homes=50,
        years=3,
        seed=2026,
    )
    print(
        f"Built {world.homes} homes and {world.requirements} requirements "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return world


def pages():
    """(name, username, path) for each page measured."""
    from django.urls import reverse

    from compliance.services.calendar_feeds import create_calendar_feed
    from inspections.models import Requirement
    from providers.models import Home, Provider, User

    big = Provider.objects.order_by("pk").first()
    home = (
        Home.objects.filter(provider=big)
        .order_by("urn")
        .filter(inspections__requirements__status="open")
        .first()
    )
    requirement = (
        Requirement.objects.filter(inspection__home=home, status="open").order_by("pk").first()
    )
    _, token = create_calendar_feed(user=User.objects.get(username="manager"))
    return [
        ("dashboard, provider manager with 50 homes", "manager", reverse("dashboard")),
        ("dashboard, filtered to overdue", "manager", reverse("dashboard") + "?due=overdue"),
        ("dashboard, regulator (every home)", "regulator", reverse("dashboard")),
        ("home page", "manager", reverse("home-detail", args=[home.urn])),
        ("requirement page", "manager", reverse("requirement-detail", args=[requirement.pk])),
        ("compare two inspections", "manager", reverse("home-compare", args=[home.urn])),
        ("home search, most overdue first", "regulator", reverse("home-list") + "?sort=overdue"),
        ("home search by name", "regulator", reverse("home-list") + "?q=oak"),
        ("provider page (50 homes)", "regulator", reverse("provider-detail", args=[big.pk])),
        ("provider list", "regulator", reverse("provider-list")),
        ("regulation list", "regulator", reverse("regulation-list")),
        ("regulation page (reg. 12)", "regulator", reverse("regulation-detail", args=[12])),
        ("calendar feed (.ics)", "manager", reverse("calendar-feed", args=[token])),
    ]


def measure(runs: int) -> list[tuple[str, int, float, float, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from providers.models import User

    clients = {}
    rows = []
    for name, username, path in pages():
        if username not in clients:
            clients[username] = Client(HTTP_HOST="localhost")
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # now: each request start clears the query log
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}")
        client.get(path)  # warm caches once more
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        rows.append(
            (name, query_count, statistics.median(times), p90, times[-1], len(response.content))
        )
    return rows


def report(rows, vendor: str, runs: int) -> None:
    print(f"\nServer-side render times on {vendor}, {runs} runs each (ms):\n")
    print(f"{'page':44} {'queries':>7} {'median':>8} {'p90':>8} {'worst':>8} {'KB':>6}  aim")
    for name, queries, median, p90, worst, size in rows:
        target = TARGETS_MS.get(name)
        aim = f"< {target} ms: {'met' if median < target else 'MISSED'}" if target else ""
        print(
            f"{name:44} {queries:7d} {median:8.1f} {p90:8.1f} {worst:8.1f} "
            f"{size / 1024:6.0f}  {aim}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--homes", type=int, default=2800)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    configure(args)
    build(args)
    refresh_statistics()
    from django.db import connection

    rows = measure(args.runs)
    report(rows, connection.vendor, args.runs)


if __name__ == "__main__":
    main()

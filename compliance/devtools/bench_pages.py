"""`make bench-pages`: server-side render times of the pages at England scale on PostgreSQL.

Uses the England-scale database of `make bench-load` (generate_demo_data --homes 3500 --years
10 --seed 1, then ANALYZE; built once and reused: BENCH_LOAD_DATABASE_URL), then renders
each page through Django's full request stack (middleware, session, templates) as the role
that uses it: the manager of the largest provider (210 homes), the manager of a small one,
and a regulator. Prints the median, 90th percentile and worst time of the runs, the query
count and the page size. It measures and reports; it is not a test and fails nothing.

    python -m compliance.devtools.bench_pages [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The aims of issue 10 (p50, ms).
TARGETS_MS = {
    "dashboard, manager of the largest provider": 50,
    "regulation list, manager of the largest provider": 50,
    "home search by name, manager of the largest provider": 50,
    "home page, largest provider": 30,
}


def configure() -> None:
    from compliance.devtools import bench_load

    bench_load.ensure_database(bench_load.env())  # builds it on first use
    # As served: DEBUG off (templates and queries are not traced), with a throw-away key.
    os.environ.update(
        DATABASE_URL=bench_load.DB_URL,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        DJANGO_SETTINGS_MODULE="compliance.settings",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def people():
    """The users measured: the managers of the largest and of a small provider (made once
    in the bench database if missing), and a regulator."""
    from django.db.models import Count

    from providers.models import ProviderMembership, User

    memberships = ProviderMembership.objects.filter(role="manager").annotate(
        homes=Count("provider__homes")
    )
    largest = memberships.order_by("-homes", "pk").select_related("user", "provider").first()
    small = memberships.filter(homes__gte=1).order_by("homes", "pk").select_related("user").first()
    regulator, _ = User.objects.get_or_create(
        username="bench-regulator", defaults={"is_regulator": True}
    )
    return largest, small, regulator


def pages():
    """(name, user, path) for each page measured."""
    from django.urls import reverse

    from compliance.services.calendar_feeds import create_calendar_feed
    from inspections.models import Requirement
    from providers.models import Home

    largest, small, regulator = people()
    big, little = largest.user, small.user
    home = (
        Home.objects.filter(provider=largest.provider, inspections__requirements__status="open")
        .order_by("urn")
        .first()
    )
    small_home = Home.objects.filter(provider=small.provider).order_by("urn").first()
    requirement = (
        Requirement.objects.filter(inspection__home=home, status="open").order_by("pk").first()
    )
    _, token = create_calendar_feed(user=big)
    word = (home.name or "home").split()[0]
    n = Home.objects.filter(provider=largest.provider).count()
    return [
        ("dashboard, manager of the largest provider", big, reverse("dashboard")),
        (f"  (that provider has {n} homes)", None, None),
        ("dashboard, filtered to overdue", big, reverse("dashboard") + "?due=overdue"),
        (f"dashboard, manager of a small provider ({small.homes})", little, reverse("dashboard")),
        ("dashboard, regulator (every home)", regulator, reverse("dashboard")),
        ("home page, largest provider", big, reverse("home-detail", args=[home.urn])),
        ("home page, small provider", little, reverse("home-detail", args=[small_home.urn])),
        ("requirement page", big, reverse("requirement-detail", args=[requirement.pk])),
        ("compare two inspections", big, reverse("home-compare", args=[home.urn])),
        ("home search by name, manager of the largest provider", big, f"/homes/?q={word}"),
        ("home search, regulator, most overdue first", regulator, "/homes/?sort=overdue"),
        (
            "provider page, largest provider",
            big,
            reverse("provider-detail", args=[home.provider_id]),
        ),
        ("provider list, regulator", regulator, reverse("provider-list")),
        ("regulation list, manager of the largest provider", big, reverse("regulation-list")),
        ("regulation list, regulator", regulator, reverse("regulation-list")),
        (
            "regulation page (reg. 12), regulator",
            regulator,
            reverse("regulation-detail", args=[12]),
        ),
        ("calendar feed (.ics)", big, reverse("calendar-feed", args=[token])),
    ]


def measure(runs: int) -> list[tuple[str, int, float, float, float, int]]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    clients = {}
    rows = []
    for name, user, path in pages():
        if user is None:
            print(name)
            continue
        if user.pk not in clients:
            clients[user.pk] = Client(HTTP_HOST="localhost")
            clients[user.pk].force_login(user)
        client = clients[user.pk]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # now: each request start clears the query log
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}")
        client.get(path)  # warm caches once more
        times = sorted(_timed(client, path) for _ in range(runs))
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        # Again with the read cache on (in this process's memory), as with Redis when the
        # page's data is unchanged; pages it does not keep render as before.
        with override_settings(READ_CACHE_SECONDS=60):
            client.get(path)
            cached = statistics.median(_timed(client, path) for _ in range(runs))
        rows.append(
            (
                name,
                query_count,
                statistics.median(times),
                p90,
                times[-1],
                len(response.content),
                cached,
            )
        )
    return rows


def _timed(client, path) -> float:
    started = time.perf_counter()
    client.get(path)
    return (time.perf_counter() - started) * 1000


def report(rows, vendor: str, runs: int) -> None:
    print(f"\nServer-side render times on {vendor}, {runs} runs each (ms):\n")
    print(
        f"{'page':58} {'queries':>7} {'median':>8} {'p90':>8} {'worst':>8} {'KB':>6} "
        f"{'cached':>7}  aim (uncached, cached)"
    )
    for name, queries, median, p90, worst, size, cached in rows:
        target = TARGETS_MS.get(name)
        aim = ""
        if target:
            verdicts = ["met" if m <= target else "MISSED" for m in (median, cached) if m]
            aim = f"<= {target} ms: {', '.join(verdicts)}"
        shown = f"{cached:7.1f}" if cached else f"{'-':>7}"
        print(
            f"{name:58} {queries:7d} {median:8.1f} {p90:8.1f} {worst:8.1f} "
            f"{size / 1024:6.0f} {shown}  {aim}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    configure()
    from django.db import connection

    rows = measure(args.runs)
    report(rows, connection.vendor, args.runs)


if __name__ == "__main__":
    main()

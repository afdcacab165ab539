"""Fixtures for the dashboard tests: data that grows to a chosen size, so each page's query
count can be asserted at two sizes (tests/conftest.py empties the cache for each test)."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.models import Evidence, RequirementEvent
from compliance.rules import today_in_london
from inspections.models import Regulation, RequirementStatus
from tests.factories import (
    HomeFactory,
    InspectionFactory,
    RecommendationFactory,
    RequirementFactory,
)

STATUS_CYCLE = [
    RequirementStatus.OPEN,
    RequirementStatus.IN_PROGRESS,
    RequirementStatus.ACTION_COMPLETED,
    RequirementStatus.MET,
    RequirementStatus.NOT_MET,
]
REGULATION_CYCLE = [12, 13, 32, 34, 44]


@pytest.fixture
def today():
    return today_in_london()


def grow(home, *, inspections: int, requirements: int, today: dt.date | None = None):
    """Give `home` that many full inspections (weekly, the latest 30 days ago), each with
    `requirements` requirements of mixed status and due date (some overdue), a
    recommendation, one history-only inspection before them, history events and evidence.
    Returns the requirements created."""
    today = today or today_in_london()
    regulations = {r.number: r for r in Regulation.objects.filter(number__in=REGULATION_CYCLE)}
    made = []
    InspectionFactory(
        home=home,
        start_date=today - dt.timedelta(days=30 + 7 * inspections + 400),
        known_from_history_only=True,
        help_and_protection="",
        leadership_and_management="",
    )
    for i in range(inspections):
        inspection = InspectionFactory(
            home=home, start_date=today - dt.timedelta(days=30 + 7 * (inspections - 1 - i))
        )
        RecommendationFactory(inspection=inspection, sequence=1)
        for n in range(requirements):
            number = REGULATION_CYCLE[n % len(REGULATION_CYCLE)]
            requirement = RequirementFactory(
                inspection=inspection,
                sequence=n + 1,
                regulation=regulations[number],
                citation=f"Regulation {number}(1)",
                status=STATUS_CYCLE[(i + n) % len(STATUS_CYCLE)],
                due_date=today + dt.timedelta(days=(n * 9) % 60 - 20),
                compliance_notice=n == 0,
            )
            made.append(requirement)
    for requirement in made[::3]:
        event = RequirementEvent.objects.create(
            requirement=requirement,
            kind=RequirementEvent.Kind.STATUS,
            actor_name="Test",
            from_status="open",
            to_status=requirement.status,
            note="Moved in a fixture.",
        )
        Evidence.objects.create(
            requirement=requirement,
            event=event,
            file=f"evidence/{requirement.pk}/fixture.txt",
            original_name="fixture.txt",
            content_type="text/plain",
            size=4,
            sha256="0" * 64,
        )
    return made


def grow_homes(count: int, *, size: int, requirements: int | None = None, provider=None):
    """`count` new homes (of `provider`, or each of a provider of its own), each grown by
    `size` inspections of `size` requirements (or `requirements`) each."""
    for _ in range(count):
        home = HomeFactory() if provider is None else HomeFactory(provider=provider)
        grow(home, inspections=size, requirements=size if requirements is None else requirements)


@pytest.fixture
def grown(world, today):
    """Both providers' homes with a little data each."""
    mine = grow(world.home, inspections=2, requirements=3, today=today)
    theirs = grow(world.other_home, inspections=2, requirements=3, today=today)
    return mine, theirs

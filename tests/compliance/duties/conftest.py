"""Fixtures for the duty tests."""

import pytest

from compliance.duties import services
from compliance.rules import today_in_london


@pytest.fixture
def record_visit(world):
    """record_visit(**fields) -> a Regulation 44 visit to world.home, recorded through the
    service by its provider's manager on `today` (London's today unless given); `fields`
    override any of the service's arguments."""

    def record(*, today=None, **fields):
        today = today or today_in_london()
        defaults = {
            "home": world.home,
            "user": world.manager,
            "visit_date": today,
            "independent_person": "A",
        }
        return services.record_visit(**{**defaults, **fields}, today=today)

    return record


@pytest.fixture
def record_review(world):
    """record_review(period_start=..., period_end=..., **fields) -> a Regulation 45 review of
    world.home by its provider's manager, completed at the period's end unless
    `completed_on` is given, on `today` (London's today unless given)."""

    def record(*, period_start, period_end, completed_on=None, today=None, **fields):
        return services.record_review(
            home=world.home,
            user=world.manager,
            period_start=period_start,
            period_end=period_end,
            completed_on=completed_on or period_end,
            today=today or today_in_london(),
            **fields,
        )

    return record

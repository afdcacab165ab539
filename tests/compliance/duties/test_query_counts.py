"""Every duty list answers in a fixed number of queries, whatever its length."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.duties import services
from compliance.duties.models import Duty
from compliance.rules import today_in_london

pytestmark = pytest.mark.django_db
LISTS = [
    "/api/v1/duty-visits/",
    "/api/v1/duty-reviews/",
    "/api/v1/duty-notifications/",
    "/api/v1/duty-actions/",
    "/api/v1/homes/SC111111/duties/",
]


def add_records(world, count):
    today = today_in_london()
    now = timezone.now()
    for n in range(count):
        services.record_visit(
            home=world.home,
            user=world.manager,
            visit_date=today - dt.timedelta(days=n),
            independent_person=f"P{n}",
            today=today,
            recommendations=[f"Do {n}"],
        )
        services.record_review(
            home=world.home,
            user=world.manager,
            period_start=today - dt.timedelta(days=200 + n),
            period_end=today - dt.timedelta(days=n),
            completed_on=today - dt.timedelta(days=n),
            today=today,
        )
        services.record_notification(
            home=world.home,
            user=world.manager,
            duty=Duty.objects.get(code="reg40_police"),
            description="x",
            happened_at=now - dt.timedelta(hours=n + 1),
            now=now,
        )


def counts(client):
    out = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        out[url] = len(ctx)
    return out


@pytest.mark.parametrize("role", ["manager", "regulator"])
def test_lists_take_the_same_queries_for_2_and_12_rows(client_for, world, role):
    client = client_for(getattr(world, role))
    add_records(world, 2)
    few = counts(client)
    add_records(world, 10)
    assert counts(client) == few

"""The private iCalendar feed: created, read without a session, scoped, revocable."""

import datetime as dt

import pytest
from django.urls import reverse

from compliance.rules import UNRESOLVED_STATUSES
from compliance.services.calendar_feeds import create_calendar_feed, hash_feed_token
from inspections.models import Requirement, RequirementStatus
from providers.models import CalendarFeed
from tests.compliance.web.conftest import grow_homes
from tests.factories import InspectionFactory, RequirementFactory

SETTINGS = reverse("calendar-settings")


def feed_path(token):
    return reverse("calendar-feed", kwargs={"token": token})


def test_creating_a_feed_shows_its_url_once_and_stores_only_a_hash(client, world, settings):
    settings.SITE_URL = "https://tracker.example.org"
    client.force_login(world.manager)

    response = client.post(SETTINGS, {"action": "create"})

    url = response.context["new_url"]
    assert url.startswith("https://tracker.example.org/calendar/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=world.manager)
    assert feed.token_hash == hash_feed_token(token) and token not in feed.token_hash
    assert url not in client.get(SETTINGS).content.decode()


def test_feed_carries_the_users_due_dates_only(client, world, today):
    mine = RequirementFactory(
        inspection=InspectionFactory(home=world.home),
        due_date=today + dt.timedelta(days=5),
        citation="Regulation 12(1), children; safety",
    )
    RequirementFactory(inspection=InspectionFactory(home=world.home), status=RequirementStatus.MET)
    RequirementFactory(inspection=InspectionFactory(home=world.other_home))
    _, token = create_calendar_feed(user=world.manager)

    response = client.get(feed_path(token))  # no session: calendar apps have none

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:requirement-{mine.pk}@" in body
    assert f"DTSTART;VALUE=DATE:{mine.due_date:%Y%m%d}" in body
    assert "Regulation 12(1)\\, children\\; safety" in body
    assert all(line.endswith("\r") or not line for line in body.split("\n"))


def test_revoking_makes_the_url_404(client, world):
    _, token = create_calendar_feed(user=world.manager)
    client.force_login(world.manager)

    client.post(SETTINGS, {"action": "revoke"})

    assert client.get(feed_path(token)).status_code == 404


def test_replacing_revokes_the_old_url(client, world):
    _, old = create_calendar_feed(user=world.manager)
    _, new = create_calendar_feed(user=world.manager)
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200


def test_an_unknown_token_or_inactive_user_is_404(client, world):
    _, token = create_calendar_feed(user=world.manager)
    assert client.get(feed_path("not-a-real-token")).status_code == 404
    world.manager.is_active = False
    world.manager.save()
    assert client.get(feed_path(token)).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow_homes(size, size=size, provider=world.provider)
    _, token = create_calendar_feed(user=world.manager)
    with django_assert_num_queries(2):
        response = client.get(feed_path(token))
    expected = Requirement.objects.filter(
        inspection__home__provider=world.provider,
        status__in=UNRESOLVED_STATUSES,
        due_date__isnull=False,
    ).count()
    assert expected > 0 and response.content.count(b"BEGIN:VEVENT") == expected


@pytest.mark.parametrize("feeds", [1, 6])
def test_settings_page_query_count_is_fixed(client, world, feeds, django_assert_num_queries):
    for _ in range(feeds):
        create_calendar_feed(user=world.manager)  # each replaces the one before
    client.force_login(world.manager)
    with django_assert_num_queries(3):
        response = client.get(SETTINGS)
    assert "Working, created" in response.content.decode()

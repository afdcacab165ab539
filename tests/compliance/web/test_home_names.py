"""Provider managers give their homes names of their own; the name shows beside the URN in
pages, the API (with a filter and search), CSV files, the calendar feed and emails, and only
to those who may see the home."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from compliance.services.errors import ServiceError
from compliance.services.homes import name_home
from tests.factories import RequirementFactory

NAME = "Willow Lodge"


def name_url(home):
    return reverse("home-name", args=[home.urn])


@pytest.fixture
def named(world):
    RequirementFactory(inspection__home=world.home, due_date=dt.date(2026, 12, 20))
    name_home(home=world.home, user=world.manager, name=NAME)
    return world.home


def test_a_manager_names_a_home_from_its_page(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("home-detail", args=[world.home.urn])).content.decode()
    assert name_url(world.home) in page and "Not named yet" in page
    response = client.post(name_url(world.home), {"name": "  Willow   Lodge "}, follow=True)
    world.home.refresh_from_db()
    assert world.home.name == NAME
    assert (
        f"Saved: the home is now shown as {NAME} ({world.home.urn})." in response.content.decode()
    )
    client.post(name_url(world.home), {"name": ""})
    world.home.refresh_from_db()
    assert world.home.name == ""  # cleared: the URN alone again


def test_a_too_long_name_is_refused_and_what_was_typed_is_kept(client, world):
    client.force_login(world.manager)
    typed = "x" * 300
    page = client.post(name_url(world.home), {"name": typed}).content.decode()
    assert "Ensure this value has at most 255 characters" in page
    assert f'value="{typed}"' in page
    world.home.refresh_from_db()
    assert world.home.name == ""


@pytest.mark.parametrize("who", ["regulator", "responsible_individual", "registered_manager"])
def test_only_managers_and_admins_name_homes(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(name_url(world.home)).status_code == 403
    assert client.post(name_url(world.home), {"name": "X"}).status_code == 403
    with pytest.raises(ServiceError, match="Only the provider's managers"):
        name_home(home=world.home, user=getattr(world, who), name="X")
    page = client.get(reverse("home-detail", args=[world.home.urn])).content.decode()
    assert name_url(world.home) not in page
    client.force_login(world.admin)
    assert client.post(name_url(world.home), {"name": "By admin"}).status_code == 302


def test_another_providers_manager_and_an_outsider_get_404(client, world):
    client.force_login(world.outsider)
    assert client.get(name_url(world.home)).status_code == 404
    client.force_login(world.manager)
    assert client.get(name_url(world.other_home)).status_code == 404


def test_the_name_shows_beside_the_urn_in_pages(client, world, named):
    client.force_login(world.manager)
    for url in (
        reverse("dashboard"),
        reverse("home-list"),
        reverse("home-detail", args=[named.urn]),
    ):
        page = client.get(url).content.decode()
        assert NAME in page and named.urn in page, url


def test_the_api_shows_filters_and_searches_the_name(client, world, named):
    client.force_login(world.manager)
    (row,) = client.get("/api/v1/homes/?name=willow").json()["results"]
    assert row["name"] == NAME and row["urn"] == named.urn
    assert client.get("/api/v1/homes/?name=oak").json()["results"] == []
    assert [r["urn"] for r in client.get("/api/v1/homes/?search=lodge").json()["results"]] == [
        named.urn
    ]


def test_the_name_is_in_the_csv_the_calendar_and_the_email_summary(client, world, named):
    from compliance.services.calendar_feeds import create_calendar_feed

    client.force_login(world.manager)
    plan = client.get(f"/api/v1/homes/{named.urn}/action-plan/", HTTP_ACCEPT="text/csv")
    text = b"".join(plan.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and rows[0]["Home name"] == NAME
    _, token = create_calendar_feed(user=world.manager)
    ics = client.get(reverse("calendar-feed", args=[token])).content.decode()
    assert f"SUMMARY:{NAME} ({named.urn}): " in ics.replace("\r\n ", "")
    assert str(named) == f"{NAME} ({named.urn})"  # what the reminder email prints


def test_the_name_is_private_to_those_who_see_the_home(client, world, named):
    client.force_login(world.outsider)
    assert NAME not in client.get(reverse("home-list") + "?q=willow").content.decode()
    assert client.get("/api/v1/homes/?name=willow").json()["results"] == []
    client.force_login(world.regulator)
    assert client.get("/api/v1/homes/?name=willow").json()["results"][0]["name"] == NAME

"""Compliance summaries of a home and of a provider."""

import datetime as dt

import pytest

from compliance.counts import compliance_counts
from compliance.rules import today_in_london
from compliance.selectors import requirements_visible_to
from tests.factories import HomeFactory, InspectionFactory, RequirementFactory

pytestmark = pytest.mark.django_db

COUNTS = {
    # overdue, due today (repeat, reg 13), due soon, upcoming (in progress), undated,
    # awaiting (action completed, a day past due), met (reg 13, older inspection)
    "open": 5,
    "due_14": 2,
    "due_28": 2,
    "overdue": 1,
    "awaiting_confirmation": 1,
    "met": 1,
    "not_met": 0,
    "compliance_notices_open": 1,
    "repeated_open": 1,
    "raised_again": 0,
    "not_raised_again": 0,
}


def test_home_summary(world, findings, client_for):
    world.home.registered_manager.email = ""
    world.home.registered_manager.save()
    response = client_for(world.registered_manager).get("/api/v1/homes/SC111111/compliance/")
    assert response.status_code == 200
    body = response.json()
    assert body["today"] == today_in_london().isoformat()
    assert body["counts"] == COUNTS
    by_regulation = {row["regulation"]["number"]: row for row in body["by_regulation"]}
    assert set(by_regulation) == {12, 13}
    assert by_regulation[13]["met"] == 1 and by_regulation[13]["repeated_open"] == 1
    assert by_regulation[12]["open"] == 4 and by_regulation[12]["overdue"] == 1
    assert sum(row["open"] for row in body["by_regulation"]) == COUNTS["open"]

    recent = findings.overdue.inspection
    assert body["latest_inspection"]["id"] == recent.pk
    assert body["latest_full_inspection"]["overall_experiences"] == "good"
    assert body["latest_full_inspection"]["leadership_and_management"] == "requires_improvement"

    repeats = body["repeated_breaches"]
    assert repeats["count"] == 1
    assert repeats["items"][0]["id"] == findings.due_today.pk
    assert repeats["items"][0]["repeats"]["id"] == findings.met.pk
    assert repeats["list_url"].endswith("/api/v1/homes/SC111111/requirements/?repeated=true")
    notices = body["open_compliance_notices"]
    assert notices["count"] == 1
    assert [n["id"] for n in notices["items"]] == [findings.overdue.pk]
    assert notices["items"][0]["due_state"]["state"] == "overdue"
    assert body["people_without_email"] == [
        {
            "home": {
                "urn": "SC111111",
                "name": "",
                "url": "http://testserver/api/v1/homes/SC111111/",
            },
            "role": "registered manager",
            "person": {
                "id": world.home.registered_manager.pk,
                "name": world.home.registered_manager.name,
            },
        }
    ]


def test_the_list_links_of_a_summary_give_the_same_numbers(world, findings, client_for):
    client = client_for(world.manager)
    body = client.get("/api/v1/homes/SC111111/compliance/").json()
    for part in ("repeated_breaches", "open_compliance_notices"):
        listed = client.get(body[part]["list_url"] + "&count=true").json()
        assert listed["count"] == body[part]["count"], part


def test_lists_in_a_summary_are_cut_but_counts_are_whole(world, findings, client_for, settings):
    settings.API_SUMMARY_LIST_LIMIT = 1
    for _ in range(2):
        RequirementFactory(inspection=findings.overdue.inspection, compliance_notice=True)
    body = client_for(world.manager).get("/api/v1/homes/SC111111/compliance/").json()
    assert body["open_compliance_notices"]["count"] == 3
    assert len(body["open_compliance_notices"]["items"]) == 1


def test_provider_summary_covers_the_homes_the_user_may_see(world, findings, client_for):
    second = HomeFactory(provider=world.provider, urn="SC333333")
    today = today_in_london()
    inspection = InspectionFactory(
        home=second, start_date=today - dt.timedelta(days=20), overall_experiences="inadequate"
    )
    RequirementFactory(inspection=inspection, due_date=today - dt.timedelta(days=1))
    url = f"/api/v1/providers/{world.provider.pk}/compliance/"

    everything = client_for(world.manager).get(url).json()
    # The totals (added up per regulation) are what the shared compliance_counts says.
    requirements = requirements_visible_to(user=world.manager).filter(
        inspection__home__provider=world.provider
    )
    assert everything["counts"] == compliance_counts(requirements=requirements, today=today)
    assert everything["homes"] == 2
    assert everything["counts"]["open"] == COUNTS["open"] + 1
    assert everything["counts"]["overdue"] == COUNTS["overdue"] + 1
    assert everything["latest_judgements"] == {"good": 1, "inadequate": 1}

    # The registered manager of SC111111 sees the provider only through that home.
    own = client_for(world.registered_manager).get(url).json()
    assert own["homes"] == 1
    assert own["counts"] == COUNTS
    assert own["latest_judgements"] == {"good": 1}


def test_a_home_without_inspections_has_an_empty_summary(world, client_for):
    body = client_for(world.admin).get("/api/v1/homes/SC222222/compliance/").json()
    assert body["latest_inspection"] is None
    assert body["latest_full_inspection"] is None
    assert set(body["counts"].values()) == {0}
    assert body["by_regulation"] == []
    assert body["repeated_breaches"] == {
        "count": 0,
        "list_url": "http://testserver/api/v1/homes/SC222222/requirements/?repeated=true",
        "items": [],
    }

"""The changes feed: what was created or changed since a moment, page by page, in scope."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from tests.factories import HomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_delay(settings):
    settings.API_CHANGES_DELAY_SECONDS = 0


def read_all(client, url, size=2):
    """Follow `next` to the end; returns every item and the pages' `until`."""
    items, pages = [], 0
    url = f"{url}{'&' if '?' in url else '?'}page_size={size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["results"]) <= size
        items += body["results"]
        url, pages = body["next"], pages + 1
    return items, pages


def keys(items):
    return [(i["kind"], i["id"]) for i in items]


def test_without_since_everything_visible_is_listed_oldest_first(world, findings, client_for):
    client = client_for(world.manager)
    items, _ = read_all(client, "/api/v1/changes/", size=200)
    kinds = {i["kind"] for i in items}
    assert kinds == {"provider", "home", "person", "inspection", "requirement"}
    assert ("home", "SC111111") in keys(items)
    assert ("home", "SC222222") not in keys(items)
    assert all(i["change"] == "created" for i in items)
    moments = [i["changed_at"] for i in items]
    assert moments == sorted(moments)
    requirement = next(i for i in items if i["kind"] == "requirement")
    assert client.get(requirement["url"]).status_code == 200


def test_since_lists_only_what_changed_after_it(world, findings, client_for, manager_moves):
    client = client_for(world.manager)
    first = client.get("/api/v1/changes/").json()
    since = first["until"]
    assert client.get("/api/v1/changes/", {"since": since}).json()["results"] == []

    manager_moves(findings.due_soon, "in_progress", "Plan")
    after = client.get("/api/v1/changes/", {"since": since}).json()["results"]
    assert {(i["kind"], i["change"]) for i in after} == {
        ("requirement", "updated"),
        ("history", "created"),
    }
    history = [i for i in after if i["kind"] == "history"]
    assert len(history) == 2  # the owner change and the status change
    assert all(i["url"].endswith(f"/api/v1/requirements/{findings.due_soon.pk}/") for i in history)


def test_paging_with_next_sees_each_change_once_even_with_equal_times(world, client_for):
    moment = timezone.now() - dt.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        made = {HomeFactory().urn for _ in range(5)}
    client = client_for(world.admin)
    since = (moment - dt.timedelta(seconds=1)).isoformat()
    items, pages = read_all(client, f"/api/v1/changes/?since={since.replace('+', '%2B')}")
    homes = [i["id"] for i in items if i["kind"] == "home"]
    assert sorted(homes) == sorted({*made, "SC111111", "SC222222"})
    assert pages >= 3
    assert len(keys(items)) == len(set(keys(items)))


def test_a_row_changed_while_paging_is_seen_again_and_nothing_is_skipped(
    world, findings, client_for
):
    client = client_for(world.manager)
    first = client.get("/api/v1/changes/?page_size=3").json()
    world.provider.address = "2 New Street"
    world.provider.save()
    rest, _ = read_all(client, first["next"].split("testserver")[1])
    everything_now, _ = read_all(client, "/api/v1/changes/", size=500)
    seen = set(keys(first["results"])) | set(keys(rest))
    assert seen == set(keys(everything_now))
    assert keys(rest)[-1] == ("provider", str(world.provider.pk))


def test_the_feed_keeps_to_the_users_scope(world, findings, client_for):
    items, _ = read_all(client_for(world.registered_manager), "/api/v1/changes/", size=500)
    homes = {i["id"] for i in items if i["kind"] == "home"}
    assert homes == {"SC111111"}
    requirement_ids = {i["id"] for i in items if i["kind"] == "requirement"}
    assert str(findings.elsewhere.pk) not in requirement_ids
    outsider = client_for(world.outsider).get("/api/v1/changes/").json()
    assert outsider["results"] == [] and outsider["next"] is None


def test_kind_narrows_the_feed(world, findings, client_for):
    client = client_for(world.admin)
    items, _ = read_all(client, "/api/v1/changes/?kind=Home,provider", size=3)
    assert {i["kind"] for i in items} == {"home", "provider"}
    assert len(items) == 4


def test_the_last_seconds_are_held_back(world, findings, client_for, settings):
    settings.API_CHANGES_DELAY_SECONDS = 3600
    body = client_for(world.admin).get("/api/v1/changes/").json()
    assert body["results"] == []
    until = dt.datetime.fromisoformat(body["until"].replace("Z", "+00:00"))
    assert timezone.now() - until >= dt.timedelta(seconds=3599)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("since=2025-13-01T00:00:00Z", "since"),
        ("since=0001-01-01T00:00:00%2B14:00", "since"),
        ("since=2025-01-01T00:00:00Z&after=nonsense", "after"),
        ("after=provider:1", "since"),
        ("kind=homes", "kind"),
        ("page_size=0", "page_size"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(world, client_for, query, field):
    response = client_for(world.admin).get(f"/api/v1/changes/?{query}")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_a_date_alone_a_london_time_or_any_offset_is_understood(world, findings, client_for):
    client = client_for(world.admin)
    odd = client.get("/api/v1/changes/?since=0202-03-19T22:28:55%2B23:05")  # once a 500
    assert odd.status_code == 200
    assert odd.json()["since"] == "0202-03-18T23:23:55Z"
    assert client.get("/api/v1/changes/?since=2000-01-01").json()["results"]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/changes/?since={tomorrow}T00:00:00").json()["results"] == []


def test_the_monitoring_duties_records_are_in_the_feed_in_scope(world, client_for):
    from compliance.duties import services
    from compliance.duties.models import Visit

    today = dt.date(2026, 11, 20)
    visit = services.record_visit(
        home=world.home,
        user=world.manager,
        visit_date=today,
        independent_person="Ann",
        today=today,
        recommendations=["Refresh the training"],
        actions_due=today + dt.timedelta(days=28),
    )
    action = visit.actions.get()
    theirs = Visit.objects.create(home=world.other_home, visit_date=today, independent_person="B")
    wanted = "/api/v1/changes/?kind=duty_visit,duty_action"

    mine, _ = read_all(client_for(world.manager), wanted, size=1)
    assert keys(mine) == [("duty_visit", str(visit.pk)), ("duty_action", str(action.pk))]
    assert mine[1]["url"].endswith(f"/api/v1/duty-actions/{action.pk}/")
    everything, _ = read_all(client_for(world.regulator), wanted, size=5)
    assert ("duty_visit", str(theirs.pk)) in keys(everything)

    since = mine[-1]["changed_at"]
    services.change_action(action=action, user=world.manager, status="in_progress")
    later, _ = read_all(client_for(world.manager), f"{wanted}&since={since}", size=5)
    assert [(i["kind"], i["id"], i["change"]) for i in later] == [
        ("duty_action", str(action.pk), "updated")
    ]

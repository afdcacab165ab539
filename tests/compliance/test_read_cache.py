"""The read cache answers exactly what a fresh render would, after every kind of write: an
import, a status change, a resolution by a later inspection and its undoing, evidence, a
duty record, and deletes. It keeps each asker's answers apart, serves nobody what they may
not see, gives each asker their own CSRF token, and renders as usual when the cache fails."""

import contextlib
import datetime as dt
import os
import re
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from compliance.duties.services import record_visit
from compliance.readcache import generations
from compliance.services.lifecycle import change_status
from compliance.services.resolution import undo_resolution
from inspections.importer import import_report
from inspections.models import Requirement
from providers.models import Home
from tests.conftest import SAMPLES_DIR
from tests.factories import MembershipFactory, RequirementFactory, UserFactory

MARCH = SAMPLES_DIR / "SC900102_2026-03-10_full.txt"
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
UNTIL = re.compile(rb'"until":"[^"]+"')


@pytest.fixture
def read_cache(settings):
    settings.READ_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block that behaves as its own committed transaction: its on_commit callbacks run at
    its end. (The test's own transaction never commits, and the capture leaves callbacks
    it ran queued, so the changes noted before the block are forgotten first.)"""

    def forget():
        if hasattr(connection, "_readcache_pending"):
            del connection._readcache_pending

    @contextlib.contextmanager
    def block():
        forget()
        with django_capture_on_commit_callbacks(execute=True):
            yield
        forget()

    return block


@pytest.fixture
def imported(db, read_cache, committed):
    with committed():
        import_report(path=MARCH)
        home = Home.objects.get(urn="SC900102")
        manager = UserFactory(username="cached-manager")
        MembershipFactory(user=manager, provider=home.provider)
    return home, manager


def confirm_met(requirement) -> None:
    """A regulator confirms the requirement met: a status change."""
    change_status(
        requirement=requirement,
        user=UserFactory(is_regulator=True),
        to_status="met",
        note="Checked on a visit.",
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages(home) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("home-detail", args=[home.urn]),
        reverse("home-list") + "?q=" + home.urn,
        reverse("regulation-list"),
        f"/api/v1/homes/{home.urn}/requirements/",
        f"/api/v1/homes/{home.urn}/compliance/",
        "/api/v1/requirements/?overdue=true",
        "/api/v1/changes/?since=2020-01-01T00:00:00Z",
    ]


def body(response) -> bytes:
    """The answer, without what differs between two renders of the same data: the CSRF
    token, and the changes feed's `until` (the clock, which it may lag by the cache's time
    to live, as its schema says)."""
    assert response.status_code == 200, response.content[:300]
    return UNTIL.sub(b"UNTIL", TOKEN.sub(b"TOKEN", response.content))


def fresh(client, url, settings) -> bytes:
    settings.READ_CACHE_SECONDS = 0
    try:
        return body(client.get(url))
    finally:
        settings.READ_CACHE_SECONDS = 60


def assert_answers_fresh(client, home, settings, *, before: dict) -> None:
    """Every page equals a fresh render now; and at least one differs from `before` (so the
    write was one the pages show, and a stale answer would have failed here)."""
    now = {url: body(client.get(url)) for url in pages(home)}
    for url, answer in now.items():
        assert answer == fresh(client, url, settings), url
    assert any(now[url] != before[url] for url in now)


def warm(client, home) -> dict:
    answers = {url: body(client.get(url)) for url in pages(home)}
    for url, answer in answers.items():  # now from the cache, and the same
        assert body(client.get(url)) == answer, url
    return answers


def test_a_second_read_comes_from_the_cache(imported, django_assert_max_num_queries):
    home, manager = imported
    client = client_of(manager)
    url = reverse("home-detail", args=[home.urn])
    client.get(url)
    # The session, the user and the scope's providers; nothing of the page itself.
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_with_sessions_in_the_cache_a_hit_reads_only_the_user(
    imported, settings, django_assert_max_num_queries
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    home, manager = imported
    client = client_of(manager)
    url = reverse("home-detail", args=[home.urn])
    client.get(url)
    with django_assert_max_num_queries(1):  # the user; the session and scope are cached
        assert client.get(url).status_code == 200


def test_an_import_of_a_later_report_and_its_resolutions(imported, settings, committed):
    home, manager = imported
    client = client_of(manager)
    before = warm(client, home)
    with committed():
        import_report(path=SEPTEMBER)
    assert Requirement.objects.filter(status="raised_again").exists()
    assert_answers_fresh(client, home, settings, before=before)


def a_status_change_is_seen(imported, settings, committed) -> None:
    home, manager = imported
    client = client_of(manager)
    before = warm(client, home)
    requirement = Requirement.objects.filter(inspection__home=home).first()
    with committed():
        confirm_met(requirement)
    assert_answers_fresh(client, home, settings, before=before)


def test_a_status_change(imported, settings, committed):
    a_status_change_is_seen(imported, settings, committed)


def test_undoing_a_resolution(imported, settings, committed):
    home, manager = imported
    with committed():
        import_report(path=SEPTEMBER)
    client = client_of(manager)
    before = warm(client, home)
    resolved = Requirement.objects.filter(status="raised_again").first()
    with committed():
        undo_resolution(
            requirement=resolved, user=UserFactory(is_regulator=True), note="Wrong match."
        )
    assert_answers_fresh(client, home, settings, before=before)


def test_deleting_a_requirement_and_an_inspection(imported, settings, committed):
    home, manager = imported
    client = client_of(manager)
    latest = home.inspections.order_by("-start_date").first()
    extra = RequirementFactory(inspection=latest, sequence=99)
    before = warm(client, home)
    with committed():
        Requirement.objects.filter(pk=extra.pk).delete()
    assert_answers_fresh(client, home, settings, before=before)

    before = warm(client, home)
    inspection = home.inspections.order_by("-start_date").first()
    with committed():
        inspection.requirements.all().delete()
        inspection.recommendations.all().delete()
        inspection.delete()
    assert_answers_fresh(client, home, settings, before=before)


def test_a_duty_record_changes_the_home_page(imported, settings, committed):
    home, manager = imported
    client = client_of(manager)
    url = reverse("home-detail", args=[home.urn])
    before = body(client.get(url))
    with committed():
        record_visit(
            home=home,
            user=manager,
            visit_date=dt.date(2026, 11, 20),
            independent_person="A. Visitor",
            today=dt.date(2026, 11, 25),
        )
    after = body(client.get(url))
    assert after != before
    assert after == fresh(client, url, settings)


def test_a_rolled_back_write_leaves_no_change_pending(imported, settings, committed):
    """The rollback drops the pending changes with their on_commit callback; the next
    transaction's changes are noted afresh and renew the generations."""
    home, manager = imported
    client = client_of(manager)
    before = warm(client, home)
    requirement = Requirement.objects.filter(inspection__home=home).first()
    with pytest.raises(RuntimeError), transaction.atomic():
        requirement.detail = "Never saved."
        requirement.save()
        raise RuntimeError
    with committed():
        confirm_met(requirement)
    assert_answers_fresh(client, home, settings, before=before)


def test_another_providers_write_leaves_my_answers_but_not_the_regulators(
    imported, world, committed
):
    home, manager = imported
    regulator = world.regulator
    mine = generations.scope_generation(user=manager)
    everyone = generations.scope_generation(user=regulator)
    with committed():
        RequirementFactory(inspection__home=world.other_home)
    assert generations.scope_generation(user=manager) == mine
    assert generations.scope_generation(user=regulator) != everyone
    assert generations.scope_generation(user=AnonymousUser()) is not None


def test_nobody_is_served_what_they_may_not_see(imported, world):
    home, manager = imported
    client_of(manager).get(reverse("home-detail", args=[home.urn]))
    client_of(manager).get(f"/api/v1/homes/{home.urn}/requirements/")
    outsider = client_of(world.outsider)
    assert outsider.get(reverse("home-detail", args=[home.urn])).status_code == 404
    assert outsider.get(f"/api/v1/homes/{home.urn}/requirements/").status_code == 404
    assert Client().get(f"/api/v1/homes/{home.urn}/requirements/").status_code in (401, 403)
    other_manager = client_of(world.manager)
    assert home.urn.encode() not in other_manager.get(reverse("dashboard")).content


def test_the_checks_still_run_before_a_cached_answer(imported):
    home, manager = imported
    client = client_of(manager)
    assert client.get("/api/v1/requirements/?overdue=true").status_code == 200
    refused = client.get("/api/v1/requirements/?overdue=true&statuss=open")
    assert refused.status_code == 400
    assert "statuss" in refused.json()["fields"]


def test_a_cached_page_carries_the_askers_own_csrf_token(imported):
    home, manager = imported
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(manager)
    second.force_login(manager)
    url = reverse("dashboard")
    first.get(url)
    page = second.get(url).content  # from the cache, rendered for `first`
    assert b"readcache-csrf-token-placeholder" not in page
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    signed_out = second.post(reverse("signout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302


def test_a_page_with_messages_is_neither_served_nor_stored(imported):
    home, manager = imported
    client = client_of(manager)
    url = reverse("dashboard")
    client.get(url)  # stored
    # Choosing nothing flashes an error and goes back to the dashboard.
    flashed = client.post(reverse("requirements-owner"), {"next": url}, follow=True)
    assert b"Choose one or more requirements and an owner." in flashed.content
    assert b"Choose one or more requirements and an owner." not in client.get(url).content


def test_a_failing_cache_renders_the_page_as_usual(imported, monkeypatch):
    home, manager = imported
    client = client_of(manager)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("compliance.readcache.keys.scope_generation", down)
    assert client.get(reverse("home-detail", args=[home.urn])).status_code == 200
    assert client.get(f"/api/v1/homes/{home.urn}/requirements/").status_code == 200


def test_a_new_membership_widens_what_a_cached_user_sees(imported, world, committed):
    home, manager = imported
    client = client_of(manager)
    url = reverse("home-list")
    assert world.other_home.urn.encode() not in client.get(url).content
    with committed():
        MembershipFactory(user=manager, provider=world.other_provider)
    assert world.other_home.urn.encode() in client.get(url).content


def test_on_redis_one_client_serves_every_call_and_answers_stay_fresh(
    imported, settings, committed
):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the PostgreSQL/Redis pass runs this")
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "compliance.redis_cache.ReusedClientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-read-cache-{uuid.uuid4().hex}",  # nothing shared is touched
        }
    }
    cache = caches["default"]
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    a_status_change_is_seen(imported, settings, committed)

"""Playwright fixtures: Debian's chromium (never a downloaded browser), headless, against
pytest-django's live server on loopback.

Without /usr/bin/chromium these tests skip on a developer's machine and fail in CI
(CI=true), where .ci/run installs it. The live server needs committed rows, so these tests
are transactional and the database is flushed after each; they ask for serialized
rollback, so the regulations loaded by migrations are restored for each test.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.db import connection, connections

from compliance.devtools.screenshots import CHROMIUM_ARGS  # the one set of flags

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def empty_append_only_table(migration_name: str, *referring_tables: str) -> None:
    """Empty the append-only table that migration guards, so the database can be flushed.

    SQLite flushes with DELETE, which the append-only trigger refuses; PostgreSQL uses
    TRUNCATE, which row triggers do not see. So on SQLite only, and only in clean-ups, the
    trigger is dropped, the tables referring to that table and then the table itself are
    emptied, and the trigger is put back exactly as the migration made it."""
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module(migration_name)
    with connection.cursor() as cursor:
        for statement in migration.SQLITE_DOWN:
            cursor.execute(statement)
        for table in (*referring_tables, migration.TABLE):
            cursor.execute(f"DELETE FROM {table}")
        for statement in migration.SQLITE_UP:
            cursor.execute(statement)


@pytest.fixture
def _history_flushable(live_server):
    """After the test, empty the requirement history (and its evidence)."""
    yield
    empty_append_only_table(
        "compliance.migrations.0002_requirement_event_append_only", "compliance_evidence"
    )


@pytest.fixture(scope="package")
def _chromium(django_db_setup):
    """Chromium, started once for the session's browser tests (each test gets its own
    context), and stopped when they are done so no other test runs beside its loop.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open,
    and Django refuses ORM calls made with a loop running unless told that is safe: here
    it is, the loop only drives the browser. So the flag is set for as long as chromium runs.
    Django also keeps its connections per context, so from here on the tests use a second
    connection to the same test database; it is given the first one's serialized copy, so
    each test's serialized rollback still restores the regulations the migrations load.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    before = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            _carry_serialized_contents(before)
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _carry_serialized_contents(before: dict) -> None:
    for alias, first in before.items():
        if hasattr(first, "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = first._test_serialized_contents


@pytest.fixture
def browser(live_server, django_db_serialized_rollback, _history_flushable, _chromium):
    """The session's chromium, for a test that has the live server and a database restored
    and flushed around it."""
    return _chromium


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (own cookies) and return its page."""
    contexts = []

    def open_page(*, javascript: bool = True, width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real page and wait for the page after sign-in."""
    if "/signin/" not in page.url:
        page.goto("/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/signin/" not in page.url, page.inner_text("main")

"""Shared fixtures: a small world of two providers and a user for every role, plus an outsider."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.factories import HomeFactory, MembershipFactory, ProviderFactory, UserFactory

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR", PROJECT_DIR.parent / "shared"))
SEEDS_DIR = SHARED_DIR / "seeds"
GOLDENS_DIR = SHARED_DIR / "goldens"
SAMPLES_DIR = PROJECT_DIR / "samples" / "reports"


def pytest_runtest_setup(item):
    """`@pytest.mark.postgres`: skip on another database (SQLite runs one writer at a time,
    and some measurements mean PostgreSQL only). CI's second pass runs on PostgreSQL, so a CI
    run told to use PostgreSQL that finds another database fails instead of skipping."""
    if item.get_closest_marker("postgres") is None:
        return
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    if os.environ.get("CI") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("DATABASE_URL names PostgreSQL but the tests run on another database")
    pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed_paths():
    """The five shared seed reports; CI always has them, so their absence fails there."""
    paths = sorted(SEEDS_DIR.glob("*.txt"))
    if not paths:
        if os.environ.get("CI"):
            pytest.fail(f"no seed reports in {SEEDS_DIR}")
        pytest.skip(f"no seed reports in {SEEDS_DIR}")
    return paths


@dataclass
class World:
    """Two providers, each with a home, and one user per role."""

    provider: object
    home: object
    other_provider: object
    other_home: object
    manager: object
    responsible_individual: object
    registered_manager: object
    regulator: object
    admin: object
    outsider: object


@pytest.fixture
def world(db):
    provider = ProviderFactory(name="Oak Tree Care Limited")
    home = HomeFactory(provider=provider, urn="SC111111")
    other_provider = ProviderFactory(name="Elm Homes Limited")
    other_home = HomeFactory(provider=other_provider, urn="SC222222")

    manager = UserFactory(username="manager")
    MembershipFactory(user=manager, provider=provider)
    ri_user = UserFactory(username="ri")
    home.responsible_individual.user = ri_user
    home.responsible_individual.save()
    rm_user = UserFactory(username="rm")
    home.registered_manager.user = rm_user
    home.registered_manager.save()
    regulator = UserFactory(username="regulator", is_regulator=True)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    outsider = UserFactory(username="outsider")
    return World(
        provider=provider,
        home=home,
        other_provider=other_provider,
        other_home=other_home,
        manager=manager,
        responsible_individual=ri_user,
        registered_manager=rm_user,
        regulator=regulator,
        admin=admin,
        outsider=outsider,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is slow by design; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """The one cache reset: each test gets an empty in-memory cache, so throttle counters
    and cached pages never leak between tests (and a Redis cache shared with the Celery
    broker is never flushed by a test)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    # The read cache is off unless a test turns it on (tests/compliance/test_read_cache.py):
    # a test's writes never commit, so they would never renew its generations.
    settings.READ_CACHE_SECONDS = 0
    # Sessions in the database in every pass, so each page's fixed query count is one number
    # (with Redis the app reads them from the cache: tests/compliance/test_read_cache.py).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager():
    """Run Celery tasks in-process even when REDIS_URL is set (CI's second pass)."""
    from compliance.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def client_for():
    """client_for(user) -> an APIClient signed in as that user (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make

"""Sign-in throttling: after too many failures, attempts are refused even with the right
password, per username and address and per address."""

import time

import pytest
from django.urls import reverse

from compliance.web import throttle

SIGNIN = reverse("signin")
RIGHT = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SIGNIN_MAX_FAILURES = 3
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 5
    settings.SIGNIN_LOCKOUT_SECONDS = 600


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(SIGNIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_too_many_failures_lock_the_username_even_for_the_right_password(client, world):
    for _ in range(3):
        assert attempt(client, "manager", "wrong").status_code == 200

    response = attempt(client, "manager", RIGHT)

    assert response.status_code == 429
    assert "Too many failed attempts to sign in. Wait 10 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address(client, world):
    for _ in range(3):
        attempt(client, "manager", "wrong", address="10.0.0.1")
    assert attempt(client, "manager", RIGHT, address="10.0.0.2").status_code == 302


def test_usernames_are_matched_whatever_their_case(client, world):
    for name in ("manager", "MANAGER", " Manager"):
        attempt(client, name, "wrong")
    assert attempt(client, "manager", RIGHT).status_code == 429


def test_one_address_trying_many_usernames_is_stopped(client, world):
    for n in range(5):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "manager", RIGHT).status_code == 429


def test_success_forgets_earlier_failures(client, world):
    for _ in range(2):
        attempt(client, "manager", "wrong")
    assert attempt(client, "manager", RIGHT).status_code == 302
    client.logout()
    for _ in range(2):
        attempt(client, "manager", "wrong")
    assert attempt(client, "manager", RIGHT).status_code == 302


def test_failures_are_forgotten_after_the_window(client, world, settings):
    settings.SIGNIN_LOCKOUT_SECONDS = 1
    for _ in range(3):
        attempt(client, "manager", "wrong")
    assert attempt(client, "manager", RIGHT).status_code == 429
    time.sleep(1.1)
    assert attempt(client, "manager", RIGHT).status_code == 302


def test_forwarded_headers_are_not_trusted(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.9.9.9")
    assert throttle.client_address(request) == "10.9.9.9"

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


ADMIN_LOGIN = "/admin/login/"


def admin_attempt(client, password, address="10.0.0.1", username="admin"):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_ten_wrong_admin_passwords_lock_the_account_even_for_the_right_one(client, world, settings):
    # The shipped limits, not this module's smaller ones.
    settings.SIGNIN_MAX_FAILURES = 5
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 10
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 30
    for n in range(10):  # spread over two addresses, so no per-address lock is reached
        assert admin_attempt(client, "wrong", address=f"10.0.0.{n % 2}").status_code == 200

    for address in ("10.0.0.1", "10.7.7.7"):  # even from an address that never failed
        response = admin_attempt(client, RIGHT, address=address)
        assert response.status_code == 200
        assert "This account is locked" in response.content.decode()
        assert "/password-reset/" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_the_admin_lock_ends_when_the_lockout_ends(client, world, settings):
    settings.SIGNIN_LOCKOUT_SECONDS = 1
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 3
    for n in range(3):
        admin_attempt(client, "wrong", address=f"10.1.0.{n}")
    assert "This account is locked" in admin_attempt(client, RIGHT).content.decode()
    time.sleep(1.1)
    assert admin_attempt(client, RIGHT).status_code == 302
    assert client.session["_auth_user_id"] == str(world.admin.pk)


def test_admin_and_dashboard_sign_in_share_one_count(client, world):
    # SIGNIN_MAX_FAILURES = 3 per account and address here.
    admin_attempt(client, "wrong")
    admin_attempt(client, "wrong")
    attempt(client, "admin", "wrong")
    assert attempt(client, "admin", RIGHT).status_code == 429


def test_failures_are_counted_per_account_across_addresses(client, world, settings):
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 4
    for n in range(4):  # 4 addresses, one guess each: below every per-address limit
        attempt(client, "manager", "wrong", address=f"10.2.0.{n}")

    response = attempt(client, "manager", RIGHT, address="10.2.0.99")

    assert response.status_code == 429
    assert "This account is locked" in response.content.decode()
    assert "reset your password at /password-reset/" in response.content.decode()
    # Other accounts are not affected.
    assert attempt(client, "rm", RIGHT, address="10.2.0.99").status_code == 302


def test_with_one_trusted_proxy_the_forwarded_address_is_the_client(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4", REMOTE_ADDR="10.0.0.9")
    # The spoofed left part is ignored: our one proxy appended 1.2.3.4.
    assert throttle.client_address(request) == "1.2.3.4"
    assert throttle.client_address(rf.get("/", REMOTE_ADDR="10.0.0.9")) == "10.0.0.9"


def test_with_trusted_proxy_addresses_only_they_may_forward(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    via_proxy = rf.get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.0.0.5", REMOTE_ADDR="10.0.0.9"
    )
    assert throttle.client_address(via_proxy) == "1.2.3.4"
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="8.8.8.8")
    assert throttle.client_address(direct) == "8.8.8.8"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.9")
    assert throttle.client_address(garbage) == "10.0.0.9"


def test_behind_a_proxy_users_are_locked_per_client_not_all_at_once(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # one client behind the proxy tries five usernames
        client.post(
            SIGNIN,
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    blocked = client.post(
        SIGNIN,
        {"username": "manager", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other_client = client.post(
        SIGNIN,
        {"username": "manager", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert blocked.status_code == 429
    assert other_client.status_code == 302


def test_the_owner_of_a_locked_account_is_told_how_to_get_back_in_once(
    client, world, settings, eager, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 3
    settings.SITE_URL = "https://compliance.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):  # the lock starts at the third; later attempts are refused
            attempt(client, "manager", "wrong", address=f"10.4.0.{n}")
            attempt(client, "nobody-by-this-name", "wrong", address=f"10.4.1.{n}")

    (message,) = mail.outbox  # one for the real account, none for the unknown name
    assert message.to == ["manager@example.org"]
    assert "locked" in message.subject
    assert "https://compliance.example.org/password-reset/" in message.body
    assert "got the password wrong 3 times" in message.body

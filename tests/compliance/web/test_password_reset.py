"""Password reset by email: a link that lets the user choose a new password. The email is
sent by a Celery task queued after the request's transaction commits, so the request does
the same work whether or not the address has an account."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from compliance.web import throttle

RESET = reverse("password_reset")
pytestmark = pytest.mark.usefixtures("eager")  # the queued email task runs in-process


@pytest.fixture
def post_reset(client, django_capture_on_commit_callbacks):
    """POST the reset form and run what it queued for after commit (the task, in-process)."""

    def post(email, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, **extra)

    return post


def test_reset_sends_a_text_and_html_email_with_a_working_link(client, world, post_reset):
    response = post_reset("manager@example.org")

    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["manager@example.org"]
    assert message.subject == "Reset your password for Children's homes compliance"
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "Choose a new password" in html
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-better-pass-99", "new_password2": "a-much-better-pass-99"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    world.manager.refresh_from_db()
    assert world.manager.check_password("a-much-better-pass-99")


def test_unknown_addresses_get_the_same_answer_and_no_email(client, db, post_reset):
    response = post_reset("nobody@example.org")
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_bad_link_says_so(client, db):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link does not work" in response.content.decode()


def test_requests_are_throttled_per_address(client, world, settings, post_reset):
    settings.PASSWORD_RESET_MAX_REQUESTS = 2
    for _ in range(2):
        post_reset("manager@example.org")

    response = post_reset("manager@example.org")

    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("email", ["manager@example.org", "nobody@example.org"])
def test_the_request_only_queues_a_task_with_plain_values_known_or_not(
    client, world, email, django_capture_on_commit_callbacks
):
    with mock.patch("compliance.tasks.send_password_reset.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(RESET, {"email": email})
        # Nothing sent, nothing queued, until the transaction commits; then one task call.
        assert mail.outbox == [] and not delay.called
        assert len(callbacks) == 1
        callbacks[0]()

    assert response["Location"] == reverse("password_reset_done")
    delay.assert_called_once_with(email=email, domain="testserver", use_https=False)


def test_the_task_sends_to_an_account_and_to_nobody_else(world):
    from compliance.tasks import send_password_reset

    send_password_reset.delay(email="nobody@example.org", domain="x.example", use_https=True)
    assert mail.outbox == []
    send_password_reset.delay(email="manager@example.org", domain="x.example", use_https=True)
    (message,) = mail.outbox
    assert "https://x.example/password-reset/" in message.body


def test_a_password_reset_ends_the_sign_in_lock(client, world, settings, post_reset):
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 3
    for n in range(3):  # from three addresses: the account lock, not the address one
        client.post(
            reverse("signin"),
            {"username": "manager", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
    assert throttle.signin_refusal(username="manager", address="10.9.9.9") == "account"

    post_reset("manager@example.org")
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-better-pass-99", "new_password2": "a-much-better-pass-99"},
    )

    assert throttle.signin_refusal(username="manager", address="10.9.9.9") is None
    signed_in = client.post(
        reverse("signin"), {"username": "manager", "password": "a-much-better-pass-99"}
    )
    assert signed_in.status_code == 302

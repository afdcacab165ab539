"""Password reset by email: a link that lets the user choose a new password."""

import re

from django.core import mail
from django.urls import reverse

RESET = reverse("password_reset")


def test_reset_sends_a_text_and_html_email_with_a_working_link(client, world):
    response = client.post(RESET, {"email": "manager@example.org"})

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


def test_unknown_addresses_get_the_same_answer_and_no_email(client, db):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_bad_link_says_so(client, db):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link does not work" in response.content.decode()


def test_requests_are_throttled_per_address(client, world, settings):
    settings.PASSWORD_RESET_MAX_REQUESTS = 2
    for _ in range(2):
        client.post(RESET, {"email": "manager@example.org"})

    response = client.post(RESET, {"email": "manager@example.org"})

    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 2

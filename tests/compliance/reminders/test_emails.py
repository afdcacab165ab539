"""The digest email (subject, text, HTML, headers) and the unsubscribe link it carries."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from compliance.reminders.optout import unsubscribe_token
from inspections.models import Regulation
from providers.models import Person
from tests.compliance.reminders.support import london, sent_to, sweep_and_send
from tests.factories import PersonFactory, RequirementFactory

DUE = dt.date(2026, 6, 30)


@pytest.fixture
def digest(world, settings):
    """The RI's digest on 27 June 2026: one requirement due in 3 days, one 14 days over."""
    settings.SITE_URL = "https://compliance.example.org"
    soon = RequirementFactory(
        inspection__home=world.home,
        due_date=DUE,
        regulation=Regulation.objects.get(number=13),
        citation="Regulation 13(1)(a)",
    )
    late = RequirementFactory(
        inspection__home=world.home,
        due_date=DUE - dt.timedelta(17),
        citation="Regulation 12(2)(b)",
        compliance_notice=True,
    )
    sweep_and_send(london(DUE - dt.timedelta(3)))
    (message,) = sent_to(world.home.responsible_individual.email.lower())
    return message, soon, late


def test_subject_counts_what_needs_action(digest):
    message, _, _ = digest
    assert message.subject == "2 Ofsted requirements need action (1 overdue, 1 due soon)"


def test_text_lists_home_regulation_due_date_days_and_link_most_urgent_first(digest, world):
    message, soon, late = digest
    body = message.body
    assert f"Dear {world.home.responsible_individual.name}," in body
    assert body.index("Regulation 12(2)(b)") < body.index("Regulation 13(1)(a)")
    assert "Due 13 June 2026: 14 days overdue (compliance notice)" in body
    assert "Due 30 June 2026: 3 days left" in body
    assert f"{Regulation.objects.get(number=13)}\n" in body
    assert f"{Regulation.objects.get(number=12)}\n" in body
    assert f"{world.home.urn}, {world.provider.name}" in body
    assert f"https://compliance.example.org/requirements/{soon.pk}/" in body
    assert f"https://compliance.example.org/requirements/{late.pk}/" in body
    assert "Reminder: sent while it is overdue" in body
    assert f"Regulation 13(1)(a): {soon.summary}" in body and soon.summary  # what it is about
    assert "You get this email as responsible individual." in body
    assert "&#x27;" not in body and "&amp;" not in body  # plain text is not HTML-escaped


def test_html_part_has_the_same_requirements_and_links(digest):
    message, soon, late = digest
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    for requirement in (soon, late):
        assert f'href="https://compliance.example.org/requirements/{requirement.pk}/"' in html
    assert "14 days overdue" in html and "3 days left" in html and "30 June 2026" in html
    # Each link names its requirement (not a bare "Open", the same word as a status).
    assert f">{soon.citation} at {soon.inspection.home.urn}</a>" in html
    assert ">Open</a>" not in html
    assert soon.summary in html and late.summary in html


def test_list_unsubscribe_headers_point_at_a_signed_link(digest, world):
    message, _, _ = digest
    email = world.home.responsible_individual.email.lower()
    url = f"https://compliance.example.org/reminders/unsubscribe/{unsubscribe_token(email)}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].endswith("@compliance.example.org>")
    assert url in message.body


def test_an_escalation_says_so_in_the_subject(world):
    RequirementFactory(inspection__home=world.home, due_date=DUE)
    sweep_and_send(london(DUE + dt.timedelta(14)))
    (message,) = sent_to(world.manager.email)
    assert message.subject == "Escalation: 1 Ofsted requirement needs action (1 overdue)"
    assert "provider manager" in message.body
    assert "escalated to the provider's managers" in message.body
    # A manager is told only of escalations: there is nothing to opt out of, so no offer.
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/reminders/unsubscribe/" not in message.body
    ((html, _),) = message.alternatives
    assert "/reminders/unsubscribe/" not in html


# -- unsubscribe -----------------------------------------------------------------------


@pytest.fixture
def person(world):
    return world.home.registered_manager


def unsubscribe_path(email):
    return f"/reminders/unsubscribe/{unsubscribe_token(email)}/"


def test_get_asks_to_confirm_and_changes_nothing(client, person):
    response = client.get(unsubscribe_path(person.email))
    assert response.status_code == 200
    assert person.email in response.content.decode()
    assert b"Stop advance reminders" in response.content
    person.refresh_from_db()
    assert person.advance_reminders is True


def test_post_stops_advance_reminders_for_every_person_at_that_address(person, world):
    twin = PersonFactory(
        provider=world.other_provider, name=person.name, email=person.email.upper()
    )
    client = Client(enforce_csrf_checks=True)  # as a mail client's one-click POST
    response = client.post(
        unsubscribe_path(person.email),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert b"Advance reminders stopped" in response.content
    assert list(
        Person.objects.filter(pk__in=[person.pk, twin.pk]).values_list(
            "advance_reminders", flat=True
        )
    ) == [False, False]
    assert Person.objects.get(pk=world.home.responsible_individual.pk).advance_reminders is True


def test_a_tampered_link_is_refused_and_changes_nothing(client, person):
    token = unsubscribe_token(person.email)
    forged = token.replace(token.split(":")[0], unsubscribe_token("x@y.org").split(":")[0])
    for path in (f"/reminders/unsubscribe/{forged}/", "/reminders/unsubscribe/nonsense/"):
        response = client.post(path)
        assert response.status_code == 400
        assert b"This link is not valid" in response.content
    person.refresh_from_db()
    assert person.advance_reminders is True


def test_after_unsubscribing_only_reminders_from_the_day_on_come(client, person, world):
    RequirementFactory(inspection__home=world.home, due_date=DUE)
    client.post(unsubscribe_path(person.email))
    sweep_and_send(london(DUE - dt.timedelta(7)))
    assert sent_to(person.email.lower()) == []
    assert len(mail.outbox) == 1  # the responsible individual's
    sweep_and_send(london(DUE))
    assert len(sent_to(person.email.lower())) == 1


def test_the_day_counts_agree_when_a_reminder_goes_out_a_day_late(world):
    """Planned for 14 days overdue, sent on day 15: the email says 15, once, and its reason
    holds no count of its own to disagree with."""
    import uuid

    from compliance.models import Reminder
    from compliance.reminders.digests import build_digest

    late = RequirementFactory(inspection__home=world.home, due_date=DUE)
    person = world.home.responsible_individual
    reminder = Reminder(
        requirement=late,
        kind="overdue_14",
        for_date=DUE + dt.timedelta(14),
        email=person.email.lower(),
        person=person,
        roles="responsible individual",
    )
    message = build_digest(
        email=reminder.email,
        reminders=[reminder],
        today=DUE + dt.timedelta(15),
        digest_id=uuid.uuid4(),
    )
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "15 days overdue" in body
        assert "14 day" not in body
        assert "sent while it is overdue" in body


def test_each_item_names_its_owner_and_next_step(digest, world):
    message, soon, late = digest
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Owner: No owner yet. Next step: Name an owner and start work" in body
    assert f">Regulation 12(2)(b) at {world.home}</a>" in html  # the link names its requirement
    late.owner = world.home.registered_manager
    late.status = "in_progress"
    late.save()
    from compliance.reminders.digests import DigestItem
    from compliance.rules import requirement_due_state

    item = DigestItem(requirement=late, state=requirement_due_state(late, DUE), link="")
    assert item.owner == world.home.registered_manager.name
    assert item.next_step.startswith("Finish the actions")

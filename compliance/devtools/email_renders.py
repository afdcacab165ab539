"""Every email template written out as a page, for `make screenshots` to photograph at desktop
and phone widths: the reminder digest (to staff with its monitoring duties, and an escalation
to a manager), the duty reminders alone, the password reset and the account-locked email.
HTML parts as sent; plain-text parts in a <pre>, as a mail client shows them. Runs inside the
screenshots' sample world (Django set up)."""

from __future__ import annotations

import datetime as dt
import html
import uuid
from pathlib import Path

from django.template.loader import render_to_string

SAMPLE_SITE = {"protocol": "https", "domain": "compliance.example.org"}


def _text_page(subject: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="margin: 12px; font-size: 15px;">'
        f"<p><strong>Subject:</strong> {html.escape(subject)}</p>"
        '<pre style="white-space: pre-wrap; overflow-wrap: anywhere; font-family: monospace;">'
        f"{html.escape(body)}</pre>"
        "</body></html>"
    )


def _kind(due: dt.date, today: dt.date) -> str:
    """The ledger kind a sweep would give on `today` (weekly while overdue)."""
    if due > today:
        return f"advance_{(due - today).days}"
    if due == today:
        return "due_today"
    return f"overdue_{(today - due).days // 7 * 7 or 7}"


def _digest_reminders(*, today: dt.date):
    """Unsaved ledger rows for a responsible individual's digest and a manager's escalation."""
    from compliance.models import Reminder
    from inspections.models import Requirement

    active = (
        Requirement.objects.filter(status__in=["open", "in_progress"], due_date__isnull=False)
        .exclude(inspection__home__responsible_individual__email="")
        .select_related("inspection__home__responsible_individual", "owner", "regulation")
        .order_by("due_date")
    )
    chosen = list(active[:3])
    person = chosen[0].inspection.home.responsible_individual
    staff = [
        Reminder(
            requirement=r,
            kind=_kind(r.due_date, today),
            for_date=today,
            email=person.email.lower(),
            person=person,
            roles="responsible individual",
        )
        for r in chosen
    ]
    escalation = [
        Reminder(
            requirement=chosen[0],
            kind="escalation_14",
            for_date=today,
            email="manager@example.org",
            roles="provider manager",
        )
    ]
    return staff, escalation


def _duty_rows(*, person, today: dt.date):
    """Unsaved duty ledger rows for the same digest, as the sweep plans them today (a month
    without a Regulation 44 visit, and an action from a visit or review), sent to `person`."""
    import dataclasses

    from compliance.duties.models import DutyReminder
    from compliance.duties.reminders import plan_duty_reminders

    planned = plan_duty_reminders(today=today)
    wanted = (lambda p: p.kind == "missing_visit", lambda p: p.action_id is not None)
    picks = [next((p for p in planned if wants(p)), None) for wants in wanted]
    return [
        DutyReminder(**{**dataclasses.asdict(p), "email": person.email.lower(), "person": person})
        for p in picks
        if p is not None
    ]


def write_emails(folder: Path, *, today: dt.date) -> dict[str, str]:
    """Write each email as a page in `folder`; returns {name: path}."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from compliance.duties.reminders import duty_email
    from compliance.reminders.digests import build_digest
    from providers.models import User

    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}
    staff, escalation = _digest_reminders(today=today)
    duties = _duty_rows(person=staff[0].person, today=today)
    for name, rows, duty_rows in (
        ("email-digest", staff, duties),
        ("email-escalation", escalation, ()),
    ):
        message = build_digest(
            email=rows[0].email,
            reminders=rows,
            today=today,
            digest_id=uuid.uuid4(),
            duties=duty_rows,
        )
        pages[f"{name}-html"] = message.alternatives[0][0]
        pages[f"{name}-text"] = _text_page(message.subject, message.body)
    if duties:  # an address with duty reminders only
        only_duties = duty_email(duties[0].email, duties)
        pages["email-duties-html"] = only_duties.alternatives[0][0]
        pages["email-duties-text"] = _text_page(only_duties.subject, only_duties.body)

    user = User.objects.order_by("pk").first()
    context = {
        **SAMPLE_SITE,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "email": user.email,
        "site_name": "Children's homes compliance",
    }
    subject = render_to_string("registration/password_reset_subject.txt", context).strip()
    pages["email-password-reset-html"] = render_to_string(
        "registration/password_reset_email.html", context
    )
    pages["email-password-reset-text"] = _text_page(
        subject, render_to_string("registration/password_reset_email.txt", context)
    )
    locked = render_to_string(
        "registration/account_locked_email.txt",
        {
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "failures": 10,
            "minutes": 15,
            "reset_url": "https://compliance.example.org/password-reset/",
        },
    )
    pages["email-account-locked-text"] = _text_page("Your account is locked for now", locked)

    written = {}
    for name, page in pages.items():
        path = folder / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        written[name] = str(path)
    return written

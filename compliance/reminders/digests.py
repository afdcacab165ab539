"""The digest email: every reminder one address gets in a sweep, in one message.

Subject, plain text and HTML each have a template under templates/emails/. Each
requirement shows its home, regulation, due date, days left or over (from the shared
`due_state` rule) and a link; the message carries List-Unsubscribe (RFC 2369) and
List-Unsubscribe-Post (RFC 8058, one-click) pointing at a signed link that stops advance
reminders only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from compliance.models import Reminder
from compliance.reminders.optout import unsubscribe_token
from compliance.reminders.planning import ESCALATION, email_reason, kind_family
from compliance.rules import DueState, requirement_due_state
from inspections.models import Requirement, RequirementStatus


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(email: str) -> str:
    return absolute_url(reverse("reminders:unsubscribe", args=[unsubscribe_token(email)]))


@dataclass
class DigestItem:
    requirement: Requirement
    state: DueState
    link: str
    kinds: list[str] = field(default_factory=list)

    @property
    def home(self):
        return self.requirement.inspection.home

    @property
    def escalated(self) -> bool:
        return any(kind_family(kind) == ESCALATION for kind in self.kinds)

    @property
    def owner(self) -> str:
        return self.requirement.owner.name if self.requirement.owner_id else "No owner yet"

    @property
    def next_step(self) -> str:
        """What to do now, from where the requirement stands."""
        status = self.requirement.status
        if status == RequirementStatus.IN_PROGRESS:
            return "Finish the actions, then mark it action completed with evidence."
        if status == RequirementStatus.NOT_MET:
            return "Not met when checked: act again and attach new evidence."
        if not self.requirement.owner_id:
            return "Name an owner and start work, with a note of the plan."
        return "Start work, with a note of the plan."

    @property
    def why(self) -> str:
        return "; ".join(dict.fromkeys(email_reason(kind) for kind in self.kinds))


def digest_items(reminders: list[Reminder], *, today: dt.date) -> list[DigestItem]:
    """One item per requirement (an address may hold two kinds for one requirement: an
    overdue reminder and an escalation), most urgent first."""
    items: dict[int, DigestItem] = {}
    for reminder in reminders:
        requirement = reminder.requirement
        if requirement.pk not in items:
            items[requirement.pk] = DigestItem(
                requirement=requirement,
                state=requirement_due_state(requirement, today),
                link=absolute_url(reverse("requirement-detail", args=[requirement.pk])),
            )
        items[requirement.pk].kinds.append(reminder.kind)
    return sorted(
        items.values(),
        key=lambda i: (i.state.days_left, i.home.urn, i.requirement.sequence),
    )


def summary(items: list[DigestItem]) -> str:
    """'2 overdue, 1 due today, 3 due soon'."""
    counts = Counter(item.state.label.lower() for item in items)
    return ", ".join(f"{n} {label}" for label, n in counts.items())


def _duty_act(row) -> str:
    """The words before a duty reminder's link."""
    return "Update the action" if row.action_id is not None else "Record it on the home's page"


def _duty_link(row) -> str:
    """Where a duty reminder's reader acts on it: an action's own page, else the home's monitoring
    section."""
    if row.action_id is not None:
        return absolute_url(reverse("duty-action", args=[row.action_id]))
    return absolute_url(reverse("home-detail", args=[row.home.urn])) + "#monitoring-heading"


def build_digest(
    *,
    email: str,
    reminders: list[Reminder],
    today: dt.date,
    digest_id: uuid.UUID,
    duties=(),
) -> EmailMultiAlternatives:
    """One address's email: its requirement reminders and, below them, its monitoring-duty
    reminders (DutyReminder rows, issue 15) from the same sweep; either may be empty, not
    both."""
    items = digest_items(reminders, today=today)
    duty_items = [
        {
            "home": row.home,
            "message": row.message,
            "link": _duty_link(row),
            "act": _duty_act(row),
        }
        for row in duties
    ]
    # The people reminded (provider managers, told only of escalations, are none of them).
    people = [r.person for r in reminders if r.person_id] or [
        d.person for d in duties if d.person_id
    ]
    roles = dict.fromkeys(role.strip() for r in reminders for role in r.roles.split(","))
    context = {
        "items": items,
        "count": len(items),
        "duty_items": duty_items,
        "duty_count": len(duty_items),
        "summary": summary(items),
        "escalated": any(item.escalated for item in items),
        "escalation_days": settings.REMINDER_ESCALATION_DAYS,
        "today": today,
        "name": people[0].name if people else "",
        "roles": ", ".join(role for role in roles if role),
        # Opting out stops a person's advance reminders; a provider manager, told only of
        # escalations, has nothing to opt out of, so is offered no link.
        "unsubscribe_url": unsubscribe_url(email) if people else "",
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("emails/reminder_digest_subject.txt", context).split())
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    headers = {
        "Message-ID": f"<reminder-digest.{digest_id}@{domain}>",
        "Auto-Submitted": "auto-generated",
        "X-Reminder-Digest": str(digest_id),
    }
    if context["unsubscribe_url"]:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminder_digest.txt", context),
        to=[email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("emails/reminder_digest.html", context), "text/html"
    )
    return message

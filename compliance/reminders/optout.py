"""Opting out of advance reminders through a signed link (no sign-in needed).

The link carries the address, signed with SECRET_KEY, so it cannot be forged for another
address. It only ever turns off reminders before a due date: overdue reminders and
escalations are a legal duty's last warning and cannot be switched off.
"""

from __future__ import annotations

from django.core import signing

from compliance.readcache.generations import changed
from providers.models import Person

SALT = "compliance.reminders.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT)


def email_from_token(token: str) -> str | None:
    """The address a token was made for, or None if it was not made by us."""
    try:
        email = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None


def opt_out_of_advance_reminders(*, email: str) -> int:
    """Stop advance reminders for every person with this address; returns how many."""
    people = Person.objects.filter(email__iexact=email, advance_reminders=True)
    # An update sends no signals: tell the read cache whose pages show these people.
    changed(provider_ids=people.values_list("provider_id", flat=True).distinct())
    return people.update(advance_reminders=False)

"""Reads shared by the API, the dashboard and the workers. Everything a user sees starts
from `homes_visible_to`, so scope is decided in one place."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from compliance.rules import (
    active_q,
    awaiting_confirmation_q,
    due_within_q,
    overdue_q,
)
from inspections.models import Inspection, Requirement, RequirementStatus
from providers.models import Home, User
from providers.selectors import homes_visible_to


def requirements_visible_to(*, user: User) -> QuerySet[Requirement]:
    """Requirements of the homes this user may see, with what a list row needs."""
    return Requirement.objects.filter(
        inspection__home__in=homes_visible_to(user=user)
    ).select_related("inspection__home__provider", "regulation", "owner")


def inspections_visible_to(*, user: User) -> QuerySet[Inspection]:
    return Inspection.objects.filter(home__in=homes_visible_to(user=user)).select_related(
        "home__provider"
    )


def compliance_counts(*, requirements: QuerySet[Requirement], today: dt.date) -> dict[str, int]:
    """Counts of requirements by where they stand, in one query."""
    return requirements.aggregate(
        open=Count("pk", filter=active_q()),
        due_14=Count("pk", filter=due_within_q(today, 14)),
        due_28=Count("pk", filter=due_within_q(today, 28)),
        overdue=Count("pk", filter=overdue_q(today)),
        awaiting_confirmation=Count("pk", filter=awaiting_confirmation_q()),
        met=Count("pk", filter=Q(status=RequirementStatus.MET)),
        not_met=Count("pk", filter=Q(status=RequirementStatus.NOT_MET)),
        compliance_notices_open=Count("pk", filter=active_q() & Q(compliance_notice=True)),
        repeated_open=Count("pk", filter=active_q() & Q(repeat_of__isnull=False)),
    )


def homes_missing_reminder_emails(*, homes: QuerySet[Home]) -> list[dict]:
    """Homes whose responsible individual or registered manager has no email address,
    so reminders cannot reach them. One query."""
    rows = (
        homes.filter(
            Q(responsible_individual__isnull=False, responsible_individual__email="")
            | Q(registered_manager__isnull=False, registered_manager__email="")
        )
        .select_related("responsible_individual", "registered_manager")
        .order_by("urn")
    )
    missing = []
    for home in rows:
        for role, person in (
            ("responsible individual", home.responsible_individual),
            ("registered manager", home.registered_manager),
        ):
            if person is not None and not person.email:
                missing.append({"home": home, "role": role, "person": person})
    return missing

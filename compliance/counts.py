"""Counts of requirements by where they stand: the figures of the dashboard, the provider
and home pages and the API's compliance summaries.

`compliance_counts` counts the rows themselves (any set of requirements, filtered or not).
Over many homes the `*_of_homes` forms read the kept RequirementCounts instead (status
counts, kept true by compliance.services.counts) and count only the active rows for the
figures that change with the date; tests check both give the same numbers.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from compliance.models import RequirementCounts
from compliance.rules import (
    DUE_WITHIN_DAYS,
    active_q,
    awaiting_confirmation_q,
    due_within_q,
    overdue_q,
)
from compliance.selectors import replaces_earlier
from inspections.models import Requirement, RequirementStatus
from providers.models import Home


def compliance_counts(*, requirements: QuerySet[Requirement], today: dt.date) -> dict[str, int]:
    """Counts of requirements by where they stand, in one query."""
    return requirements.aggregate(**_count_expressions(today))


def _count_expressions(today: dt.date) -> dict[str, Count]:
    """The counts of compliance_counts, as expressions, so per-group counts match them."""
    return {**status_count_expressions(), **dated_count_expressions(today)}


def status_count_expressions() -> dict[str, Count]:
    """The counts that change only when a requirement does (kept in RequirementCounts)."""
    return dict(
        open=Count("pk", filter=active_q()),
        awaiting_confirmation=Count("pk", filter=awaiting_confirmation_q()),
        met=Count("pk", filter=Q(status=RequirementStatus.MET)),
        not_met=Count("pk", filter=Q(status=RequirementStatus.NOT_MET)),
        compliance_notices_open=Count("pk", filter=active_q() & Q(compliance_notice=True)),
        repeated_open=Count("pk", filter=active_q() & Q(replaces_earlier())),
        raised_again=Count("pk", filter=Q(status=RequirementStatus.RAISED_AGAIN)),
        not_raised_again=Count("pk", filter=Q(status=RequirementStatus.NOT_RAISED_AGAIN)),
    )


def dated_count_expressions(today: dt.date) -> dict[str, Count]:
    """The counts that change with the date: read live, among the active requirements."""
    return dict(
        **{
            f"due_{days}": Count("pk", filter=due_within_q(today, days)) for days in DUE_WITHIN_DAYS
        },
        overdue=Count("pk", filter=overdue_q(today)),
    )


def compliance_counts_of_homes(*, homes: QuerySet[Home], today: dt.date) -> dict[str, int]:
    """compliance_counts of every requirement of `homes`, in two small queries: the kept
    status counts added up, and the dated counts among the active requirements only."""
    kept = RequirementCounts.objects.filter(home__in=homes).aggregate(
        **{key: Coalesce(Sum(key), 0) for key in STATUS_COUNTS}
    )
    dated = (
        Requirement.objects.filter(active_q(), inspection__home__in=homes)
        .order_by()
        .aggregate(**dated_count_expressions(today))
    )
    return {**kept, **dated}


def compliance_counts_by_regulation_of_homes(
    *, homes: QuerySet[Home], today: dt.date
) -> list[dict]:
    """compliance_counts_by_regulation of every requirement of `homes`, from the kept
    counts and the active requirements (two grouped queries), with each regulation's title."""
    kept = (
        RequirementCounts.objects.filter(home__in=homes)
        .values("regulation_id", "regulation__title")
        .annotate(**{key: Sum(key) for key in STATUS_COUNTS})
        .order_by("regulation_id")
    )
    dated = {
        row.pop("regulation_id"): row
        for row in Requirement.objects.filter(active_q(), inspection__home__in=homes)
        .order_by()
        .values("regulation_id")
        .annotate(**dated_count_expressions(today))
    }
    zero = dict.fromkeys(dated_count_expressions(today), 0)
    return [{**row, **dated.get(row["regulation_id"], zero)} for row in kept]


def compliance_counts_by_regulation(
    *, requirements: QuerySet[Requirement], today: dt.date
) -> list[dict]:
    """compliance_counts for each regulation cited among `requirements`, by number, with
    its title. One query."""
    return list(
        requirements.order_by()
        .values("regulation_id", "regulation__title")
        .annotate(**_count_expressions(today))
        .order_by("regulation_id")
    )


# The counts kept per home and regulation (RequirementCounts' columns).
STATUS_COUNTS = tuple(status_count_expressions())

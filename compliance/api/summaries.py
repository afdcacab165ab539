"""Compliance summaries of a home and of a provider, assembled from the shared selectors.

A fixed number of queries each, whatever the size of the home or provider: whole counts,
and lists cut to API_SUMMARY_LIST_LIMIT with a link to the full, paginated list.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Window

from compliance.counts import compliance_counts_by_regulation_of_homes
from compliance.selectors import (
    homes_missing_reminder_emails,
    judgement_counts,
    latest_inspections,
    open_compliance_notices,
    repeated_breaches,
    requirements_of_home,
    requirements_visible_to,
)
from providers.access import homes_visible_to
from providers.models import Home, Provider, User

COUNT_KEYS = (
    "open",
    "due_14",
    "due_28",
    "overdue",
    "awaiting_confirmation",
    "met",
    "not_met",
    "compliance_notices_open",
    "repeated_open",
    "raised_again",
    "not_raised_again",
)


def _common(*, requirements, homes, today: dt.date, list_url: str) -> dict:
    limit = settings.API_SUMMARY_LIST_LIMIT
    per_regulation = compliance_counts_by_regulation_of_homes(homes=homes, today=today)
    # Every requirement cites exactly one regulation, so the totals are the per-regulation
    # counts added up: the same numbers as compliance_counts, without reading the rows again.
    counts = {key: sum(row[key] for row in per_regulation) for key in COUNT_KEYS}
    # The listed rows show only their home: join nothing else.
    brief = requirements.select_related(None).select_related("inspection__home")
    # The whole count rides on each listed row (a window), saving a second pass.
    repeats = list(
        repeated_breaches(requirements=brief).annotate(total=Window(Count("pk")))[:limit]
    )
    notices = open_compliance_notices(requirements=brief)
    joiner = "&" if "?" in list_url else "?"
    return {
        "today": today,
        "counts": counts,
        "by_regulation": [
            {
                "regulation": {"number": row["regulation_id"], "title": row["regulation__title"]},
                **{key: row[key] for key in COUNT_KEYS},
            }
            for row in per_regulation
        ],
        "repeated_breaches": {
            "count": repeats[0].total if repeats else 0,
            "list_url": f"{list_url}{joiner}repeated=true",
            "items": repeats,
        },
        "open_compliance_notices": {
            "count": counts["compliance_notices_open"],
            "list_url": f"{list_url}{joiner}compliance_notice=true&status=open,in_progress",
            "items": list(notices[:limit]),
        },
        "people_without_email": homes_missing_reminder_emails(homes=homes),
    }


def home_compliance(*, home: Home, today: dt.date, list_url: str) -> dict:
    """`home` must be one the user may see (the view looked it up in their scope)."""
    homes = Home.objects.filter(pk=home.pk)
    requirements = requirements_of_home(home=home)
    return {
        "home": home,
        "latest_inspection": latest_inspections(homes=homes).first(),
        "latest_full_inspection": latest_inspections(homes=homes, judged_only=True).first(),
        **_common(requirements=requirements, homes=homes, today=today, list_url=list_url),
    }


def provider_compliance(*, user: User, provider: Provider, today: dt.date, list_url: str) -> dict:
    """Over the provider's homes that the user may see."""
    homes = homes_visible_to(user=user).filter(provider_id=provider.pk)
    requirements = requirements_visible_to(user=user).filter(
        inspection__home__provider_id=provider.pk
    )
    return {
        "provider": provider,
        "homes": homes.count(),
        "latest_judgements": judgement_counts(homes=homes),
        **_common(requirements=requirements, homes=homes, today=today, list_url=list_url),
    }

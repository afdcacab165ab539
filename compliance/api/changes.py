"""The changes feed: what was created or changed since a moment, for integrators who sync.

One query: a UNION of each kind's visible rows changed in the window, ordered by
(changed_at, kind, id), with keyset pagination. A client keeps the `next` link (or, when it
is null, asks again later with since=<until of the last page>); a row that changes while
the client pages moves to the end and is seen again, never skipped. Deletions are not in
the feed (requirements are never deleted once work has started on them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast

from compliance.duties import selectors as duty_selectors
from compliance.models import RequirementEvent
from compliance.selectors import (
    inspections_visible_to,
    people_visible_to,
    providers_visible_to,
    recommendations_visible_to,
    requirements_visible_to,
)
from providers.access import homes_visible_to
from providers.models import User

# kind -> (visible rows, the resource a client fetches, the column that says when it last
# changed). A "history" change is a new entry in a requirement's history (its reference is
# the requirement); a "home" is referred to by its URN.
KINDS = {
    "history": (
        lambda user: RequirementEvent.objects.filter(
            requirement__inspection__home__in=homes_visible_to(user=user)
        ),
        Cast("requirement_id", CharField()),
        "created_at",
    ),
    "home": (lambda user: homes_visible_to(user=user), F("urn"), "updated_at"),
    "inspection": (
        lambda user: inspections_visible_to(user=user),
        Cast("pk", CharField()),
        "updated_at",
    ),
    "person": (lambda user: people_visible_to(user=user), Cast("pk", CharField()), "updated_at"),
    "provider": (
        lambda user: providers_visible_to(user=user),
        Cast("pk", CharField()),
        "updated_at",
    ),
    "recommendation": (
        lambda user: recommendations_visible_to(user=user),
        Cast("pk", CharField()),
        "updated_at",
    ),
    "requirement": (
        lambda user: requirements_visible_to(user=user),
        Cast("pk", CharField()),
        "updated_at",
    ),
}
# The monitoring duties' records (issue 15): each write through compliance.duties.services
# saves its record, so `updated_at` says when it last changed (evidence included).
for _kind, _rows in (
    ("duty_action", duty_selectors.actions_visible_to),
    ("duty_notification", duty_selectors.notifications_visible_to),
    ("duty_review", duty_selectors.reviews_visible_to),
    ("duty_visit", duty_selectors.visits_visible_to),
):
    KINDS[_kind] = (
        lambda user, rows=_rows: rows(user=user),
        Cast("pk", CharField()),
        "updated_at",
    )
KIND_NAMES = sorted(KINDS)


@dataclass(frozen=True)
class Cursor:
    """Where the previous page stopped: its last row's (changed_at, kind, id)."""

    changed_at: dt.datetime
    kind: str
    row_id: int


@dataclass(frozen=True)
class Change:
    kind: str
    row_id: int
    ref: str
    created_at: dt.datetime
    changed_at: dt.datetime


def _window(kind: str, column: str, since, cursor: Cursor | None, until) -> Q:
    window = Q(**{f"{column}__lte": until})
    if cursor is None:
        return window & Q(**{f"{column}__gt": since}) if since else window
    at = cursor.changed_at
    if kind > cursor.kind:
        return window & Q(**{f"{column}__gte": at})
    if kind == cursor.kind:
        return window & (Q(**{f"{column}__gt": at}) | Q(**{column: at, "pk__gt": cursor.row_id}))
    return window & Q(**{f"{column}__gt": at})


def changes(
    *,
    user: User,
    since: dt.datetime | None,
    until: dt.datetime,
    cursor: Cursor | None = None,
    kinds: list[str] | None = None,
    limit: int,
) -> list[Change]:
    """Up to `limit` changes after `since` (or after `cursor`) and up to `until`."""
    parts: list[QuerySet] = []
    # Each kind's own first `limit` rows hold the union's first `limit`: cutting each part
    # lets its (changed_at) index stop early instead of sorting the user's whole history.
    # (SQLite cannot order or cut the parts of a UNION.)
    wanted = kinds or KIND_NAMES
    cut_parts = len(wanted) > 1 and connection.features.supports_slicing_ordering_in_compound
    for kind in wanted:
        rows, ref, column = KINDS[kind]
        part = (
            rows(user)
            .filter(_window(kind, column, since, cursor, until))
            .order_by()
            .annotate(
                feed_kind=Value(kind, output_field=CharField()),
                feed_id=F("pk"),
                feed_ref=ref,
                feed_created=F("created_at"),
                feed_changed=F(column),
            )
            .values_list("feed_kind", "feed_id", "feed_ref", "feed_created", "feed_changed")
        )
        parts.append(part.order_by(column, "pk")[:limit] if cut_parts else part)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    ordered = union.order_by("feed_changed", "feed_kind", "feed_id")[:limit]
    return [Change(*row) for row in ordered]

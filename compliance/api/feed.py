"""GET /api/v1/changes/: the changes feed's parameters and answer (the query is in
compliance.api.changes)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from compliance.api import docs
from compliance.api.base import ApiMixin
from compliance.api.changes import KIND_NAMES, Cursor, changes
from compliance.api.errors import FieldError
from compliance.api.pagination import Pagination
from compliance.readcache.api import CachedReadsMixin


def utc_field(**kwargs) -> serializers.DateTimeField:
    """Feed times in UTC: exact to the microsecond, and safe to send back as `since`."""
    return serializers.DateTimeField(default_timezone=dt.UTC, **kwargs)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField(help_text="The resource's id (the URN for a home).")
    url = serializers.CharField()
    change = serializers.ChoiceField(choices=["created", "updated"])
    changed_at = utc_field()


class ChangesPageSerializer(serializers.Serializer):
    since = utc_field(allow_null=True)
    until = utc_field(help_text="Changes up to this moment are complete in this feed.")
    next = serializers.CharField(
        allow_null=True, help_text="The next page; null when you are up to date."
    )
    results = ChangeSerializer(many=True)


# -- changes feed ---------------------------------------------------------------------------


def _moment(raw: str, name: str) -> dt.datetime:
    """An ISO 8601 date-time (or date); without an offset it is London time."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = dt.datetime.combine(day, dt.time()) if day else None
        if moment is None:
            raise ValueError
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC: databases refuse odd offsets (PostgreSQL allows at most 15:59), and this
        # refuses moments that fall outside the calendar.
        moment = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise FieldError(name, "Give an ISO 8601 date-time, e.g. 2025-04-01T09:00:00Z.") from exc
    return moment


def _cursor(raw: str, since: dt.datetime | None) -> Cursor:
    kind, _, row_id = raw.partition(":")
    if kind not in KIND_NAMES or not row_id.isascii() or not row_id.isdigit() or len(row_id) > 18:
        raise FieldError("after", "Use the `next` link as given.")
    if since is None:
        raise FieldError("since", "`after` goes with `since`: use the `next` link as given.")
    return Cursor(changed_at=since, kind=kind, row_id=int(row_id))


CHANGE_URLS = {
    "duty_action": ("api:duty-action-detail", "pk"),
    "duty_notification": ("api:duty-notification-detail", "pk"),
    "duty_review": ("api:duty-review-detail", "pk"),
    "duty_visit": ("api:duty-visit-detail", "pk"),
    "history": ("api:requirement-detail", "pk"),
    "home": ("api:home-detail", "urn"),
    "inspection": ("api:inspection-detail", "pk"),
    "person": ("api:person-detail", "pk"),
    "provider": ("api:provider-detail", "pk"),
    "recommendation": ("api:recommendation-detail", "pk"),
    "requirement": ("api:requirement-detail", "pk"),
}


class ChangesView(CachedReadsMixin, ApiMixin, APIView):
    @extend_schema(
        summary="What changed since a moment",
        description=(
            "Everything you may see that was created or changed after `since`, oldest first: "
            "providers, homes, people, inspections, requirements, recommendations, new "
            "entries in a requirement's history (`history`, whose url is the requirement), "
            "and the monitoring duties' visits, reviews, notifications and actions "
            "(`duty_visit`, `duty_review`, `duty_notification`, `duty_action`). "
            "Fetch each changed resource by its url. Follow `next` until it is null, then "
            "keep `until` and ask again later with `since=<until>`. The last "
            f"{settings.API_CHANGES_DELAY_SECONDS} seconds are held back so that no change "
            "still being saved is skipped. Deletions are not listed. A repeated identical "
            "poll may come from the read cache: any change you can see makes it fresh; "
            f"otherwise it and its `until` are at most {settings.READ_CACHE_SECONDS} seconds "
            "(READ_CACHE_SECONDS) old, and asking again from `until` skips nothing."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="ISO 8601; without an offset, London time. Omit for everything.",
            ),
            OpenApiParameter(
                "after",
                OpenApiTypes.STR,
                description="Set by the `next` link: where the previous page stopped.",
            ),
            OpenApiParameter(
                "kind",
                {"type": "array", "items": {"type": "string", "enum": KIND_NAMES}},
                description="Only these kinds, comma-separated (any matches).",
                explode=False,
            ),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Changes per page (capped)."
            ),
        ],
        responses={200: ChangesPageSerializer, **docs.errors(400, 401, 429)},
        examples=[docs.example("Changes", docs.CHANGES)],
    )
    def get(self, request):
        params = request.query_params
        since = _moment(params["since"], "since") if params.get("since") else None
        cursor = _cursor(params["after"], since) if params.get("after") else None
        kinds = self._kinds(params)
        until = timezone.now() - dt.timedelta(seconds=settings.API_CHANGES_DELAY_SECONDS)
        size = Pagination().get_page_size(request)
        rows = changes(
            user=request.user,
            since=since,
            until=until,
            cursor=cursor,
            kinds=kinds,
            limit=size + 1,
        )
        page, more = rows[:size], len(rows) > size
        next_link = None
        if more:
            last = page[-1]
            query = {"since": last.changed_at.isoformat(), "after": f"{last.kind}:{last.row_id}"}
            if kinds:
                query["kind"] = ",".join(kinds)
            query["page_size"] = size
            next_link = request.build_absolute_uri(request.path) + "?" + urlencode(query)
        results = [
            {
                "kind": row.kind,
                "id": row.ref if row.kind == "home" else str(row.row_id),
                "url": self._url(row),
                "change": "created" if since is None or row.created_at > since else "updated",
                "changed_at": row.changed_at,
            }
            for row in page
        ]
        body = {"since": since, "until": until, "next": next_link, "results": results}
        return Response(ChangesPageSerializer(body).data)

    @staticmethod
    def _kinds(params) -> list[str] | None:
        raw = [
            part.strip().lower() for value in params.getlist("kind") for part in value.split(",")
        ]
        kinds = [k for k in raw if k]
        unknown = [k for k in kinds if k not in KIND_NAMES]
        if unknown:
            raise FieldError("kind", f"{unknown[0][:40]!r} is not one of: {', '.join(KIND_NAMES)}.")
        return sorted(set(kinds)) or None

    def _url(self, row) -> str:
        name, key = CHANGE_URLS[row.kind]
        return reverse(name, kwargs={key: row.ref}, request=self.request)

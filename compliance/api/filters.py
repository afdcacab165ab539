"""List filters, search and ordering.

Every filter that names things takes several values, comma-separated or repeated
(`?status=open,in_progress` or `?status=open&status=in_progress`), matches any of them
(OR), and ignores case. A value that cannot be understood is a 400 naming the parameter;
nothing is silently dropped. Overdue and due-soon decisions use the SQL twins of
compliance.rules.due_state, so a filter and a row's `due_state` always agree.
"""

from __future__ import annotations

import django_filters as df
from django.db.models import F, Q, QuerySet
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import BaseFilterBackend, SearchFilter

from compliance.api.errors import FieldError
from compliance.api.filter_fields import (
    MAX_TEXT,
    AnyOf,
    YesNo,
    date_filter,
    enum_schema,
    one_of,
    slug,
    text_value,
    whole_number,
)
from compliance.rules import Due, due_state_q, overdue_q, today_in_london
from compliance.selectors import replaces_earlier
from inspections.models import (
    Inspection,
    Judgement,
    Recommendation,
    Regulation,
    Requirement,
    RequirementStatus,
)
from inspections.reports import INSPECTION_KINDS
from providers.models import Home, Person, Provider

# -- the inspection headline -------------------------------------------------------------


def headline_judgement_q(judgement: str, prefix: str = "") -> Q:
    """The inspection's headline: overall experiences, or the outcome when there is none."""
    return Q(**{f"{prefix}overall_experiences": judgement}) | Q(
        **{f"{prefix}overall_experiences": "", f"{prefix}outcome": judgement}
    )


# -- shared pieces of the filter sets ------------------------------------------------------

JUDGEMENTS = list(Judgement.values)
STATUSES = list(RequirementStatus.values)
DUE_STATES = [d.value for d in Due]


def home_filter(path: str) -> AnyOf:
    return AnyOf(
        parse=text_value,
        to_q=lambda urn: Q(**{f"{path}__iexact": urn}),
        description="Home URN, e.g. SC005045.",
    )


def number_filter(path: str, description: str) -> AnyOf:
    """Whole numbers (ids, regulation numbers) matched exactly at `path`."""
    return AnyOf(
        parse=whole_number,
        to_q=lambda n: Q(**{path: n}),
        description=description,
        item_schema=build_basic_type(OpenApiTypes.INT),
    )


def provider_filter(path: str) -> AnyOf:
    return number_filter(path, "Provider id.")


def judgement_filter(prefix: str) -> AnyOf:
    return AnyOf(
        parse=one_of(JUDGEMENTS),
        to_q=lambda j: headline_judgement_q(j, prefix),
        description=(
            "The inspection's headline judgement (overall experiences and progress, or the "
            "single outcome of a non-full inspection); labels such as 'Requires improvement' "
            "are accepted too."
        ),
        item_schema=enum_schema(JUDGEMENTS),
    )


def inspection_type_filter(path: str) -> AnyOf:
    return AnyOf(
        parse=_inspection_kind,
        to_q=lambda kind: Q(**{path: kind}),
        description=f"Inspection type: one of {', '.join(INSPECTION_KINDS)}.",
    )


# 'Post registration' finds 'post-registration': the words are matched as slugs.
_KIND_OF_SLUG = {slug(kind): kind for kind in INSPECTION_KINDS}
_inspection_slug = one_of(list(_KIND_OF_SLUG))


def _inspection_kind(value: str) -> str:
    return _KIND_OF_SLUG[_inspection_slug(value)]


def inspection_filters(prefix: str) -> dict[str, df.Filter]:
    """Filters on the inspection, shared by inspections, requirements and recommendations."""
    return {
        "inspected_after": date_filter(
            f"{prefix}start_date", "gte", "Inspections starting on or after this date."
        ),
        "inspected_before": date_filter(
            f"{prefix}start_date", "lte", "Inspections starting on or before this date."
        ),
        "judgement": judgement_filter(prefix),
        "inspection_type": inspection_type_filter(f"{prefix}inspection_type"),
    }


def _filterset(name: str, model, filters: dict[str, df.Filter]) -> type[df.FilterSet]:
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(name, (df.FilterSet,), {"Meta": meta, **filters})


# -- the filter sets -----------------------------------------------------------------------


def _requirement_filters() -> dict[str, df.Filter]:
    return {
        "status": AnyOf(
            parse=one_of(STATUSES),
            to_q=lambda s: Q(status=s),
            description="Status.",
            item_schema=enum_schema(STATUSES),
        ),
        "due_state": AnyOf(
            parse=one_of(DUE_STATES),
            to_q=lambda s: due_state_q(s, today_in_london()),
            description="Where it stands against its due date today (as `due_state.state`).",
            item_schema=enum_schema(DUE_STATES),
        ),
        "overdue": YesNo(
            to_q=lambda yes: overdue_q(today_in_london()) if yes else ~overdue_q(today_in_london()),
            description="Open, in progress or not met, and past its due date "
            "(false: everything else).",
        ),
        "due_before": date_filter("due_date", "lte", "Due on or before this date."),
        "due_after": date_filter("due_date", "gte", "Due on or after this date."),
        "regulation": number_filter("regulation_id", "Regulation number (12, or 'Regulation 12')."),
        "home": home_filter("inspection__home__urn"),
        "provider": provider_filter("inspection__home__provider_id"),
        "compliance_notice": YesNo(
            to_q=lambda yes: Q(compliance_notice=yes),
            description="Raised with a compliance notice.",
        ),
        "repeated": YesNo(
            to_q=lambda yes: Q(replaces_earlier()) if yes else ~Q(replaces_earlier()),
            description="Raises again an earlier requirement of the home (which it replaces).",
        ),
        **inspection_filters("inspection__"),
    }


RequirementFilter = _filterset("RequirementFilter", Requirement, _requirement_filters())

InspectionFilter = _filterset(
    "InspectionFilter",
    Inspection,
    {
        "home": home_filter("home__urn"),
        "provider": provider_filter("home__provider_id"),
        "history_only": YesNo(
            to_q=lambda yes: Q(known_from_history_only=yes),
            description="Known only from another report's inspection history.",
        ),
        **inspection_filters(""),
    },
)

RecommendationFilter = _filterset(
    "RecommendationFilter",
    Recommendation,
    {
        "home": home_filter("inspection__home__urn"),
        "provider": provider_filter("inspection__home__provider_id"),
        **inspection_filters("inspection__"),
    },
)

HomeFilter = _filterset(
    "HomeFilter",
    Home,
    {
        "urn": home_filter("urn"),
        "name": AnyOf(
            parse=text_value,
            to_q=lambda name: Q(name__icontains=name),
            description="Part of the home's own name (its provider's; reports give none).",
        ),
        "provider": provider_filter("provider_id"),
    },
)

ProviderFilter = _filterset("ProviderFilter", Provider, {"id": provider_filter("pk")})

RegulationFilter = _filterset(
    "RegulationFilter", Regulation, {"number": number_filter("number", "Regulation number.")}
)

PersonFilter = _filterset(
    "PersonFilter",
    Person,
    {
        "provider": provider_filter("provider_id"),
        "has_email": YesNo(
            to_q=lambda yes: ~Q(email="") if yes else Q(email=""),
            description="Has an email address (reminders can reach them).",
        ),
    },
)


# -- search and ordering ------------------------------------------------------------------


class Search(SearchFilter):
    """`?search=words`: every word must appear in one of the view's searched fields.

    A view names them once, in `searched`: {model path: the words the schema shows}."""

    search_description = "Words to look for (case ignored); every word must match."

    def get_search_terms(self, request):
        raw = request.query_params.get(self.search_param, "")
        if "\x00" in raw or len(raw) > MAX_TEXT:
            raise FieldError(self.search_param, f"Give at most {MAX_TEXT} ordinary characters.")
        return super().get_search_terms(request)

    def get_search_fields(self, view, request):
        return list(getattr(view, "searched", {}))

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "searched", None):
            return []
        looks_in = ", ".join(view.searched.values())
        return [
            build_parameter_type(
                name=self.search_param,
                schema=build_basic_type(OpenApiTypes.STR),
                location=OpenApiParameter.QUERY,
                description=f"{self.search_description} Looks in: {looks_in}.",
            )
        ]


class Ordering(BaseFilterBackend):
    """`?ordering=-due_date,home`: names from the view's `ordering_fields` (a dict of public
    name to model path); `-` for descending. The primary key breaks ties, so pages never
    overlap."""

    param = "ordering"

    def filter_queryset(self, request, queryset: QuerySet, view):
        fields: dict[str, str] = getattr(view, "ordering_fields", None) or {}
        if not fields:
            return queryset
        raw = request.query_params.get(self.param, "")
        wanted = [part.strip() for part in raw.split(",") if part.strip()] or view.ordering
        order = []
        for item in wanted:
            name = item.lstrip("-")
            if name not in fields:
                raise FieldError(
                    self.param, f"{item[:40]!r} is not one of: {', '.join(sorted(fields))}."
                )
            column = F(fields[name])
            if name in getattr(view, "nulls_last", ()):
                # The same place for empty values on every database: at the end.
                column = (
                    column.desc(nulls_last=True) if item[0] == "-" else column.asc(nulls_last=True)
                )
            else:
                column = column.desc() if item[0] == "-" else column.asc()
            order.append(column)
        return queryset.order_by(*order, "pk")

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return []
        choices = [name for f in sorted(fields) for name in (f, f"-{f}")]
        return [
            build_parameter_type(
                name=self.param,
                schema=build_array_type({"type": "string", "enum": choices}),
                location=OpenApiParameter.QUERY,
                description=(
                    "Sort by these fields, comma-separated; '-' for descending. "
                    f"Default: {','.join(view.ordering)}."
                ),
                explode=False,
                style="form",
            )
        ]

"""Reads shared by the API, the dashboard and the workers. Everything a user sees starts
from `homes_visible_to`, so scope is decided in one place."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from compliance.models import RequirementCounts, RequirementEvent
from compliance.rules import (
    DUE_WITHIN_DAYS,
    active_q,
    due_within_q,
    overdue_q,
)
from inspections.models import (
    Inspection,
    Recommendation,
    Regulation,
    Requirement,
)
from providers.access import homes_visible_to, sees_everything
from providers.models import (
    CalendarFeed,
    Home,
    Person,
    Provider,
    ProviderMembership,
    User,
    cannot_be_reminded_q,
)


def _requirement_rows() -> QuerySet[Requirement]:
    return Requirement.objects.select_related(
        "inspection__home__provider", "regulation", "owner"
    ).annotate(repeats_earlier=replaces_earlier())


def requirements_visible_to(*, user: User) -> QuerySet[Requirement]:
    """Requirements of the homes this user may see, with what a list row needs."""
    if user.is_authenticated and sees_everything(user):
        # Every home: asking which would only cost a join over every requirement.
        return _requirement_rows()
    return _requirement_rows().filter(inspection__home__in=homes_visible_to(user=user))


def with_replaced(requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """With the ids of the earlier requirements each one raises again (`replaces`), in one
    more query for the whole page."""
    earlier = Requirement.objects.only("pk", "replaced_by_id").order_by("pk")
    return requirements.prefetch_related(Prefetch("replaces", queryset=earlier))


def requirements_of_home(*, home: Home) -> QuerySet[Requirement]:
    """A home's requirements, with what a list row needs. For callers that found `home`
    through homes_visible_to: scope is per home, so its requirements need no second check."""
    return _requirement_rows().filter(inspection__home_id=home.pk)


def inspections_visible_to(*, user: User) -> QuerySet[Inspection]:
    inspections = Inspection.objects.select_related("home__provider")
    if user.is_authenticated and sees_everything(user):
        return inspections
    return inspections.filter(home__in=homes_visible_to(user=user))


def inspections_of_home(*, home: Home) -> QuerySet[Inspection]:
    """A home's inspections; as requirements_of_home, for a home already found in scope."""
    return Inspection.objects.select_related("home__provider").filter(home_id=home.pk)


def homes_missing_reminder_emails(*, homes: QuerySet[Home]) -> list[dict]:
    """Homes whose responsible individual or registered manager has no email address,
    so reminders cannot reach them. One query."""
    rows = (
        homes.filter(
            cannot_be_reminded_q("responsible_individual")
            | cannot_be_reminded_q("registered_manager")
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
            if person is not None and person.cannot_be_reminded:
                missing.append({"home": home, "role": role, "person": person})
    return missing


# -- Reads for lists and pages (the dashboard; general enough for the API) ---------------


def homes_with_standing(*, homes: QuerySet[Home], today: dt.date) -> QuerySet[Home]:
    """Homes with their open and overdue requirement counts and the date and three
    judgements of their latest full inspection.

    Each figure is a correlated subquery reading a few rows per home: the open count from
    the kept counts, the overdue count from the index of unresolved requirements, the
    judgements through the (home, start date) index. Fast enough to sort every home in
    England by overdue count.
    """
    judged = (
        Inspection.objects.filter(home_id=OuterRef("pk"))
        .exclude(overall_experiences="")
        .order_by("-start_date")
    )
    return homes.select_related("provider").annotate(
        open_count=_per_home(
            RequirementCounts.objects.filter(home_id=OuterRef("pk")), "home_id", Sum("open")
        ),
        overdue_count=_per_home(
            Requirement.objects.filter(overdue_q(today), inspection__home_id=OuterRef("pk")),
            "inspection__home_id",
            Count("pk"),
        ),
        judged_on=Subquery(judged.values("start_date")[:1]),
        judged_overall=Subquery(judged.values("overall_experiences")[:1]),
        judged_help=Subquery(judged.values("help_and_protection")[:1]),
        judged_leadership=Subquery(judged.values("leadership_and_management")[:1]),
    )


def _per_home(rows: QuerySet, home_field: str, total) -> Coalesce:
    """`total` over `rows` (correlated to one home or provider by `home_field`), 0 if none."""
    grouped = rows.order_by().values(home_field).annotate(total=total).values("total")
    return Coalesce(Subquery(grouped), 0)


def requirements_overdue_first(
    *, requirements: QuerySet[Requirement], today: dt.date
) -> QuerySet[Requirement]:
    """Overdue requirements first, then by due date (undated last); stable within a day."""
    return requirements.annotate(
        overdue_rank=Case(When(overdue_q(today), then=Value(0)), default=Value(1))
    ).order_by("overdue_rank", F("due_date").asc(nulls_last=True), "pk")


# The due windows a list can be narrowed to; each is a SQL twin of compliance.rules.
DUE_WINDOWS = {
    "overdue": "Overdue",
    **{f"due_{days}": f"Due within {days} days" for days in DUE_WITHIN_DAYS},
    "no_due_date": "No due date",
}


WITHIN_WINDOWS = {f"due_{days}": days for days in DUE_WITHIN_DAYS}


def filter_requirements(
    *,
    requirements: QuerySet[Requirement],
    today: dt.date,
    home_urn: str | None = None,
    regulation: int | None = None,
    statuses: list[str] | None = None,
    due_window: str | None = None,
) -> QuerySet[Requirement]:
    """Narrow requirements by home URN, regulation number, statuses and a DUE_WINDOWS key."""
    if home_urn:
        requirements = requirements.filter(inspection__home__urn__iexact=home_urn.strip())
    if regulation is not None:
        requirements = requirements.filter(regulation_id=regulation)
    if statuses:
        requirements = requirements.filter(status__in=statuses)
    if due_window == "overdue":
        requirements = requirements.filter(overdue_q(today))
    elif due_window in WITHIN_WINDOWS:
        requirements = requirements.filter(due_within_q(today, WITHIN_WINDOWS[due_window]))
    elif due_window == "no_due_date":
        requirements = requirements.filter(active_q(), due_date__isnull=True)
    return requirements


def providers_visible_to(*, user: User) -> QuerySet[Provider]:
    """Providers with at least one home this user may see."""
    return Provider.objects.filter(pk__in=homes_visible_to(user=user).values("provider_id"))


def providers_with_standing(
    *, providers: QuerySet[Provider], homes: QuerySet[Home], today: dt.date
) -> QuerySet[Provider]:
    """Providers with how many of `homes` they run and those homes' open and overdue
    counts: correlated subqueries over the kept counts and the unresolved requirements."""
    in_scope = homes.order_by().values("pk")
    return providers.annotate(
        # Subqueries, not a join and GROUP BY: PostgreSQL then works out only the page's rows.
        home_count=_per_home(
            Home.objects.filter(provider_id=OuterRef("pk"), pk__in=in_scope),
            "provider_id",
            Count("pk"),
        ),
        open_count=_per_home(
            RequirementCounts.objects.filter(home__provider_id=OuterRef("pk"), home__in=in_scope),
            "home__provider_id",
            Sum("open"),
        ),
        overdue_count=_per_home(
            Requirement.objects.filter(
                overdue_q(today),
                inspection__home__provider_id=OuterRef("pk"),
                inspection__home__in=in_scope,
            ),
            "inspection__home__provider_id",
            Count("pk"),
        ),
    )


def with_open_counts_by_regulation(
    regulations: list[Regulation], *, requirements: QuerySet[Requirement], today: dt.date
) -> list[Regulation]:
    """Set `open_count` and `overdue_count` among `requirements` on each regulation.

    One query, grouped from the active requirements only (a few percent of the table, on the
    partial index of active ones), rather than joining every requirement to every regulation.
    """
    counts = {
        row["regulation_id"]: row
        for row in requirements.filter(active_q())
        .order_by()
        .values("regulation_id")
        .annotate(open_count=Count("pk"), overdue_count=Count("pk", filter=overdue_q(today)))
    }
    for regulation in regulations:
        row = counts.get(regulation.pk, {})
        regulation.open_count = row.get("open_count", 0)
        regulation.overdue_count = row.get("overdue_count", 0)
    return regulations


def homes_with_open_requirement_under(
    *, homes: QuerySet[Home], regulation: int, today: dt.date
) -> QuerySet:
    """Rows of {home_id, open_under_count, overdue_under_count, earliest_due}: the homes
    with an open (active) requirement under `regulation` now, most overdue first.

    Grouped from the requirement side, so the regulation's index drives the query; join
    the homes of a page with `Home.objects.in_bulk`."""
    return (
        Requirement.objects.filter(active_q(), regulation_id=regulation, inspection__home__in=homes)
        .values(home_id=F("inspection__home_id"))
        .annotate(
            open_under_count=Count("pk"),
            overdue_under_count=Count("pk", filter=overdue_q(today)),
            earliest_due=Min("due_date"),
        )
        .order_by("-overdue_under_count", F("earliest_due").asc(nulls_last=True), "home_id")
    )


def people_visible_to(*, user: User) -> QuerySet[Person]:
    """People this user may see: those named for their homes (responsible individuals,
    registered managers, requirement owners) and, for provider managers, everyone at their
    providers. Staff admins and regulators see everyone, inspectors included."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    if sees_everything(user):
        return Person.objects.all()
    homes = homes_visible_to(user=user).order_by()
    owners = Requirement.objects.filter(inspection__home__in=homes, owner__isnull=False)
    managed = ProviderMembership.objects.filter(user=user).values("provider_id")
    # A UNION of ids, not an OR of subqueries: see homes_visible_to.
    ids = homes.values("responsible_individual_id").union(
        homes.values("registered_manager_id"),
        owners.order_by().values("owner_id"),
        Person.objects.order_by().filter(provider_id__in=managed).values("pk"),
        all=True,
    )
    return Person.objects.filter(pk__in=ids)


def recommendations_visible_to(*, user: User) -> QuerySet[Recommendation]:
    recommendations = Recommendation.objects.select_related("inspection__home__provider")
    if user.is_authenticated and sees_everything(user):
        return recommendations
    return recommendations.filter(inspection__home__in=homes_visible_to(user=user))


def latest_inspections(*, homes: QuerySet[Home], judged_only: bool = False) -> QuerySet[Inspection]:
    """Each home's latest inspection, or with `judged_only` its latest one with an overall
    experiences judgement (a full inspection)."""
    candidates = Inspection.objects.filter(home_id=OuterRef("pk"))
    if judged_only:
        candidates = candidates.exclude(overall_experiences="")
    latest = homes.order_by().annotate(
        latest_id=Subquery(candidates.order_by("-start_date", "-pk").values("pk")[:1])
    )
    return Inspection.objects.filter(pk__in=latest.values("latest_id")).select_related("home")


def judgement_counts(*, homes: QuerySet[Home]) -> dict[str, int]:
    """How many of `homes` had each overall experiences judgement at their latest full
    inspection. One query: each home's judgement is looked up through its own index."""
    judged = (
        Inspection.objects.filter(home_id=OuterRef("pk"))
        .exclude(overall_experiences="")
        .order_by("-start_date", "-pk")
    )
    rows = (
        homes.order_by()
        .annotate(judgement=Subquery(judged.values("overall_experiences")[:1]))
        .values("judgement")
        .annotate(homes=Count("pk"))
    )
    return {row["judgement"]: row["homes"] for row in rows if row["judgement"]}


def replaces_earlier() -> Exists:
    """True for a requirement that raises again an earlier one of its home (the earlier
    one's `replaced_by` points at it; see compliance.services.resolution)."""
    return Exists(Requirement.objects.filter(replaced_by=OuterRef("pk")))


def repeated_breaches(*, requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Requirements that raise again an earlier requirement of their home, newest
    inspection first, annotated with the (first) earlier one they replace: `repeats_id`,
    `repeats_citation`, `repeats_inspection_date`, `repeats_status`."""
    earlier = Requirement.objects.filter(replaced_by=OuterRef("pk")).order_by(
        "inspection__start_date", "pk"
    )
    return (
        requirements.filter(replaces_earlier())
        .annotate(
            repeats_id=Subquery(earlier.values("pk")[:1]),
            repeats_citation=Subquery(earlier.values("citation")[:1]),
            repeats_inspection_date=Subquery(earlier.values("inspection__start_date")[:1]),
            repeats_status=Subquery(earlier.values("status")[:1]),
        )
        .order_by("-inspection__start_date", "-pk")
    )


def open_compliance_notices(*, requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Active requirements under a compliance notice, earliest due first."""
    return requirements.filter(active_q(), compliance_notice=True).order_by(
        F("due_date").asc(nulls_last=True), "pk"
    )


def requirements_with_last_note(*, requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Requirements annotated with the note of their latest history event that has one
    (`last_note`, `last_note_at`): what an action plan shows."""
    noted = (
        RequirementEvent.objects.filter(requirement_id=OuterRef("pk"))
        .exclude(note="")
        .order_by("-created_at", "-pk")
    )
    return requirements.annotate(
        last_note=Subquery(noted.values("note")[:1]),
        last_note_at=Subquery(noted.values("created_at")[:1]),
    )


def live_calendar_feed(*, token: str) -> CalendarFeed | None:
    """The unrevoked feed a calendar URL's token names, of an active user, or None."""
    from compliance.services.calendar_feeds import hash_feed_token

    return (
        CalendarFeed.objects.filter(
            token_hash=hash_feed_token(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )

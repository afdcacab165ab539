"""Reads of the duty records, always scoped by providers.access.homes_visible_to, and
the per-home duty summary (a fixed number of queries whatever the home's history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.duties import rules
from compliance.duties.models import Action, Duty, Notification, Review, Visit
from compliance.rules import (
    DUE_SOON_DAYS,
    Due,
    DueState,
    due_state,
    due_within_q,
    overdue_q,
)
from inspections.models import RequirementStatus
from providers.access import homes_visible_to
from providers.models import Home, User


def visits_visible_to(*, user: User) -> QuerySet[Visit]:
    return Visit.objects.filter(home__in=homes_visible_to(user=user))


def reviews_visible_to(*, user: User) -> QuerySet[Review]:
    return Review.objects.filter(home__in=homes_visible_to(user=user))


def notifications_visible_to(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(home__in=homes_visible_to(user=user))


def actions_visible_to(*, user: User) -> QuerySet[Action]:
    return Action.objects.filter(home__in=homes_visible_to(user=user))


@dataclass(frozen=True)
class DutyRow:
    """One duty of the catalogue as it stands for one home."""

    duty: Duty
    last_done: dt.date | None
    next_due: dt.date | None
    due: DueState | None  # None: nothing pending
    late: int = 0  # times this duty was done late (or not at all) in the records
    detail: str = ""

    @classmethod
    def of(cls, duty: Duty, status: rules.DutyStatus, **extra) -> DutyRow:
        """The row of a done-every-so-often duty (visits, reviews) from its status."""
        return cls(duty, status.last_done, status.next_due, status.due, **extra)

    @property
    def state(self) -> str:
        return str(self.due.state) if self.due else "nothing_due"

    @property
    def state_label(self) -> str:
        return self.due.label if self.due else "Nothing due"


def _pending(deadlines: list[dt.date], today: dt.date) -> tuple[dt.date | None, DueState | None]:
    if not deadlines:
        return None, None
    first = min(deadlines)
    return first, due_state(status=RequirementStatus.OPEN, due_date=first, today=today)


def duty_rows(
    *,
    home: Home,
    today: dt.date,
    now: dt.datetime | None = None,
    visits: list[Visit] | None = None,
    reviews: list[Review] | None = None,
    notifications: list[Notification] | None = None,
) -> list[DutyRow]:
    """Every catalogue duty for `home` on `today`. Four queries, fewer when the caller
    already holds the home's visits, reviews or notifications."""
    now = now or timezone.now()
    duties = list(Duty.objects.all())
    if visits is None:
        visits = list(Visit.objects.filter(home=home))
    if reviews is None:
        reviews = list(Review.objects.filter(home=home))
    if notifications is None:
        notifications = list(Notification.objects.filter(home=home))
    visits = [(v.visit_date, v.sent_to_ofsted_on, v.sent_to_provider_on) for v in visits]
    reviews = [(r.completed_on, r.sent_to_ofsted_on) for r in reviews]
    rows = []
    for duty in duties:
        if duty.kind == Duty.Kind.VISIT:
            status = rules.visit_status(visit_dates=[v[0] for v in visits], today=today)
            missing = rules.missing_visit_months(
                visit_dates=[v[0] for v in visits],
                today=today,
                since=min((v[0] for v in visits), default=None),
            )
            detail = ", ".join(f"{m:%B %Y}" for m in missing)
            rows.append(DutyRow.of(duty, status, late=len(missing), detail=detail))
        elif duty.kind == Duty.Kind.VISIT_REPORT:
            column = 1 if "hmci" in duty.party_codes else 2
            rows.append(_report_row(duty, [(v[0], v[column]) for v in visits], today))
        elif duty.kind == Duty.Kind.REVIEW:
            months = rules.parse_deadline(duty.deadline)[1] or 6
            status = rules.review_status(
                completed=[r[0] for r in reviews], today=today, every_months=months
            )
            detail = "" if status.recorded else "No review recorded: one is due now."
            rows.append(DutyRow.of(duty, status, detail=detail))
        elif duty.kind == Duty.Kind.REVIEW_REPORT:
            rows.append(_report_row(duty, reviews, today))
        elif duty.kind == Duty.Kind.NOTIFICATION:
            rows.append(_notification_row(duty, notifications, today=today, now=now))
    return rows


def _report_row(duty: Duty, done_and_sent, today: dt.date) -> DutyRow:
    deadlines, late, last_sent = [], 0, None
    for done_on, sent_on in done_and_sent:
        deadline = rules.report_deadline(done_on=done_on, rule=duty.deadline)
        if sent_on is None:
            deadlines.append(deadline)
        else:
            last_sent = max(last_sent or sent_on, sent_on)
        late += rules.was_late(sent_on=sent_on, deadline=deadline, today=today)
    next_due, due = _pending(deadlines, today)
    return DutyRow(duty, last_sent, next_due, due, late=late)


def _notification_row(duty, notifications, *, today, now) -> DutyRow:
    mine = [n for n in notifications if n.duty_id == duty.code]
    deadlines, late, past = [], 0, False
    for n in mine:
        for party in party_states(n, now=now, required=duty.party_codes):
            late += party.late
            if party.outstanding:
                limit = n.happened_at + dt.timedelta(hours=rules.WITHOUT_DELAY_HOURS)
                deadlines.append(timezone.localdate(limit))
                past = past or party.late
    next_due, due = _pending(deadlines, today)
    if past and due is not None:
        # Past the hours allowed: overdue even on the deadline's own date.
        due = DueState(Due.OVERDUE, due.days_left)
    last = max((timezone.localdate(n.happened_at) for n in mine), default=None)
    return DutyRow(duty, last, next_due, due, late=late)


def party_states(notification: Notification, *, now, required=None) -> list[rules.PartyState]:
    required = required if required is not None else notification.duty.party_codes
    return rules.notification_parties(
        happened_at=notification.happened_at,
        notified={p: getattr(notification, f) for p, f in Notification.PARTY_FIELDS.items()},
        required=required,
        now=now,
    )


@dataclass
class MonthCell:
    month: dt.date
    visits: list[Visit] = field(default_factory=list)
    current: bool = False

    @property
    def state(self) -> str:
        if self.visits:
            return "visited"
        return "due" if self.current else "missing"


@dataclass
class Monitoring:
    """A home's monitoring section: 12 months of visits, reviews, notifications, and what
    is missing or late."""

    months: list[MonthCell]
    rows: list[DutyRow]
    reviews: list[Review]
    notifications: list[tuple[Notification, list[rules.PartyState]]]
    actions: list[tuple[Action, DueState]]

    @property
    def problems(self) -> list[DutyRow]:
        return [r for r in self.rows if r.late or (r.due and r.due.is_overdue)]


def monitoring(*, home: Home, today: dt.date, now: dt.datetime | None = None) -> Monitoring:
    """Everything the home page shows about the duties: five queries (all the home's
    visits, reviews and notifications are read once: about a dozen rows a year)."""
    now = now or timezone.now()
    months = rules.months_back(today, 12)
    visits = list(Visit.objects.filter(home=home).order_by("visit_date", "id"))
    reviews = list(Review.objects.filter(home=home).order_by("-completed_on", "-id"))
    notifications = list(
        Notification.objects.filter(home=home).select_related("duty").order_by("-happened_at")
    )
    cells = {m: MonthCell(m, current=m == months[-1]) for m in months}
    for visit in visits:
        cell = cells.get(rules.month_start(visit.visit_date))
        if cell is not None:
            cell.visits.append(visit)
    recent = [n for n in notifications if timezone.localdate(n.happened_at) >= months[0]]
    actions = list(
        Action.objects.filter(home=home)
        .exclude(status__in=[RequirementStatus.MET, RequirementStatus.NOT_MET])
        .select_related("owner")
        .order_by("due_date", "id")[:20]
    )
    held = {"visits": visits, "reviews": reviews, "notifications": notifications}
    return Monitoring(
        months=[cells[m] for m in months],
        rows=duty_rows(home=home, today=today, now=now, **held),
        reviews=reviews[:4],
        notifications=[(n, party_states(n, now=now)) for n in recent[:20]],
        actions=[
            (a, due_state(status=a.status, due_date=a.due_date, today=today)) for a in actions
        ],
    )


# -- across homes ---------------------------------------------------------------------


def homes_without_recent_visit(*, user: User, today: dt.date, months: int = 2) -> QuerySet[Home]:
    """Homes the user sees with no Regulation 44 visit recorded in the last `months`
    months (on or after the same day `months` months ago), longest gap first. One query,
    any page size."""
    since = rules.add_months(today, -months)
    return (
        homes_visible_to(user=user)
        .annotate(last_visit=Max("duty_visits__visit_date"))
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=since))
        .select_related("provider")
        .order_by("last_visit", "urn")
    )


@dataclass(frozen=True)
class DutyCounts:
    overdue: int
    due_soon: int


def duty_counts(*, homes: QuerySet[Home], today: dt.date) -> DutyCounts:
    """Due and overdue duties across these homes, for the dashboard beside requirements:
    actions (by the shared due rule), unsent Regulation 44 reports (due by the end of the
    visit's month), unsent Regulation 45 reports (28 days after completion) and the next
    Regulation 45 review (6 months after the last). One query: a count subquery per part
    for each home, summed."""

    def per_home(model, condition):
        rows = model.objects.filter(condition, home=OuterRef("pk")).order_by()
        counted = rows.values("home").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    this_month = rules.month_start(today)
    report_cutoff = today - dt.timedelta(days=28)
    soon_cutoff = report_cutoff + dt.timedelta(DUE_SOON_DAYS)
    unsent = Q(sent_to_ofsted_on__isnull=True)
    review_due = rules.add_months(today, -6)
    review_soon = rules.add_months(today + dt.timedelta(DUE_SOON_DAYS), -6)
    last_review = (
        Review.objects.filter(home=OuterRef("pk"))
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    totals = (
        Home.objects.filter(pk__in=homes.values("pk"))
        .annotate(
            actions_over=per_home(Action, overdue_q(today)),
            actions_soon=per_home(Action, due_within_q(today, DUE_SOON_DAYS)),
            visits_over=per_home(Visit, unsent & Q(visit_date__lt=this_month)),
            visits_soon=per_home(Visit, unsent & Q(visit_date__gte=this_month)),
            reports_over=per_home(Review, unsent & Q(completed_on__lt=report_cutoff)),
            reports_soon=per_home(
                Review, unsent & Q(completed_on__gte=report_cutoff, completed_on__lte=soon_cutoff)
            ),
            last_review=Subquery(last_review),
        )
        .aggregate(
            over=Coalesce(Sum(F("actions_over") + F("visits_over") + F("reports_over")), 0),
            soon=Coalesce(Sum(F("actions_soon") + F("visits_soon") + F("reports_soon")), 0),
            reviews_over=Count(
                "pk", filter=Q(last_review__isnull=True) | Q(last_review__lt=review_due)
            ),
            reviews_soon=Count(
                "pk", filter=Q(last_review__gte=review_due, last_review__lte=review_soon)
            ),
        )
    )
    return DutyCounts(
        overdue=totals["over"] + totals["reviews_over"],
        due_soon=totals["soon"] + totals["reviews_soon"],
    )

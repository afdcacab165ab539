"""Reads of the duty records, always scoped by providers.selectors.homes_visible_to, and
the per-home duty summary (a fixed number of queries whatever the home's history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
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
from providers.models import Home, User
from providers.selectors import homes_visible_to


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


def duty_rows(*, home: Home, today: dt.date, now: dt.datetime | None = None) -> list[DutyRow]:
    """Every catalogue duty for `home` on `today`. Four queries."""
    now = now or timezone.now()
    duties = list(Duty.objects.all())
    visits = list(
        Visit.objects.filter(home=home).values_list(
            "visit_date", "sent_to_ofsted_on", "sent_to_provider_on"
        )
    )
    reviews = list(
        Review.objects.filter(home=home).values_list("completed_on", "sent_to_ofsted_on")
    )
    notifications = list(Notification.objects.filter(home=home))
    rows = []
    for duty in duties:
        if duty.kind == Duty.Kind.VISIT:
            status = rules.visit_status(visit_dates=[v[0] for v in visits], today=today)
            missing = rules.missing_visit_months(
                visit_dates=[v[0] for v in visits],
                today=today,
                since=min((v[0] for v in visits), default=None),
            )
            rows.append(
                DutyRow(
                    duty,
                    status.last_done,
                    status.next_due,
                    status.due,
                    late=len(missing),
                    detail=", ".join(f"{m:%B %Y}" for m in missing),
                )
            )
        elif duty.kind == Duty.Kind.VISIT_REPORT:
            column = 1 if "hmci" in duty.party_codes else 2
            rows.append(_report_row(duty, [(v[0], v[column]) for v in visits], today))
        elif duty.kind == Duty.Kind.REVIEW:
            months = rules.parse_deadline(duty.deadline)[1] or 6
            status = rules.review_status(
                completed=[r[0] for r in reviews], today=today, every_months=months
            )
            rows.append(
                DutyRow(
                    duty,
                    status.last_done,
                    status.next_due,
                    status.due,
                    detail="" if status.recorded else "No review recorded: one is due now.",
                )
            )
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
    """Everything the home page shows about the duties: eight queries."""
    now = now or timezone.now()
    months = rules.months_back(today, 12)
    visits = list(
        Visit.objects.filter(home=home, visit_date__gte=months[0]).order_by("visit_date", "id")
    )
    cells = {m: MonthCell(m, current=m == months[-1]) for m in months}
    for visit in visits:
        cells[rules.month_start(visit.visit_date)].visits.append(visit)
    notifications = list(
        Notification.objects.filter(home=home, happened_at__date__gte=months[0])
        .select_related("duty")
        .order_by("-happened_at")[:20]
    )
    actions = list(
        Action.objects.filter(home=home)
        .exclude(status__in=[RequirementStatus.MET, RequirementStatus.NOT_MET])
        .select_related("owner")
        .order_by("due_date", "id")[:20]
    )
    return Monitoring(
        months=[cells[m] for m in months],
        rows=duty_rows(home=home, today=today, now=now),
        reviews=list(Review.objects.filter(home=home).order_by("-completed_on")[:4]),
        notifications=[(n, party_states(n, now=now)) for n in notifications],
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
    actions (by the shared due rule), unsent Regulation 44 and 45 reports, Regulation 45
    reviews. Four queries."""
    ids = homes.values("pk")
    actions = Action.objects.filter(home__in=ids).aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        soon=Count("pk", filter=due_within_q(today, DUE_SOON_DAYS)),
    )
    # A visit report is due by the end of the visit's month (catalogue reg44_report_*).
    this_month = rules.month_start(today)
    visit_reports = Visit.objects.filter(home__in=ids).aggregate(
        overdue=Count("pk", filter=Q(sent_to_ofsted_on__isnull=True, visit_date__lt=this_month)),
        soon=Count("pk", filter=Q(sent_to_ofsted_on__isnull=True, visit_date__gte=this_month)),
    )
    # A review report is due to Ofsted 28 days after completion (reg45_report_hmci).
    report_cutoff = today - dt.timedelta(days=28)
    review_reports = Review.objects.filter(home__in=ids, sent_to_ofsted_on__isnull=True).aggregate(
        overdue=Count("pk", filter=Q(completed_on__lt=report_cutoff)),
        soon=Count(
            "pk",
            filter=Q(
                completed_on__gte=report_cutoff,
                completed_on__lte=report_cutoff + dt.timedelta(DUE_SOON_DAYS),
            ),
        ),
    )
    # Reviews: the last completion per home; the next is due 6 months on, its report 28
    # days after completion.
    last_reviews = (
        Home.objects.filter(pk__in=ids)
        .annotate(last=Max("duty_reviews__completed_on"))
        .aggregate(
            overdue=Count(
                "pk",
                filter=Q(last__isnull=True) | Q(last__lt=rules.add_months(today, -6)),
            ),
            soon=Count(
                "pk",
                filter=Q(
                    last__gte=rules.add_months(today, -6),
                    last__lte=rules.add_months(today + dt.timedelta(DUE_SOON_DAYS), -6),
                ),
            ),
        )
    )
    return DutyCounts(
        overdue=sum(c["overdue"] for c in (actions, visit_reports, review_reports, last_reviews)),
        due_soon=sum(c["soon"] for c in (actions, visit_reports, review_reports, last_reviews)),
    )

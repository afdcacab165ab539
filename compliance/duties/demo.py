"""Demo duty records: a year of Regulation 44 visits, two Regulation 45 reviews and a few
Regulation 40 notifications per home, some late and some missing. Deterministic per URN,
and run again it adds nothing to a home that already has visits."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from compliance.duties import rules
from compliance.duties.models import Action, DutyEvent, Notification, Review, Visit
from compliance.rules import today_in_london
from providers.models import Home

VISITORS = ["Jo Patel", "Sam Okafor", "Chris Lane"]
RECOMMENDATIONS = [
    "Review the missing-from-care log with staff each week",
    "Complete the overdue fire drill and record it",
    "Update two children's risk assessments after recent incidents",
    "Refresh staff training on physical intervention records",
]


def _event(home, record, action=None):
    DutyEvent.objects.create(
        home=home,
        record_type=type(record).__name__.lower(),
        record_id=record.pk,
        action=action,
        kind=DutyEvent.Kind.CREATED,
        actor=None,
        actor_name="Demo data",
    )


@transaction.atomic
def load_demo_duties(*, today: dt.date | None = None) -> int:
    """Fill every home without visits; returns how many homes were filled."""
    today = today or today_in_london()
    filled = 0
    for home in Home.objects.exclude(duty_visits__isnull=False).order_by("urn"):
        _fill(home, today=today, rng=random.Random(home.urn))
        filled += 1
    return filled


def _fill(home: Home, *, today: dt.date, rng: random.Random) -> None:
    months = rules.months_back(today, 12)[:-1]  # the 11 ended months; this one is still open
    missing = set(rng.sample(range(len(months)), k=rng.choice([0, 1, 2])))
    for index, month in enumerate(months):
        if index in missing:
            continue
        day = month.replace(day=rng.randint(3, 26))
        late = rng.random() < 0.2
        sent = (
            rules.month_end(day) + dt.timedelta(days=rng.randint(3, 12))
            if late
            else day + dt.timedelta(days=rng.randint(1, 4))
        )
        visit = Visit.objects.create(
            home=home,
            visit_date=day,
            independent_person=VISITORS[index % len(VISITORS)],
            sent_to_ofsted_on=min(sent, today),
            sent_to_provider_on=min(sent, today),
        )
        _event(home, visit)
        if rng.random() < 0.3:
            action = Action.objects.create(
                home=home,
                source=Action.Source.VISIT,
                visit=visit,
                text=rng.choice(RECOMMENDATIONS),
                due_date=day + dt.timedelta(days=28),
                status=rng.choice(["open", "in_progress", "met"]),
            )
            _event(home, action, action)
    for months_ago, late in ((11, False), (5, rng.random() < 0.5)):
        completed = rules.add_months(today, -months_ago)
        review = Review.objects.create(
            home=home,
            period_start=rules.add_months(completed, -6),
            period_end=completed - dt.timedelta(days=1),
            completed_on=completed,
            sent_to_ofsted_on=min(completed + dt.timedelta(days=35 if late else 14), today),
        )
        _event(home, review)
    for code, days_ago, hours_late in (
        ("reg40_police", rng.randint(20, 300), rng.choice([2, 30])),
        ("reg40_sexual_exploitation", rng.randint(20, 300), 5),
    ):
        happened = timezone.now() - dt.timedelta(days=days_ago)
        notification = Notification.objects.create(
            home=home,
            duty_id=code,
            description="Demo event: details kept in the home's records.",
            happened_at=happened,
            hmci_notified_at=happened + dt.timedelta(hours=hours_late),
            placing_authority_notified_at=happened + dt.timedelta(hours=3),
        )
        _event(home, notification)

"""The demo duty records: a year per home, some missing and some late, added once."""

import datetime as dt

import pytest

from compliance.duties.demo import load_demo_duties
from compliance.duties.models import Review, Visit
from compliance.duties.selectors import duty_rows
from tests.factories import HomeFactory

pytestmark = pytest.mark.django_db


def test_demo_fills_a_year_with_gaps_and_lateness_once():
    homes = [HomeFactory(urn=f"SC70000{n}") for n in range(6)]
    today = dt.date(2026, 12, 2)
    assert load_demo_duties(today=today) == 6
    assert load_demo_duties(today=today) == 0  # run again: nothing added
    assert Review.objects.count() == 12
    per_home = [Visit.objects.filter(home=h).count() for h in homes]
    assert all(9 <= n <= 11 for n in per_home)
    rows = [r for h in homes for r in duty_rows(home=h, today=today)]
    assert any(r.duty.code == "reg44_visit" and r.late for r in rows)  # missing months
    assert any(r.duty.code == "reg44_report_hmci" and r.late for r in rows)  # late reports

"""The duty time rules at their edges: month ends, leap years, Europe/London clock changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.duties import rules
from compliance.duties.catalogue import CatalogueError, read_catalogue
from compliance.rules import Due

D = dt.date
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year: clamped to the 29th
        (D(2022, 8, 31), 6, D(2023, 2, 28)),  # common year: the 28th
        (D(2024, 2, 29), 6, D(2024, 8, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 7, 15), 6, D(2026, 1, 15)),  # across a year end
        (D(2025, 3, 1), -2, D(2025, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_visit_due_by_the_end_of_this_month_until_one_is_recorded():
    status = rules.visit_status(visit_dates=[D(2025, 1, 20)], today=D(2025, 2, 10))
    assert status.next_due == D(2025, 2, 28)
    assert status.due.state is Due.UPCOMING
    assert status.last_done == D(2025, 1, 20)


def test_visit_this_month_moves_the_next_to_the_end_of_next_month():
    status = rules.visit_status(visit_dates=[D(2024, 1, 31)], today=D(2024, 1, 31))
    assert status.next_due == D(2024, 2, 29)  # leap February


def test_last_day_of_the_month_without_a_visit_is_due_today():
    status = rules.visit_status(visit_dates=[], today=D(2025, 4, 30))
    assert status.next_due == D(2025, 4, 30)
    assert status.due.state is Due.DUE_TODAY
    assert not status.recorded


def test_missing_months_are_the_ended_months_without_a_visit():
    visits = [D(2025, 1, 31), D(2025, 3, 1)]
    missing = rules.missing_visit_months(
        visit_dates=visits, today=D(2025, 5, 10), months=12, since=D(2025, 1, 31)
    )
    # February and April have ended without a visit; May has not ended yet.
    assert missing == [D(2025, 2, 1), D(2025, 4, 1)]


def test_missing_months_do_not_go_back_before_the_first_record():
    assert rules.missing_visit_months(visit_dates=[], today=D(2025, 5, 10), since=None) == [
        rules.add_months(D(2025, 5, 1), -n) for n in range(11, 0, -1)
    ]


def test_visit_month_follows_london_time_across_the_spring_clock_change():
    # 31 March 2024 23:30 UTC is 00:30 on 1 April in London (BST): April's visit is due.
    now = dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)
    today = timezone.localtime(now, LONDON).date()
    assert today == D(2024, 4, 1)
    status = rules.visit_status(visit_dates=[D(2024, 3, 5)], today=today)
    assert status.next_due == D(2024, 4, 30)


def test_review_due_six_months_after_the_last_completion_leap_year():
    status = rules.review_status(completed=[D(2023, 2, 1), D(2023, 8, 31)], today=D(2024, 2, 20))
    assert status.next_due == D(2024, 2, 29)
    assert status.due.state is Due.DUE_SOON
    assert status.due.days_left == 9


def test_review_overdue_the_day_after():
    status = rules.review_status(completed=[D(2022, 8, 31)], today=D(2023, 3, 1))
    assert status.next_due == D(2023, 2, 28)
    assert status.due.state is Due.OVERDUE


def test_no_review_recorded_is_due_now():
    status = rules.review_status(completed=[], today=D(2025, 6, 1))
    assert status.next_due == D(2025, 6, 1) and not status.recorded


@pytest.mark.parametrize(
    ("done", "rule", "deadline"),
    [
        (D(2024, 2, 1), "days:28", D(2024, 2, 29)),  # leap year
        (D(2023, 2, 1), "days:28", D(2023, 3, 1)),
        (D(2025, 12, 10), "days:28", D(2026, 1, 7)),
        (D(2024, 2, 3), "end_of_visit_month", D(2024, 2, 29)),
        (D(2025, 2, 3), "end_of_visit_month", D(2025, 2, 28)),
    ],
)
def test_report_deadlines(done, rule, deadline):
    assert rules.report_deadline(done_on=done, rule=rule) == deadline


def test_late_report_is_after_the_deadline_or_unsent_past_it():
    deadline = D(2024, 2, 29)
    assert not rules.was_late(sent_on=D(2024, 2, 29), deadline=deadline, today=D(2024, 3, 5))
    assert rules.was_late(sent_on=D(2024, 3, 1), deadline=deadline, today=D(2024, 3, 5))
    assert not rules.was_late(sent_on=None, deadline=deadline, today=D(2024, 2, 29))
    assert rules.was_late(sent_on=None, deadline=deadline, today=D(2024, 3, 1))


@pytest.mark.parametrize("bad", ["months", "days:0", "days:x", "weekly", "without_delay:3"])
def test_bad_deadline_rules_are_refused(bad):
    with pytest.raises(ValueError, match=bad.split(":")[0]):
        rules.parse_deadline(bad)


def test_notification_delay_is_real_elapsed_time_across_the_autumn_clock_change():
    # Clocks go back at 02:00 BST on 27 October 2024: 01:30 happens twice.
    happened = dt.datetime(2024, 10, 26, 12, 0, tzinfo=LONDON)
    # 24 hours later by the wall clock is 25 real hours later: late.
    wall_next_day = dt.datetime(2024, 10, 27, 12, 0, tzinfo=LONDON)
    real_24h = happened.astimezone(dt.UTC) + dt.timedelta(hours=24)  # 11:00 GMT on the 27th
    assert real_24h.astimezone(LONDON).hour == 11
    states = rules.notification_parties(
        happened_at=happened,
        notified={"hmci": wall_next_day.astimezone(dt.UTC), "placing_authority": real_24h},
        required=["hmci", "placing_authority", "local_authority"],
        now=happened + dt.timedelta(hours=30),
    )
    by_party = {s.party: s for s in states}
    assert by_party["hmci"].late
    assert not by_party["placing_authority"].late
    assert by_party["local_authority"].outstanding and by_party["local_authority"].late


def test_notification_not_late_within_the_hours():
    happened = dt.datetime(2024, 3, 30, 12, 0, tzinfo=LONDON)  # clocks go forward next night
    (state,) = rules.notification_parties(
        happened_at=happened,
        notified={},
        required=["hmci"],
        now=dt.datetime(2024, 3, 31, 12, 30, tzinfo=LONDON),  # 23.5 real hours on
    )
    assert state.outstanding and not state.late


def test_the_catalogue_loads_and_marks_unverified_rules():
    rows = {r["code"]: r for r in read_catalogue()}
    assert rows["reg44_visit"]["paragraph"] == "44(1)" and rows["reg44_visit"]["verified"]
    assert rows["reg45_report_hmci"]["deadline"] == "days:28"
    assert rows["reg45_review"]["deadline"] == "months:6"
    assert not rows["reg44_report_hmci"]["verified"]
    assert all(r["source_url"].startswith("https://www.legislation.gov.uk/") for r in rows.values())


def test_a_broken_catalogue_row_names_the_line(tmp_path):
    good = read_catalogue.__globals__["CATALOGUE"].read_text(encoding="utf-8").splitlines()
    broken = good[:2] + [good[2].replace("\tend_of_visit_month\t", "\tfortnightly\t")]
    path = tmp_path / "duties.tsv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="duties.tsv line 3: unknown deadline rule"):
        read_catalogue(path)

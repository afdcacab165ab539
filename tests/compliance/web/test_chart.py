"""The judgement chart's numbers: better judgements higher, oldest on the left."""

import datetime as dt

from compliance.web.charts import MAX_POINTS, JudgedInspection, judgement_chart


def inspection(day, overall, help="", leadership=""):
    return JudgedInspection(day, overall, help, leadership)


def test_points_are_ordered_by_date_and_placed_by_judgement():
    chart = judgement_chart(
        [
            inspection(dt.date(2024, 1, 1), "inadequate", "good"),
            inspection(dt.date(2022, 1, 1), "outstanding", "good"),
        ]
    )
    overall = chart.series[0].points
    assert overall[0].x < overall[1].x
    assert overall[0].y < overall[1].y  # outstanding drawn above inadequate
    assert "Inadequate" in overall[1].title and "01/01/2024" in overall[1].title
    assert [t.label for t in chart.x_ticks] == ["Jan 2022", "Jan 2024"]
    assert chart.series[2].points == []  # no leadership judgement given


def test_outcomes_and_unknown_values_are_not_plotted():
    chart = judgement_chart([inspection(dt.date(2024, 1, 1), "improved_effectiveness")])
    assert not chart


def test_only_the_latest_inspections_are_shown():
    many = [inspection(dt.date(2000 + n, 1, 1), "good") for n in range(MAX_POINTS + 3)]
    chart = judgement_chart(many)
    assert len(chart.series[0].points) == MAX_POINTS
    assert chart.x_ticks[0].label == "Jan 2003"

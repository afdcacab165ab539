"""The judgements-over-time chart as plain numbers for an inline SVG: no JavaScript and no
chart library. Pure: inspections in, coordinates out. Each series differs by colour, line
style and marker shape, so it reads without colour too; the page also gives the same
figures as a table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from inspections.models import Judgement

# Higher is better; only the four-point judgements of full inspections are plotted.
LEVELS = [
    (Judgement.OUTSTANDING, "Outstanding"),
    (Judgement.GOOD, "Good"),
    (Judgement.REQUIRES_IMPROVEMENT, "Requires improvement"),
    (Judgement.INADEQUATE, "Inadequate"),
]
SCORE = {value: len(LEVELS) - i for i, (value, _) in enumerate(LEVELS)}

WIDTH, HEIGHT = 640, 250
# RIGHT leaves room for the last date label, which is centred on the newest point.
LEFT, RIGHT, TOP, BOTTOM = 165, 45, 20, 40
MAX_POINTS = 12

SERIES = [
    # key, label, colour, dash pattern, marker, vertical nudge so equal values stay visible
    ("overall", "Overall experiences and progress", "#1d70b8", "", "circle", -5),
    ("help", "Help and protection", "#00703c", "8 5", "square", 0),
    ("leadership", "Leadership and management", "#4c2c92", "2 4", "triangle", 5),
]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str

    @property
    def triangle(self) -> str:
        return f"{self.x},{self.y - 6} {self.x - 6},{self.y + 5} {self.x + 6},{self.y + 5}"


@dataclass
class Series:
    key: str
    label: str
    colour: str
    dash: str
    marker: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT

    def __bool__(self) -> bool:
        return any(s.points for s in self.series)


@dataclass(frozen=True)
class JudgedInspection:
    start_date: dt.date
    overall: str
    help: str
    leadership: str


def judgement_chart(inspections: list[JudgedInspection]) -> Chart:
    """Chart the latest MAX_POINTS inspections, oldest on the left, evenly spaced."""
    shown = sorted(inspections, key=lambda i: i.start_date)[-MAX_POINTS:]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(shown) - 1, 1)

    def x_of(i: int) -> float:
        return round(LEFT + (i * step if len(shown) > 1 else plot_w / 2), 1)

    def y_of(score: int) -> float:
        return round(TOP + (len(LEVELS) - score) * plot_h / (len(LEVELS) - 1), 1)

    series = []
    for key, label, colour, dash, marker, nudge in SERIES:
        line = Series(key, label, colour, dash, marker)
        for i, inspection in enumerate(shown):
            value = getattr(inspection, key)
            if value in SCORE:
                title = f"{label}, {inspection.start_date:%d/%m/%Y}: {Judgement(value).label}"
                line.points.append(Point(x_of(i), y_of(SCORE[value]) + nudge, title))
        series.append(line)
    y_ticks = [Tick(y_of(SCORE[value]), name) for value, name in LEVELS]
    x_ticks = [Tick(x_of(i), f"{insp.start_date:%b %Y}") for i, insp in enumerate(shown)]
    return Chart(WIDTH, HEIGHT, series, y_ticks, x_ticks)

"""Fixtures for the API tests: requirements in every due state, and the manager moving one
on."""

import datetime as dt
from dataclasses import dataclass

import pytest

from compliance.rules import today_in_london
from compliance.services.lifecycle import change_status
from inspections.models import Regulation
from tests.factories import InspectionFactory, RequirementFactory


@dataclass
class Findings:
    """Requirements of world.home (and one of world.other_home) around today."""

    overdue: object
    due_today: object
    due_soon: object
    upcoming: object
    undated: object
    awaiting: object
    met: object
    elsewhere: object

    def all_of_home(self):
        return [
            self.overdue,
            self.due_today,
            self.due_soon,
            self.upcoming,
            self.undated,
            self.awaiting,
            self.met,
        ]


@pytest.fixture
def findings(world):
    today = today_in_london()
    recent = InspectionFactory(
        home=world.home, start_date=today - dt.timedelta(days=40), inspection_type="full"
    )
    older = InspectionFactory(
        home=world.home,
        start_date=today - dt.timedelta(days=400),
        inspection_type="interim",
        overall_experiences="",
        help_and_protection="",
        leadership_and_management="",
        outcome="improved_effectiveness",
    )

    def req(inspection, days, **kwargs):
        due = today + dt.timedelta(days=days) if days is not None else None
        return RequirementFactory(inspection=inspection, due_date=due, **kwargs)

    met = req(older, -300, status="met", regulation=Regulation.objects.get(number=13))
    due_today = req(recent, 0, regulation=Regulation.objects.get(number=13))
    # due_today raises `met` again: the link resolution keeps is on the earlier requirement.
    met.replaced_by = due_today
    met.save(update_fields=["replaced_by"])
    return Findings(
        overdue=req(recent, -3, compliance_notice=True),
        due_today=due_today,
        due_soon=req(recent, 10),
        upcoming=req(recent, 30, status="in_progress"),
        undated=req(recent, None),
        awaiting=req(recent, -1, status="action_completed"),
        met=met,
        elsewhere=req(InspectionFactory(home=world.other_home), -5),
    )


@pytest.fixture
def manager_moves(world):
    """manager_moves(requirement, to_status, note, **fields): world.manager changes the
    requirement's status through the lifecycle service, world.home's registered manager
    owning it; returns the status event."""

    def move(requirement, to_status, note, **fields):
        return change_status(
            requirement=requirement,
            user=world.manager,
            to_status=to_status,
            note=note,
            owner=world.home.registered_manager,
            **fields,
        )

    return move


def on_postgresql() -> bool:
    """True on PostgreSQL. Tests for one database run in that CI pass; a CI run told to use
    PostgreSQL that finds another database fails rather than skipping them."""
    import os

    from django.db import connection

    if connection.vendor == "postgresql":
        return True
    if os.environ.get("CI") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("DATABASE_URL names PostgreSQL but the tests run on another database")
    return False

"""The requirement lifecycle: allowed steps per role, owner and evidence rules, history."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from compliance.models import AppendOnlyError, RequirementEvent
from compliance.services.evidence import EvidenceError, EvidenceUpload
from compliance.services.lifecycle import LifecycleError, allowed_steps, change_status
from tests.factories import InspectionFactory, PersonFactory, RequirementFactory

PDF = EvidenceUpload(name="fire drill log.pdf", content=b"%PDF-1.4 evidence")


@pytest.fixture
def requirement(world):
    return RequirementFactory(inspection=InspectionFactory(home=world.home))


def steps(user, requirement):
    return [s.to_status for s in allowed_steps(user=user, requirement=requirement)]


def test_provider_staff_plan_and_complete_but_only_regulators_confirm(world, requirement):
    assert steps(world.manager, requirement) == ["in_progress", "action_completed"]
    assert steps(world.responsible_individual, requirement) == ["in_progress", "action_completed"]
    assert steps(world.regulator, requirement) == ["met", "not_met"]
    assert steps(world.outsider, requirement) == []


def test_full_journey_leaves_a_complete_history(world, requirement):
    owner = world.home.registered_manager
    change_status(
        requirement=requirement,
        user=world.manager,
        to_status="in_progress",
        note="Retrain staff by Friday",
        owner=owner,
    )
    change_status(
        requirement=requirement,
        user=world.responsible_individual,
        to_status="action_completed",
        note="Training done",
        files=[PDF],
    )
    change_status(
        requirement=requirement, user=world.regulator, to_status="met", note="Seen at visit"
    )
    requirement.refresh_from_db()
    assert requirement.status == "met"
    assert requirement.owner == owner
    history = [(e.kind, e.from_status, e.to_status) for e in requirement.events.all()]
    assert history == [
        ("owner", "", ""),
        ("status", "open", "in_progress"),
        ("status", "in_progress", "action_completed"),
        ("status", "action_completed", "met"),
    ]
    evidence = requirement.evidence.get()
    assert evidence.original_name == "fire drill log.pdf"
    assert evidence.file.name.startswith(f"evidence/{requirement.pk}/")
    assert "fire drill" not in evidence.file.name


@pytest.mark.parametrize(
    ("to_status", "note", "owner", "field"),
    [
        ("in_progress", "Plan", None, "owner"),
        ("action_completed", "x", None, "files"),
        ("in_progress", " ", "registered_manager", "note"),
        ("met", "done", None, "to_status"),
        ("in_progress", "Plan", "another_providers_person", "owner"),
    ],
    ids=["no owner", "no evidence", "no note", "not allowed", "foreign owner"],
)
def test_rules_name_the_field_at_fault(world, requirement, to_status, note, owner, field):
    owners = {
        None: None,
        "registered_manager": world.home.registered_manager,
        "another_providers_person": PersonFactory(),
    }
    with pytest.raises(LifecycleError) as refused:
        change_status(
            requirement=requirement,
            user=world.manager,
            to_status=to_status,
            note=note,
            owner=owners[owner],
        )
    assert refused.value.field == field
    requirement.refresh_from_db()
    assert requirement.status == "open" and not requirement.events.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (EvidenceUpload(name="virus.exe", content=b"MZ..."), "not accepted"),
        (EvidenceUpload(name="fake.pdf", content=b"<html>"), "does not look like a pdf"),
        (EvidenceUpload(name="empty.txt", content=b""), "empty"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(world, requirement, upload, message):
    done = {"to_status": "action_completed", "note": "Done"}
    with pytest.raises(EvidenceError, match=message):
        change_status(requirement=requirement, user=world.manager, files=[upload], **done)
    assert not requirement.events.exists() and not requirement.evidence.exists()


def test_evidence_over_the_size_limit_is_refused(world, requirement, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(EvidenceError, match="limit"):
        change_status(
            requirement=requirement,
            user=world.manager,
            to_status="action_completed",
            note="Done",
            files=[EvidenceUpload(name="big.txt", content=b"x" * 11)],
        )


def test_history_cannot_be_edited_or_deleted_even_with_sql(world, requirement):
    event = change_status(
        requirement=requirement,
        user=world.manager,
        to_status="in_progress",
        note="Plan",
        owner=world.home.registered_manager,
    )
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        RequirementEvent.objects.filter(pk=event.pk).update(note="rewritten")
    table = RequirementEvent._meta.db_table
    for sql in (f"UPDATE {table} SET note = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert RequirementEvent.objects.get(pk=event.pk).note == "Plan"

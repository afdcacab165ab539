"""Moving a requirement from raised to met: the allowed steps, who may take them, and the
history each step leaves."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from compliance.models import Evidence, RequirementEvent
from compliance.rules import CLOSED_STATUSES
from compliance.services.audit import record_requirement_event
from compliance.services.counts import counted_once
from compliance.services.errors import ServiceError
from compliance.services.evidence import (
    EvidenceError,
    EvidenceUpload,
    check_batch,
    store_evidence,
)
from inspections.models import Requirement, RequirementStatus
from providers.access import (
    can_confirm,
    can_work_on,
    homes_worked_on_among,
    is_provider_staff_for,
    may_own,
)
from providers.models import Person, User

S = RequirementStatus

# Who moves a requirement where. Provider staff plan and complete the work; only a
# regulator (or a staff admin) confirms the outcome.
PROVIDER_STEPS = {
    S.OPEN: {S.IN_PROGRESS, S.ACTION_COMPLETED},
    S.IN_PROGRESS: {S.ACTION_COMPLETED},
    S.ACTION_COMPLETED: {S.IN_PROGRESS},
    S.NOT_MET: {S.IN_PROGRESS},
}
CONFIRMER_STEPS = {
    S.OPEN: {S.MET, S.NOT_MET},
    S.IN_PROGRESS: {S.MET, S.NOT_MET},
    S.ACTION_COMPLETED: {S.MET, S.NOT_MET, S.IN_PROGRESS},
    S.NOT_MET: {S.MET},
}


class LifecycleError(ServiceError):
    """A step that is not allowed, with a message for the user and the field at fault."""


# Regulators and staff admins confirm; only the provider's staff own and evidence the work.
STAFF_ONLY = "Only the provider's staff set an owner or add evidence."


@dataclass(frozen=True)
class Step:
    to_status: str
    label: str


STEP_LABELS = {
    S.IN_PROGRESS: "Start work (in progress)",
    S.ACTION_COMPLETED: "Action completed: ask for confirmation",
    S.MET: "Confirm as met",
    S.NOT_MET: "Confirm as not met",
}


def allowed_steps(*, user: User, requirement: Requirement) -> list[Step]:
    """The statuses this user may move this requirement to, in a stable order."""
    targets: set[str] = set()
    if is_provider_staff_for(user=user, home=requirement.inspection.home):
        targets |= PROVIDER_STEPS.get(requirement.status, set())
    if can_confirm(user=user):
        targets |= CONFIRMER_STEPS.get(requirement.status, set())
    return [Step(s, STEP_LABELS[s]) for s in S.values if s in targets]


@transaction.atomic
def change_status(
    *,
    requirement: Requirement,
    user: User,
    to_status: str,
    note: str,
    owner: Person | None = None,
    files: list[EvidenceUpload] = (),
) -> RequirementEvent:
    """Move a requirement to `to_status`, recording who, when, from, to and why.

    - in progress needs an owner (given here or already set) and a note of planned actions;
    - action completed needs a note and at least one evidence file (given here or before);
    - met and not met are for regulators and staff admins.
    """
    # Lock the row so two people moving it at once cannot both start from the same status.
    requirement = (
        Requirement.objects.select_for_update()
        .select_related("inspection__home")
        .get(pk=requirement.pk)
    )
    note = (note or "").strip()
    problems = status_change_problems(
        requirement=requirement, user=user, to_status=to_status, note=note, owner=owner, files=files
    )
    if problems:
        field, message = problems[0]
        raise LifecycleError(message, field=field)
    check_batch(requirement=requirement, files=list(files))

    if owner is not None and owner.pk != requirement.owner_id:
        record_requirement_event(
            requirement, user, RequirementEvent.Kind.OWNER, note=f"Owner: {owner.name}"
        )
        requirement.owner = owner
    event = record_requirement_event(
        requirement,
        user,
        RequirementEvent.Kind.STATUS,
        from_status=requirement.status,
        to_status=to_status,
        note=note,
    )
    for upload in files:
        store_evidence(requirement=requirement, user=user, upload=upload, event=event)
    requirement.status = to_status
    requirement.save(update_fields=["status", "owner", "updated_at"])
    return event


def status_change_problems(
    *, requirement: Requirement, user: User, to_status: str | None, note: str, owner, files
) -> list[tuple[str, str]]:
    """Every reason this status change cannot be made, as (field, message), in the form's
    order: so a form can show them all at once, and change_status refuses on the first."""
    problems = []
    if to_status is not None and to_status not in {
        step.to_status for step in allowed_steps(user=user, requirement=requirement)
    }:
        problems.append(
            (
                "to_status",
                f"You cannot move this requirement from {requirement.get_status_display()} "
                f"to {S(to_status).label if to_status in S.values else to_status!r}.",
            )
        )
    if not (note or "").strip():
        problems.append(("note", "Say what was done or planned in a note."))
    home = requirement.inspection.home
    staff = can_work_on(user=user, home=home) if owner is not None or files else True
    if owner is not None and not staff:
        problems.append(("owner", STAFF_ONLY))
    elif owner is not None and not may_own(person=owner, home=home):
        problems.append(("owner", "The owner must be one of the provider's people."))
    elif to_status == S.IN_PROGRESS and owner is None and requirement.owner_id is None:
        problems.append(("owner", "Name an owner before starting work."))
    if files and not staff:
        problems.append(("files", STAFF_ONLY))
    elif to_status == S.ACTION_COMPLETED and not files and not requirement.evidence.exists():
        problems.append(("files", "Attach at least one evidence file."))
    return problems


@transaction.atomic
def assign_owner(*, requirement_ids, user: User, owner: Person) -> int:
    """Give many requirements one owner (provider staff): one history event for each whose
    owner changes. All or nothing: a requirement the user may not work on, a closed one, or
    an owner from another provider refuses the whole batch. Returns how many changed."""
    requirements = list(
        Requirement.objects.select_for_update()
        .select_related("inspection__home")
        .filter(pk__in=requirement_ids)
        .order_by("pk")
    )
    if not requirements or len(requirements) != len(set(requirement_ids)):
        raise LifecycleError("Choose requirements you can see.", field="requirements")
    with counted_once():  # each home recounted once, not once per requirement
        return _assign(requirements, user=user, owner=owner)


def _assign(requirements: list[Requirement], *, user: User, owner: Person) -> int:
    changed = 0
    worked = homes_worked_on_among(user=user, home_ids=[r.inspection.home_id for r in requirements])
    for requirement in requirements:
        home = requirement.inspection.home
        if home.pk not in worked:
            raise LifecycleError(STAFF_ONLY, field="owner")
        if not may_own(person=owner, home=home):
            raise LifecycleError(
                f"{owner.name} is not one of the provider's people for {home.urn}.",
                field="owner",
            )
        if requirement.status in CLOSED_STATUSES:
            raise LifecycleError(
                f"{requirement.citation} at {home.urn} is closed: its owner stays as it was.",
                field="requirements",
            )
        if requirement.owner_id == owner.pk:
            continue
        record_requirement_event(
            requirement, user, RequirementEvent.Kind.OWNER, note=f"Owner: {owner.name}"
        )
        requirement.owner = owner
        requirement.save(update_fields=["owner", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def add_evidence(
    *, requirement: Requirement, user: User, files: list[EvidenceUpload], note: str = ""
) -> RequirementEvent:
    """Attach evidence without changing the status (provider staff only)."""
    if not can_work_on(user=user, home=requirement.inspection.home):
        raise LifecycleError(STAFF_ONLY, field="files")
    if not files:
        raise LifecycleError("Choose at least one file.", field="files")
    check_batch(requirement=requirement, files=files)
    names = ", ".join(f.name for f in files)
    event = record_requirement_event(
        requirement, user, RequirementEvent.Kind.EVIDENCE, note=note.strip() or f"Added {names}"
    )
    for upload in files:
        store_evidence(requirement=requirement, user=user, upload=upload, event=event)
    return event


__all__ = [
    "Evidence",
    "EvidenceError",
    "EvidenceUpload",
    "LifecycleError",
    "add_evidence",
    "allowed_steps",
    "change_status",
]

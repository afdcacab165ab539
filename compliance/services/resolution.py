"""What a home's later inspections made of its earlier requirements.

Ofsted decides it at each inspection: a requirement still not met is raised again (with a
new due date), and one not raised again is no longer required. Here that is a function of
the home's reported inspections, those imported from their own report (an inspection known
only from another report's history never resolves anything), so any order of imports,
importing again, or a corrected report all end in the same rows:

- `plan_resolutions` is pure: inspections and their requirements in, the resolution each
  requirement should have out;
- `resolve_home` brings a home's rows to that plan, one history event per change;
- `undo_resolution` lets a regulator reopen a requirement a resolution closed; the plan
  then skips that inspection for it.

Which inspection types review every earlier requirement is compliance.rules'
`reviews_all_earlier_requirements`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from compliance.models import RequirementEvent
from compliance.rules import (
    RESOLVED_BY_INSPECTION_STATUSES,
    UNRESOLVED_STATUSES,
    reviews_all_earlier_requirements,
)
from compliance.services.audit import record_requirement_event
from compliance.services.errors import ServiceError
from inspections.models import Inspection, Requirement, RequirementStatus
from providers.access import can_confirm
from providers.models import User

S = RequirementStatus


# -- the pure plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFacts:
    """What the plan needs of one requirement."""

    id: int
    regulation: int
    citation: str
    sequence: int
    status: str
    undone_for: int | None = None  # an inspection whose resolution a regulator undid


@dataclass(frozen=True)
class InspectionFacts:
    id: int
    inspection_type: str
    start_date: dt.date
    requirements: tuple[FindingFacts, ...]


@dataclass(frozen=True)
class Resolution:
    """How a later inspection resolved a requirement."""

    inspection_id: int
    status: str  # raised_again or not_raised_again
    replaced_by: int | None = None


def _replacement(earlier: FindingFacts, candidates: Sequence[FindingFacts]) -> FindingFacts:
    """Of the later inspection's requirements under the same regulation, the one that
    replaces `earlier`: the same citation, else the longest shared citation, else the first."""

    def shared(c: FindingFacts) -> int:
        n = 0
        for a, b in zip(earlier.citation, c.citation, strict=False):
            if a != b:
                break
            n += 1
        return n

    return min(candidates, key=lambda c: (c.citation != earlier.citation, -shared(c), c.sequence))


def plan_resolutions(inspections: Sequence[InspectionFacts]) -> dict[int, Resolution | None]:
    """For each requirement that is unresolved or resolved by an inspection, the
    resolution it should have (None: none, it stays with its own lifecycle). Requirements
    a regulator confirmed met are not part of the plan: a later inspection does not
    change them."""
    ordered = sorted(inspections, key=lambda i: i.start_date)
    plan: dict[int, Resolution | None] = {}
    for position, inspection in enumerate(ordered):
        later = ordered[position + 1 :]
        for req in inspection.requirements:
            if req.status not in UNRESOLVED_STATUSES + RESOLVED_BY_INSPECTION_STATUSES:
                continue
            plan[req.id] = _resolve_one(req, inspection, later)
    return plan


def _resolve_one(
    req: FindingFacts, inspection: InspectionFacts, later: Sequence[InspectionFacts]
) -> Resolution | None:
    for candidate in later:
        if candidate.start_date <= inspection.start_date or candidate.id == req.undone_for:
            continue
        same = [r for r in candidate.requirements if r.regulation == req.regulation]
        if same:
            return Resolution(candidate.id, S.RAISED_AGAIN, _replacement(req, same).id)
        if reviews_all_earlier_requirements(candidate.inspection_type):
            return Resolution(candidate.id, S.NOT_RAISED_AGAIN)
        # A focused inspection (monitoring, assurance) did not review it: look further.
    return None


# -- applying the plan ----------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionChange:
    """One requirement whose resolution changed, for the import's report."""

    requirement_id: int
    citation: str
    inspection_date: dt.date
    from_status: str
    to_status: str
    resolution: Resolution | None
    resolver_label: str = ""
    replacement_citation: str = ""

    def describe(self) -> str:
        where = f"{self.citation} (inspection {self.inspection_date:%d/%m/%Y})"
        if self.resolution is None:
            status = S(self.to_status).label.lower()
            return f"{where} reopened as {status}: no later inspection resolves it"
        if self.resolution.status == S.RAISED_AGAIN:
            return (
                f"{where} raised again at the {self.resolver_label} as "
                f"{self.replacement_citation}: closed as not met"
            )
        return f"{where} not raised again at the {self.resolver_label}: closed"


def _label(inspection: Inspection) -> str:
    return f"{inspection.inspection_type} inspection of {inspection.start_date:%d/%m/%Y}"


def status_before_resolution(requirement: Requirement) -> str:
    """The lifecycle status the requirement had when an inspection first resolved it."""
    event = (
        requirement.events.filter(
            kind=RequirementEvent.Kind.RESOLVED, from_status__in=UNRESOLVED_STATUSES
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return event.from_status if event else S.OPEN


def resolve_home(*, home_id: int, user: User | None = None) -> list[ResolutionChange]:
    """Bring the resolutions of a home's requirements to what its reported inspections
    say. Runs inside the caller's transaction (the import's); returns what changed."""
    inspections = list(
        Inspection.objects.filter(home_id=home_id, known_from_history_only=False)
        .order_by("start_date")
        .prefetch_related("requirements")
    )
    by_id = {i.pk: i for i in inspections}
    rows = {r.pk: r for i in inspections for r in i.requirements.all()}
    facts = [
        InspectionFacts(
            i.pk,
            i.inspection_type,
            i.start_date,
            tuple(
                FindingFacts(
                    r.pk,
                    r.regulation_id,
                    r.citation,
                    r.sequence,
                    r.status,
                    r.resolution_undone_for_id,
                )
                for r in i.requirements.all()
            ),
        )
        for i in inspections
    ]
    changes = []
    for requirement_id, wanted in plan_resolutions(facts).items():
        requirement = rows[requirement_id]
        current = (
            Resolution(requirement.resolved_by_id, requirement.status, requirement.replaced_by_id)
            if requirement.status in RESOLVED_BY_INSPECTION_STATUSES
            else None
        )
        if current == wanted:
            continue
        # Locked so a status change made at the same moment cannot be overwritten.
        requirement = Requirement.objects.select_for_update().get(pk=requirement_id)
        changes.append(_apply(requirement, wanted, by_id, rows, user))
    return changes


def _apply(requirement, wanted, inspections, rows, user) -> ResolutionChange:
    from_status = requirement.status
    own = inspections[requirement.inspection_id]
    if wanted is None:
        to_status = status_before_resolution(requirement)
        note = "Reopened: no later inspection of the home resolves it any more."
        event_inspection = requirement.resolved_by_id
        requirement.status, requirement.resolved_by, requirement.replaced_by = to_status, None, None
        kind = RequirementEvent.Kind.RESOLUTION_UNDONE
        resolver_label = replacement_citation = ""
    else:
        resolver = inspections[wanted.inspection_id]
        resolver_label = _label(resolver)
        replacement_citation = rows[wanted.replaced_by].citation if wanted.replaced_by else ""
        to_status = wanted.status
        if wanted.status == S.RAISED_AGAIN:
            note = (
                f"Not met at the {resolver_label}: raised again as {replacement_citation}, "
                "which replaces this requirement."
            )
        else:
            note = f"Not raised again at the {resolver_label}: no longer required."
        event_inspection = wanted.inspection_id
        requirement.status = to_status
        requirement.resolved_by_id = wanted.inspection_id
        requirement.replaced_by_id = wanted.replaced_by
        kind = RequirementEvent.Kind.RESOLVED
    record_requirement_event(
        requirement,
        user,
        kind,
        note=note,
        from_status=from_status,
        to_status=to_status,
        inspection_id=event_inspection,
        via="report import",
    )
    requirement.save(update_fields=["status", "resolved_by", "replaced_by", "updated_at"])
    return ResolutionChange(
        requirement.pk,
        requirement.citation,
        own.start_date,
        from_status,
        to_status,
        wanted,
        resolver_label,
        replacement_citation,
    )


# -- undoing a resolution ----------------------------------------------------------------


class ResolutionError(ServiceError):
    """An undo that is not allowed, with the field at fault."""


@transaction.atomic
def undo_resolution(*, requirement: Requirement, user: User, note: str) -> RequirementEvent:
    """Reopen a requirement that a later inspection resolved, with the status it had
    before. The resolution by that inspection is not applied again; a still later one may
    resolve it."""
    if not can_confirm(user=user):
        raise ResolutionError("Only regulators and staff admins undo a resolution.")
    note = (note or "").strip()
    if not note:
        raise ResolutionError("Say why the resolution is undone in a note.", field="note")
    requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if requirement.status not in RESOLVED_BY_INSPECTION_STATUSES:
        raise ResolutionError("This requirement was not resolved by a later inspection.")
    from_status, to_status = requirement.status, status_before_resolution(requirement)
    event = RequirementEvent.objects.create(
        requirement=requirement,
        kind=RequirementEvent.Kind.RESOLUTION_UNDONE,
        actor=user,
        actor_name=user.get_full_name() or user.get_username(),
        from_status=from_status,
        to_status=to_status,
        note=note,
        inspection_id=requirement.resolved_by_id,
    )
    requirement.resolution_undone_for_id = requirement.resolved_by_id
    requirement.status, requirement.resolved_by, requirement.replaced_by = to_status, None, None
    requirement.save(
        update_fields=[
            "status",
            "resolved_by",
            "replaced_by",
            "resolution_undone_for",
            "updated_at",
        ]
    )
    return event

"""Writes to a home's duty records. Only the provider's staff write; every write leaves a
DutyEvent row (append-only) in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction

from compliance.duties.models import (
    Action,
    ActionEvidence,
    Duty,
    DutyEvent,
    Notification,
    Review,
    Visit,
)
from compliance.services.audit import actor_name
from compliance.services.errors import ServiceError
from compliance.services.evidence import (
    EvidenceError,
    EvidenceUpload,
    check_upload,
    display_name,
    save_upload,
)
from compliance.services.lifecycle import PROVIDER_STEPS
from inspections.models import RequirementStatus
from providers.access import is_provider_staff_for
from providers.models import Home, Person, User

S = RequirementStatus
# Actions from a visit or review are the provider's own: its staff also close them, as
# no regulator confirms them (unlike Ofsted's requirements).
ACTION_STEPS = {
    **PROVIDER_STEPS,
    S.ACTION_COMPLETED: {S.IN_PROGRESS, S.MET, S.NOT_MET},
    S.IN_PROGRESS: {S.ACTION_COMPLETED, S.MET},
}


class DutyError(ServiceError):
    """A duty write that is not allowed or not valid: a message and the field at fault."""


def require_staff(*, user: User, home: Home) -> None:
    if not is_provider_staff_for(user=user, home=home):
        raise PermissionError("Only the provider's staff record monitoring duties.")


def _event(record, *, user, kind, note="", from_status="", to_status=""):
    """The history row of one write to `record` (an action's rows also link the action)."""
    return DutyEvent.objects.create(
        home=record.home,
        record_type=type(record).__name__.lower(),
        record_id=record.pk,
        action=record if isinstance(record, Action) else None,
        kind=kind,
        actor=user,
        actor_name=actor_name(user),
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _store_report(record, upload: EvidenceUpload | None) -> None:
    if upload is None:
        return
    try:
        check_upload(upload)
    except EvidenceError as exc:
        raise DutyError(exc.message, "report") from exc
    record.report_name = display_name(upload.name)
    record.report.save(record.report_name, ContentFile(upload.content), save=False)


def _check_not_future(value: dt.date | None, *, field: str, today: dt.date) -> None:
    if value is not None and value > today:
        raise DutyError(f"{field.replace('_', ' ').capitalize()} cannot be in the future.", field)


def _actions(*, record, home, user, source, texts: Sequence[str], due_date, owner) -> None:
    for text in (t.strip() for t in texts):
        if not text:
            continue
        action = Action.objects.create(
            home=home,
            source=source,
            visit=record if source == Action.Source.VISIT else None,
            review=record if source == Action.Source.REVIEW else None,
            text=text,
            due_date=due_date,
            owner=owner,
            recorded_by=user,
        )
        _event(action, user=user, kind=DutyEvent.Kind.CREATED)


@transaction.atomic
def record_visit(
    *,
    home: Home,
    user: User,
    visit_date: dt.date,
    independent_person: str,
    today: dt.date,
    report: EvidenceUpload | None = None,
    sent_to_ofsted_on: dt.date | None = None,
    sent_to_provider_on: dt.date | None = None,
    notes: str = "",
    recommendations: Sequence[str] = (),
    actions_due: dt.date | None = None,
    actions_owner: Person | None = None,
) -> Visit:
    """A Regulation 44 visit; each recommendation becomes a tracked action."""
    require_staff(user=user, home=home)
    if not independent_person.strip():
        raise DutyError("Name the independent person who visited.", "independent_person")
    for field, value in (
        ("visit_date", visit_date),
        ("sent_to_ofsted_on", sent_to_ofsted_on),
        ("sent_to_provider_on", sent_to_provider_on),
    ):
        _check_not_future(value, field=field, today=today)
    for field, value in (
        ("sent_to_ofsted_on", sent_to_ofsted_on),
        ("sent_to_provider_on", sent_to_provider_on),
    ):
        if value is not None and value < visit_date:
            raise DutyError("A report cannot be sent before the visit.", field)
    visit = Visit(
        home=home,
        recorded_by=user,
        visit_date=visit_date,
        independent_person=independent_person.strip(),
        sent_to_ofsted_on=sent_to_ofsted_on,
        sent_to_provider_on=sent_to_provider_on,
        notes=notes,
    )
    _save_with_actions(
        visit,
        user=user,
        report=report,
        texts=recommendations,
        due_date=actions_due,
        owner=actions_owner,
    )
    return visit


@transaction.atomic
def record_review(
    *,
    home: Home,
    user: User,
    period_start: dt.date,
    period_end: dt.date,
    completed_on: dt.date,
    today: dt.date,
    report: EvidenceUpload | None = None,
    sent_to_ofsted_on: dt.date | None = None,
    notes: str = "",
    actions: Sequence[str] = (),
    actions_due: dt.date | None = None,
    actions_owner: Person | None = None,
) -> Review:
    """A Regulation 45 review; each action it lists becomes a tracked action."""
    require_staff(user=user, home=home)
    if period_end < period_start:
        raise DutyError("The period must end on or after its start.", "period_end")
    if completed_on < period_start:
        raise DutyError("A review cannot be completed before its period starts.", "completed_on")
    _check_not_future(completed_on, field="completed_on", today=today)
    _check_not_future(sent_to_ofsted_on, field="sent_to_ofsted_on", today=today)
    if sent_to_ofsted_on is not None and sent_to_ofsted_on < completed_on:
        raise DutyError(
            "The report cannot be sent before the review is completed.", "sent_to_ofsted_on"
        )
    review = Review(
        home=home,
        recorded_by=user,
        period_start=period_start,
        period_end=period_end,
        completed_on=completed_on,
        sent_to_ofsted_on=sent_to_ofsted_on,
        notes=notes,
    )
    _save_with_actions(
        review, user=user, report=report, texts=actions, due_date=actions_due, owner=actions_owner
    )
    return review


def _save_with_actions(record, *, user, report, texts, due_date, owner) -> None:
    """Save a new visit or review with its report, its event and an action per text."""
    _store_report(record, report)
    record.save()
    _event(record, user=user, kind=DutyEvent.Kind.CREATED)
    source = Action.Source.VISIT if isinstance(record, Visit) else Action.Source.REVIEW
    _actions(
        record=record,
        home=record.home,
        user=user,
        source=source,
        texts=texts,
        due_date=due_date,
        owner=owner,
    )


@transaction.atomic
def record_notification(
    *,
    home: Home,
    user: User,
    duty: Duty,
    description: str,
    happened_at: dt.datetime,
    now: dt.datetime,
    notified: dict[str, dt.datetime | None] | None = None,
) -> Notification:
    """A Regulation 40 serious event and whom the home has told, when."""
    require_staff(user=user, home=home)
    if duty.kind != Duty.Kind.NOTIFICATION:
        raise DutyError(f"{duty.code} is not a serious event duty.", "duty")
    if not description.strip():
        raise DutyError("Say what happened.", "description")
    if happened_at > now:
        raise DutyError("The event cannot be in the future.", "happened_at")
    notification = Notification(
        home=home, recorded_by=user, duty=duty, description=description, happened_at=happened_at
    )
    _set_notified(notification, notified or {}, now=now)
    notification.save()
    _event(notification, user=user, kind=DutyEvent.Kind.CREATED)
    return notification


def _set_notified(notification: Notification, notified: dict, *, now: dt.datetime) -> list[str]:
    changed = []
    for party, at in notified.items():
        field = Notification.PARTY_FIELDS.get(party)
        if field is None:
            raise DutyError(f"Unknown party {party!r}.", "notified")
        if at is not None and (at < notification.happened_at or at > now):
            raise DutyError("A notification time must be between the event and now.", field)
        if getattr(notification, field) != at:
            setattr(notification, field, at)
            changed.append(field)
    return changed


@transaction.atomic
def update_visit(*, visit: Visit, user: User, today: dt.date, **changes) -> Visit:
    """Record when the visit's report was sent (the fields that change after a visit)."""
    return _update_report_dates(
        visit,
        user=user,
        today=today,
        changes=changes,
        allowed={"sent_to_ofsted_on", "sent_to_provider_on", "notes"},
        not_before=visit.visit_date,
        too_early="A report cannot be sent before the visit.",
    )


@transaction.atomic
def update_review(*, review: Review, user: User, today: dt.date, **changes) -> Review:
    """Record when the review's report was sent to Ofsted, or change its notes."""
    return _update_report_dates(
        review,
        user=user,
        today=today,
        changes=changes,
        allowed={"sent_to_ofsted_on", "notes"},
        not_before=review.completed_on,
        too_early="The report cannot be sent before the review is completed.",
    )


def _update_report_dates(record, *, user, today, changes, allowed, not_before, too_early):
    """Change a visit's or review's sent-on dates (never in the future, never before the
    visit or review itself) and notes, with one 'changed' event if anything changed."""
    require_staff(user=user, home=record.home)
    changed = []
    for field, value in changes.items():
        if field not in allowed:
            raise DutyError(f"{field} cannot be changed.", field)
        if field != "notes":
            _check_not_future(value, field=field, today=today)
            if value is not None and value < not_before:
                raise DutyError(too_early, field)
        if getattr(record, field) != value:
            setattr(record, field, value)
            changed.append(field)
    return _save_changed(record, changed, user=user, verb="Changed")


def _save_changed(record, changed: list[str], *, user, verb: str):
    """Save `record` with one 'changed' event naming the fields, if any changed."""
    if changed:
        record.save()
        _event(record, user=user, kind=DutyEvent.Kind.UPDATED, note=f"{verb} {', '.join(changed)}")
    return record


@transaction.atomic
def update_notification(
    *, notification: Notification, user: User, now: dt.datetime, notified: dict
) -> Notification:
    require_staff(user=user, home=notification.home)
    changed = _set_notified(notification, notified, now=now)
    return _save_changed(notification, changed, user=user, verb="Recorded")


def allowed_action_statuses(*, user: User, action: Action) -> list[str]:
    if not is_provider_staff_for(user=user, home=action.home):
        return []
    return sorted(ACTION_STEPS.get(action.status, set()))


@transaction.atomic
def change_action(
    *,
    action: Action,
    user: User,
    status: str | None = None,
    owner: Person | None | bool = False,
    due_date: dt.date | None | bool = False,
    note: str = "",
) -> Action:
    """Move an action's status, owner or due date; each change is one history row.
    `False` means 'leave as it is' for owner and due date (None clears them)."""
    require_staff(user=user, home=action.home)
    action = Action.objects.select_for_update().get(pk=action.pk)
    home = action.home
    if status is not None and status != action.status:
        if status not in ACTION_STEPS.get(action.status, set()):
            raise DutyError(
                f"An action that is {action.get_status_display().lower()} cannot move to "
                f"{S(status).label.lower() if status in S.values else status}.",
                "status",
            )
        _event(
            action,
            user=user,
            kind=DutyEvent.Kind.STATUS,
            from_status=action.status,
            to_status=status,
            note=note,
        )
        action.status = status
        note = ""
    if owner is not False and owner != action.owner:
        if owner is not None and owner.provider_id != home.provider_id:
            raise DutyError("The owner must be one of the provider's people.", "owner")
        action.owner = owner
        owner_note = f"Owner: {owner.name if owner else 'nobody'}"
        _event(action, user=user, kind=DutyEvent.Kind.OWNER, note=owner_note)
    if due_date is not False and due_date != action.due_date:
        action.due_date = due_date
        due_note = f"Due date: {due_date:%d/%m/%Y}" if due_date else "Due date cleared"
        _event(action, user=user, kind=DutyEvent.Kind.UPDATED, note=due_note)
    if note:
        _event(action, user=user, kind=DutyEvent.Kind.NOTE, note=note)
    action.save()
    return action


@transaction.atomic
def add_action_evidence(*, action: Action, user: User, upload: EvidenceUpload) -> ActionEvidence:
    require_staff(user=user, home=action.home)
    try:
        evidence = save_upload(ActionEvidence, upload=upload, user=user, action=action)
    except EvidenceError as exc:
        raise DutyError(exc.message, "file") from exc
    _event(action, user=user, kind=DutyEvent.Kind.EVIDENCE, note=evidence.original_name)
    action.save(update_fields=["updated_at"])  # the changes feed lists the action as changed
    return evidence

"""Who did it: the one way services name the actor on the event rows they write."""

from __future__ import annotations

from compliance.models import RequirementEvent
from providers.models import User


def actor_name(user: User | None, *, via: str = "") -> str:
    """The name kept on an event, so history still reads right if the account goes.
    `via` names the channel (a report import); no user means the import itself."""
    if user is None:
        return via.capitalize()
    name = user.get_full_name() or user.get_username()
    return f"{name} ({via})" if via else name


def record_requirement_event(
    requirement, user, kind, *, note="", from_status="", to_status="", inspection_id=None, via=""
) -> RequirementEvent:
    return RequirementEvent.objects.create(
        requirement=requirement,
        kind=kind,
        actor=user,
        actor_name=actor_name(user, via=via),
        from_status=from_status,
        to_status=to_status,
        note=note,
        inspection_id=inspection_id,
    )

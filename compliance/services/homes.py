"""A home's own name: the provider's name for it, which no Ofsted report gives."""

from __future__ import annotations

from compliance.services.errors import ServiceError
from providers.access import can_name_home
from providers.models import Home, User

NAME_MAX_LENGTH = Home._meta.get_field("name").max_length


def name_home(*, home: Home, user: User, name: str) -> Home:
    """Set (or, with an empty name, clear) the provider's name for `home`."""
    if not can_name_home(user=user, home=home):
        raise ServiceError("Only the provider's managers can name its homes.")
    name = " ".join(name.split())
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(f"Keep the name to {NAME_MAX_LENGTH} characters.", field="name")
    if name != home.name:
        home.name = name
        home.save(update_fields=["name", "updated_at"])
    return home

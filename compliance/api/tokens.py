"""API tokens: create (the key is shown once), revoke, and find the token a key belongs to.

Only the SHA-256 of a key is stored, so a leaked database does not leak working keys.
The first characters of the key are kept as `prefix`, to tell tokens apart in a list.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from providers.models import ApiToken, User

KEY_PREFIX = "cht_"  # "compliance tracker": lets secret scanners recognise our keys
PREFIX_LENGTH = 12


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # the only time the key exists outside the client


def create_token(*, user: User, name: str) -> NewToken:
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
    )
    return NewToken(token=token, key=key)


def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke once; revoking again keeps the first time."""
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db(fields=["revoked_at"])
    return token


def token_for_key(*, key: str) -> ApiToken | None:
    """The live token of an active user with this key, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


# How stale last_used_at may get: saves a write on every request of a busy integration.
LAST_USED_RESOLUTION_SECONDS = 60


def note_use(*, token: ApiToken) -> None:
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

"""Private calendar feed URLs: one live URL per user at a time, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from providers.models import CalendarFeed, User


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(*, user: User) -> tuple[CalendarFeed, str]:
    """A new feed for the user, replacing (revoking) any live one. Returns the feed and
    its token, which is not stored and so can be shown only now."""
    revoke_calendar_feeds(user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=hash_feed_token(token))
    return feed, token


def revoke_calendar_feeds(*, user: User) -> int:
    """Revoke the user's live feeds; their URLs answer 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )

"""The key of one cached answer: who asks (their account and what they may see, with its
generation), what they ask for (host, path with query, representation) and today's date."""

from __future__ import annotations

import hashlib

from compliance.readcache.generations import scope_generation
from compliance.rules import today_in_london
from providers.access import sees_everything


def answer_key(request, *, kind: str, representation: str = "") -> str:
    user = request.user
    parts = [
        kind,
        str(user.pk),
        "all" if sees_everything(user) else "own",
        scope_generation(user=user),
        today_in_london().isoformat(),
        request.get_host(),
        request.get_full_path(),
        representation,
        request.headers.get("HX-Request", ""),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"readcache:{kind}:{digest}"

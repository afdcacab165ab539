"""Sign-in throttling: failed attempts are counted in the cache per (username, address) and
per address, and sign-in is refused while either count is at its limit. The count starts
at the first failure and is forgotten SIGNIN_LOCKOUT_SECONDS later; a refused attempt is
not checked against the password at all, so guessing cannot go on during a lockout.

With several server processes the cache must be shared (Redis) for the limits to hold
across them; the default in-process cache counts per process.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from compliance.web import conf


def client_address(request: HttpRequest) -> str:
    """The address the connection came from. Forwarded headers are not trusted: anyone
    can send them."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"web-throttle:{kind}:{digest}"


def _user_key(username: str, address: str) -> str:
    return _key("signin-user", username.strip().casefold(), address)


def _address_key(address: str) -> str:
    return _key("signin-address", address)


def _bump(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def signin_refused(*, username: str, address: str) -> bool:
    """True while this username from this address, or this address, has too many failures."""
    counts = cache.get_many([_user_key(username, address), _address_key(address)])
    return counts.get(_user_key(username, address), 0) >= conf.get(
        "SIGNIN_MAX_FAILURES"
    ) or counts.get(_address_key(address), 0) >= conf.get("SIGNIN_MAX_FAILURES_PER_ADDRESS")


def record_signin_failure(*, username: str, address: str) -> None:
    timeout = conf.get("SIGNIN_LOCKOUT_SECONDS")
    _bump(_user_key(username, address), timeout)
    _bump(_address_key(address), timeout)


def clear_signin_failures(*, username: str, address: str) -> None:
    """A successful sign-in forgets that username's failures (not the address's)."""
    cache.delete(_user_key(username, address))


def lockout_minutes() -> int:
    return max(1, round(conf.get("SIGNIN_LOCKOUT_SECONDS") / 60))


def password_reset_allowed(*, address: str) -> bool:
    """Counts this request; False once the address has asked too often in the window."""
    count = _bump(_key("reset", address), conf.get("SIGNIN_LOCKOUT_SECONDS"))
    return count <= conf.get("PASSWORD_RESET_MAX_REQUESTS")

"""Sign-in throttling, for every sign-in path (the dashboard's /signin/ and the admin's
/admin/login/ share SignInThrottleMixin in compliance.web.forms).

Failed attempts are counted in the cache three ways, and sign-in is refused, without
checking the password, while any count is at its limit:
- per account, from any address (SIGNIN_MAX_FAILURES_PER_ACCOUNT): spreading guesses over
  many addresses does not help;
- per account and address (SIGNIN_MAX_FAILURES): the usual lock a mistyping owner meets;
- per address, whatever the account (SIGNIN_MAX_FAILURES_PER_ADDRESS): one machine trying
  many usernames.
A count starts at the first failure and is forgotten SIGNIN_LOCKOUT_SECONDS later. A
password reset ends the account's lock (reset_account_lock), so the page tells a locked
owner to reset their password or wait.

The client address comes from client_address(), which trusts X-Forwarded-For only as far
as TRUSTED_PROXY_COUNT or TRUSTED_PROXIES say; the API throttles use the same address.

With several server processes the cache must be shared (Redis) for the limits to hold
across them; the default in-process cache counts per process.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from compliance.web import conf


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address: str, networks) -> bool:
    ip = _parse(address)
    return ip is not None and any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client, as far as the proxies in front of us can be trusted.

    With neither TRUSTED_PROXY_COUNT nor TRUSTED_PROXIES set, X-Forwarded-For is ignored:
    anyone can send it. With TRUSTED_PROXY_COUNT = N, each of our N proxies appends the
    address it saw, so the client is the Nth address from the right of REMOTE_ADDR plus
    X-Forwarded-For. With TRUSTED_PROXIES (addresses or networks), addresses are taken from
    the right while they are trusted proxies; the first that is not is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    count = conf.get("TRUSTED_PROXY_COUNT")
    proxies = conf.get("TRUSTED_PROXIES")
    if not count and not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    chain = [*forwarded, remote]  # oldest hop first; REMOTE_ADDR is the nearest
    if proxies:
        networks = [ipaddress.ip_network(p, strict=False) for p in proxies]
        for hop in reversed(chain):
            if not _is_trusted(hop, networks):
                return hop if _parse(hop) else remote
        return chain[0]
    # Fewer hops than proxies: the request did not come through all of them; the left-most
    # address is the best there is.
    hop = chain[-(count + 1)] if len(chain) > count else chain[0]
    return hop if _parse(hop) else remote


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"web-throttle:{kind}:{digest}"


def _account(username: str) -> str:
    return username.strip().casefold()


def _epoch_key(username: str) -> str:
    return _key("signin-epoch", _account(username))


def _keys(username: str, address: str) -> dict[str, str]:
    # The account's epoch is part of its keys, so a password reset (a new epoch) forgets
    # every count of that account at once, from whatever address.
    epoch = str(cache.get(_epoch_key(username), 0))
    account = _account(username)
    return {
        "account": _key("signin-account", account, epoch),
        "user": _key("signin-user", account, address, epoch),
        "address": _key("signin-address", address),
    }


def _limits() -> dict[str, int]:
    return {
        "account": conf.get("SIGNIN_MAX_FAILURES_PER_ACCOUNT"),
        "user": conf.get("SIGNIN_MAX_FAILURES"),
        "address": conf.get("SIGNIN_MAX_FAILURES_PER_ADDRESS"),
    }


def _bump(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def signin_refusal(*, username: str, address: str) -> str | None:
    """Which lock refuses this attempt ("account", "user" or "address"), or None."""
    keys = _keys(username, address)
    counts = cache.get_many(list(keys.values()))
    for kind, limit in _limits().items():
        if counts.get(keys[kind], 0) >= limit:
            return kind
    return None


def signin_refused(*, username: str, address: str) -> bool:
    return signin_refusal(username=username, address=address) is not None


def record_signin_failure(*, username: str, address: str) -> None:
    """Counts a failure three ways. The failure that locks the account queues an email to
    its owner (if there is one with an address) saying how to get back in."""
    timeout = conf.get("SIGNIN_LOCKOUT_SECONDS")
    counts = {kind: _bump(key, timeout) for kind, key in _keys(username, address).items()}
    if counts["account"] == conf.get("SIGNIN_MAX_FAILURES_PER_ACCOUNT"):
        from compliance.tasks import send_account_locked_notice

        transaction.on_commit(lambda: send_account_locked_notice.delay(username=username.strip()))


def clear_signin_failures(*, username: str, address: str) -> None:
    """A successful sign-in forgets that username's failures from this address (not the
    address's, nor those from other addresses: someone else may be guessing)."""
    cache.delete(_keys(username, address)["user"])


def reset_account_lock(*, username: str) -> None:
    """After a password reset: the account's failure counts, from every address, no longer
    count (the old password is useless to a guesser now)."""
    cache.set(_epoch_key(username), time.time_ns(), None)


def lockout_minutes() -> int:
    return max(1, round(conf.get("SIGNIN_LOCKOUT_SECONDS") / 60))


def password_reset_allowed(*, address: str) -> bool:
    """Counts this request; False once the address has asked too often in the window."""
    count = _bump(_key("reset", address), conf.get("SIGNIN_LOCKOUT_SECONDS"))
    return count <= conf.get("PASSWORD_RESET_MAX_REQUESTS")


def invalid_token_refused(*, address: str) -> bool:
    """True while this address has sent too many invalid API tokens."""
    count = cache.get(_key("bad-token", address), 0)
    return count >= conf.get("API_MAX_INVALID_TOKENS")


def record_invalid_token(*, address: str) -> None:
    _bump(_key("bad-token", address), conf.get("SIGNIN_LOCKOUT_SECONDS"))


def send_locked_notice(*, username: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    User = get_user_model()
    user = User.objects.filter(
        **{f"{User.USERNAME_FIELD}__iexact": username}, is_active=True
    ).first()
    if user is None or not user.email:
        return
    body = render_to_string(
        "registration/account_locked_email.txt",
        {
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "failures": conf.get("SIGNIN_MAX_FAILURES_PER_ACCOUNT"),
            "minutes": lockout_minutes(),
            "reset_url": settings.SITE_URL.rstrip("/") + reverse("password_reset"),
        },
    )
    send_mail(
        "Your Children's homes compliance account is locked",
        body,
        None,  # DEFAULT_FROM_EMAIL
        [user.email],
    )

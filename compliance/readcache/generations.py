"""Provider generations: random tokens in the shared cache, replaced when a provider's data
changes. A cached answer's key holds the tokens of what it shows, so replacing one makes
every answer built from the old data unreachable (it then expires by itself).

Tokens rather than counters: if the cache evicts or loses a token, the next read makes a
new one, which can never match a key built from the old one.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from providers.access import providers_worked_on_by, sees_everything

logger = logging.getLogger(__name__)

EVERYTHING = "readcache:gen:all"  # reference data (regulations, duties): every answer
ANY_PROVIDER = "readcache:gen:any"  # any provider's data: answers that show every provider
# Who works on which homes (memberships, people, homes): the cached scopes of every user.
SCOPES = "readcache:gen:scopes"


def provider_key(provider_id: int) -> str:
    return f"readcache:gen:p:{provider_id}"


def enabled() -> bool:
    return settings.READ_CACHE_SECONDS > 0


def scope_generation(*, user) -> str:
    """One string naming the state of everything `user` may see: the tokens of their
    providers (or of every provider, for those who see everything) and of reference data."""
    if sees_everything(user):
        keys = [EVERYTHING, ANY_PROVIDER]
        tokens = _tokens(keys)
    else:
        everything, scopes = _tokens([EVERYTHING, SCOPES])
        keys = [provider_key(p) for p in _providers_of(user, scopes=scopes)]
        tokens = [everything, *_tokens(keys)]
    return ".".join(tokens)


def _providers_of(user, *, scopes: str) -> list[int]:
    """providers_worked_on_by(user), kept until anyone's scope may have changed."""
    key = f"readcache:scope:{user.pk}:{scopes}"
    providers = cache.get(key)
    if providers is None:
        providers = providers_worked_on_by(user=user)
        cache.set(key, providers, timeout=settings.READ_CACHE_SECONDS)
    return providers


def _tokens(keys: list[str]) -> list[str]:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(), not set(): two readers racing for a missing token keep the first one.
            token = secrets.token_hex(8)
            if not cache.add(key, token, timeout=None):
                token = cache.get(key) or token
            found[key] = token
    return [found[key] for key in keys]


def _renew(keys) -> None:
    try:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)
    except Exception:  # the cache is down: its answers are unreachable anyway
        logger.exception("read cache: could not renew generations %s", sorted(keys))


def _empty() -> dict:
    return {
        "providers": set(),
        "homes": set(),
        "inspections": set(),
        "requirements": set(),
        "everything": False,
        "scopes": False,
    }


def _pending() -> dict:
    """The changes the current transaction has made so far, flushed when it commits. A
    rolled-back transaction drops its on_commit callback, and with it these changes."""
    pending = getattr(connection, "_readcache_pending", None)
    if pending is not None and any(f is pending["flush"] for _, f, _ in connection.run_on_commit):
        return pending
    pending = _empty()
    # Renewed after the commit, so no reader can cache the old data under a new token.
    pending["flush"] = lambda: _flush(pending)
    connection._readcache_pending = pending
    transaction.on_commit(pending["flush"])
    return pending


def changed(
    *,
    provider_ids=(),
    home_ids=(),
    inspection_ids=(),
    requirement_ids=(),
    everything=False,
    scopes=False,
) -> None:
    """Note a change to these providers (directly, or through what belongs to them):
    their generations are renewed when the transaction commits, or now outside one."""
    if not enabled():
        return
    pending = _pending() if connection.in_atomic_block else _empty()
    pending["providers"].update(p for p in provider_ids if p is not None)
    pending["homes"].update(h for h in home_ids if h is not None)
    pending["inspections"].update(i for i in inspection_ids if i is not None)
    pending["requirements"].update(r for r in requirement_ids if r is not None)
    pending["everything"] = pending["everything"] or everything
    pending["scopes"] = pending["scopes"] or scopes
    if not connection.in_atomic_block:
        _flush(pending)


def _flush(pending: dict) -> None:
    from inspections.models import Inspection, Requirement
    from providers.models import Home

    if getattr(connection, "_readcache_pending", None) is pending:
        del connection._readcache_pending
    if pending["everything"]:
        _renew([EVERYTHING, SCOPES])
        return
    if pending["scopes"]:
        _renew([SCOPES])
    providers = set(pending["providers"])
    homes = set(pending["homes"])
    if pending["requirements"]:
        homes |= set(
            Requirement.objects.filter(pk__in=pending["requirements"]).values_list(
                "inspection__home_id", flat=True
            )
        )
    if pending["inspections"]:
        homes |= set(
            Inspection.objects.filter(pk__in=pending["inspections"]).values_list(
                "home_id", flat=True
            )
        )
    if homes:
        providers |= set(Home.objects.filter(pk__in=homes).values_list("provider_id", flat=True))
    if providers:
        _renew([ANY_PROVIDER, *(provider_key(p) for p in providers)])

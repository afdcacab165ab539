"""Whole pages from the read cache (`@cached_page`, under `@login_required`).

A page holds the asker's CSRF token in its forms. It is rendered with a placeholder there
(`csrf_placeholder`, a context processor) and stored so; each answer puts in a token of the
asker's own. A page with messages to show (a flash after a POST) is never served from the
cache nor stored: the messages belong to that one response."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

from compliance.readcache.generations import enabled
from compliance.readcache.keys import answer_key

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "readcache-csrf-token-placeholder"
_RENDERING = "_readcache_rendering"


def csrf_placeholder(request) -> dict:
    """Context processor: while a page is rendered for the cache, its forms get the
    placeholder (each answer then puts in the asker's own token)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, _RENDERING, False) else {}


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(messages.get_messages(request)) > 0


def _with_token(request, body: bytes) -> bytes:
    if CSRF_PLACEHOLDER.encode() not in body:
        return body
    return body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def _answer(request, stored: dict) -> HttpResponse:
    response = HttpResponse(
        _with_token(request, stored["body"]), content_type=stored["content_type"]
    )
    patch_cache_control(response, private=True)
    return response


def cached_page(view):
    """Serve the page from the read cache when its data is unchanged; else render and store."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not enabled() or _has_messages(request):
            return view(request, *args, **kwargs)
        try:
            key = answer_key(request, kind="page")
            stored = cache.get(key)
        except Exception:  # the cache is down: render as if there were none
            logger.exception("read cache unavailable")
            return view(request, *args, **kwargs)
        if stored is not None:
            return _answer(request, stored)
        setattr(request, _RENDERING, True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            setattr(request, _RENDERING, False)
        if response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        stored = {"body": response.content, "content_type": response["Content-Type"]}
        if response.status_code == 200 and not _has_messages(request):
            try:
                cache.set(key, stored, timeout=settings.READ_CACHE_SECONDS)
            except Exception:
                logger.exception("read cache unavailable")
        response.content = _with_token(request, stored["body"])
        return response

    return wrapper

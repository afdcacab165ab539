"""API answers from the read cache: `CachedReadsMixin` on a view whose GET answers show only
what the read cache's generations cover (homes and what belongs to them, people,
providers, regulations). Authentication, permissions, throttling and parameter checks all
run first, on every request; only the answer's body comes from the cache."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from compliance.readcache.generations import enabled
from compliance.readcache.keys import answer_key

logger = logging.getLogger(__name__)


class CachedReadsMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if request.method == "GET" and enabled() and getattr(renderer, "format", "") == "json":
            self.get = self._read_through_cache(self.get)

    def _read_through_cache(self, handler):
        request = self.request

        def answer(*args, **kwargs):
            try:
                key = answer_key(request, kind="api", representation=request.accepted_media_type)
                stored = cache.get(key)
            except Exception:  # the cache is down: answer as if there were none
                logger.exception("read cache unavailable")
                return handler(*args, **kwargs)
            if stored is not None:
                return HttpResponse(stored["body"], content_type=stored["content_type"])
            response = handler(*args, **kwargs)
            if response.status_code == 200 and hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(lambda rendered: _store(key, rendered))
            return response

        return answer


def _store(key: str, response) -> None:
    stored = {"body": response.content, "content_type": response["Content-Type"]}
    try:
        cache.set(key, stored, timeout=settings.READ_CACHE_SECONDS)
    except Exception:
        logger.exception("read cache unavailable")

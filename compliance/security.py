"""Production hardening that is not a view: the SECRET_KEY rule, the middleware that bounds
requests, adds headers and ends idle or old sessions, and the log filter for expected
refusals. See README "Production settings"."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

# Keys that have been published (in this repository's history, docs or compose file):
# with one of them anyone can forge password-reset links and session cookies.
KNOWN_SECRET_KEYS = frozenset(
    {
        "",
        "dev-only-insecure-secret-key-change-me",
        "compose-demo-secret-change-me",
        "collectstatic-only",
        "change-me",
    }
)
MIN_SECRET_KEY_LENGTH = 50  # as Django's own security.W009


def secret_key_problem(*, key: str, debug: bool) -> str | None:
    """Why this SECRET_KEY may not be used, or None. Any key will do while DEBUG is on."""
    if debug:
        return None
    if key in KNOWN_SECRET_KEYS:
        return (
            "SECRET_KEY is not set, or is a published default, and DEBUG is off: anyone could "
            "forge sessions and password-reset links. Set SECRET_KEY to a random value of at "
            f"least {MIN_SECRET_KEY_LENGTH} characters, for example the output of: python -c "
            '"import secrets; print(secrets.token_urlsafe(50))"; or set DEBUG=true on a '
            "development machine."
        )
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        return (
            f"SECRET_KEY is too short or too simple: give at least {MIN_SECRET_KEY_LENGTH} "
            "random characters (see README 'Production settings')."
        )
    return None


def require_real_secret_key() -> None:
    """Called where a process starts (WSGI, Celery, manage.py): refuse to run without a key."""
    problem = secret_key_problem(key=settings.SECRET_KEY, debug=settings.DEBUG)
    if problem:
        raise ImproperlyConfigured(problem)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeMiddleware:
    """Refuses a request whose declared size is over the limit before its body is read:
    REQUEST_MAX_BYTES for signed-in users, ANONYMOUS_REQUEST_MAX_BYTES for everyone else
    (sign-in and password-reset forms are small). Goes after AuthenticationMiddleware, which
    reads only the session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        size = _content_length(request)
        if size:
            signed_in = getattr(request, "user", None) is not None and (
                request.user.is_authenticated
            )
            # Token-authenticated API calls are not signed in yet at this point; they get
            # the signed-in limit, and the token is checked before the view reads the body.
            has_token = bool(request.META.get("HTTP_AUTHORIZATION"))
            limit = (
                settings.REQUEST_MAX_BYTES
                if signed_in or has_token
                else settings.ANONYMOUS_REQUEST_MAX_BYTES
            )
            if size > limit:
                return _too_large(request, size=size, limit=limit)
        return self.get_response(request)


def _too_large(request: HttpRequest, *, size: int, limit: int) -> HttpResponse:
    message = (
        f"The request is {size / 1_048_576:.1f} MB; the limit is "
        f"{limit / 1_048_576:.1f} MB. Send fewer or smaller files."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"status": 413, "code": "too_large", "message": message}, status=413)
    response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    return response


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; Cache-Control: no-store on anything personal:
    pages for a signed-in user, every API response, and anything sent with a session cookie
    or a file attachment (evidence downloads, calendar feeds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or "attachment" in response.headers.get("Content-Disposition", "")
            or response.headers.get("Content-Type", "").startswith("text/calendar")
        )
        if personal:
            patch_cache_control(response, no_store=True, private=True)
        return response


SESSION_STARTED = "_signed_in_at"
SESSION_SEEN = "_last_seen_at"
# The last-seen time is written back at most this often, not on every request.
SEEN_RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_TIMEOUT_SECONDS without a request, and
    SESSION_ABSOLUTE_TIMEOUT_SECONDS after signing in, whatever they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
            ):
                logout(request)
            elif now - seen >= SEEN_RESOLUTION_SECONDS or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
        return self.get_response(request)


def note_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the absolute lifetime counts from here."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


EXPECTED_REFUSALS = {403, 404, 405, 429}


class ExpectedRefusalFilter(logging.Filter):
    """On django.request: a 403, 404, 405 or 429 is the app working, so it logs one line (method,
    path, status) and no traceback. Everything else passes unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_REFUSALS:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True

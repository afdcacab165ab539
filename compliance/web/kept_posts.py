"""What was typed into a form whose session had ended meanwhile, kept through sign-in.

`@login_required_keeping_post` stands where `@login_required` would on a view with forms. An
anonymous POST (the session ended: idle, too old, or signed out in another tab) is not lost:
its text fields are kept in the new session with the page's address, and the user is sent to
sign in. Back on that page (GET), `form_for` (or `kept_initial`) gives the form what was
typed, to check and send again. Nothing is submitted on the user's behalf, and files cannot
be kept: the message says so."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login

SESSION_KEY = "kept_post"
MAX_CHARS = 20_000  # larger posts are not kept: a session is no place for them
SKIPPED = {"csrfmiddlewaretoken"}


def login_required_keeping_post(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                _keep(request)
            return redirect_to_login(request.path)
        kept = request.session.get(SESSION_KEY)
        if request.method == "GET" and kept and kept.get("path") == request.path:
            del request.session[SESSION_KEY]
            request.kept_post = kept["fields"]
            messages.info(
                request,
                "What you typed before signing in is back in the form: check it and save "
                "again." + (" Choose any files again." if kept.get("had_files") else ""),
            )
        return view(request, *args, **kwargs)

    return wrapper


def _keep(request) -> None:
    fields = {name: values for name, values in request.POST.lists() if name not in SKIPPED}
    if sum(len(v) for values in fields.values() for v in values) > MAX_CHARS:
        return
    request.session[SESSION_KEY] = {
        "path": request.path,
        "fields": fields,
        "had_files": bool(request.FILES),
    }
    messages.info(
        request,
        "Your session had ended, so nothing was saved. Sign in, and what you typed will be "
        "back in the form.",
    )


def form_for(request, form_class, **kwargs):
    """The form bound to a POST, or else unbound with what was kept through a sign-in."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(initial=kept_initial(request), **kwargs)


def kept_initial(request, *, action: str | None = None) -> dict:
    """The kept fields as a form's `initial` (one value each; lists for multiple choices),
    if they were posted by the form whose hidden `action` is `action`."""
    fields = getattr(request, "kept_post", None) or {}
    if action is not None and fields.get("action", [None])[0] != action:
        return {}
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}

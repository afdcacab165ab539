"""The dashboard's settings, each with its default. Set them in Django settings to change."""

from django.conf import settings

DEFAULTS = {
    # Failed sign-ins allowed per username and address before sign-in is refused a while.
    "SIGNIN_MAX_FAILURES": 5,
    # Failed sign-ins allowed from one address (any usernames) in the same window.
    "SIGNIN_MAX_FAILURES_PER_ADDRESS": 30,
    # How long failures are remembered, and how long a refusal lasts (seconds).
    "SIGNIN_LOCKOUT_SECONDS": 15 * 60,
    # Password reset emails one address may ask for in that window.
    "PASSWORD_RESET_MAX_REQUESTS": 5,
    # Rows per page of the main lists.
    "DASHBOARD_PAGE_SIZE": 25,
    # How long an import preview can be confirmed (seconds).
    "IMPORT_PREVIEW_MAX_AGE": 60 * 60,
    # Most due dates one calendar feed carries (the soonest first).
    "CALENDAR_FEED_MAX_EVENTS": 2000,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])

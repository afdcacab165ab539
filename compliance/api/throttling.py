"""Rate limits. Over the limit answers 429 with Retry-After (seconds).

Rates come from settings on every request (API_THROTTLE_USER, API_THROTTLE_ANON,
API_THROTTLE_IMPORT), so changing them needs no code. Counters live in Django's default
cache (Redis when REDIS_URL is set, so every process shares them).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    setting_name = ""

    def get_rate(self):
        return getattr(settings, self.setting_name) or None


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """Per signed-in user (or per token's user); anonymous callers per address."""

    scope = "user"
    setting_name = "API_THROTTLE_USER"


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    scope = "anon"
    setting_name = "API_THROTTLE_ANON"


class ImportThrottle(_RateFromSettings, UserRateThrottle):
    """Report imports parse whole PDFs: a tighter limit of their own."""

    scope = "import"
    setting_name = "API_THROTTLE_IMPORT"

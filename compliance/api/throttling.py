"""Rate limits. Over the limit answers 429 with Retry-After (seconds).

Rates come from settings on every request (API_THROTTLE_USER, API_THROTTLE_ANON,
API_THROTTLE_IMPORT), so changing them needs no code. Counters live in Django's default
cache (Redis when REDIS_URL is set, so every process shares them). Anonymous callers are
counted per client address as compliance.web.throttle.client_address decides (the
TRUSTED_PROXY_COUNT / TRUSTED_PROXIES settings), so a made-up X-Forwarded-For gives no new
allowance.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from compliance.web.throttle import client_address


class _RateFromSettings:
    setting_name = ""

    def get_rate(self):
        return getattr(settings, self.setting_name) or None

    def get_ident(self, request):
        # Not DRF's own, which believes any X-Forwarded-For when NUM_PROXIES is unset.
        return client_address(request)


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

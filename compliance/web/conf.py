"""The dashboard's settings. Their defaults and environment variables live in
compliance/settings.py with the others; this reads them at call time so tests can change them."""

from django.conf import settings


def get(name: str):
    return getattr(settings, name)

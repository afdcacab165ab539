"""The Django project package (settings, urls, Celery app) and the compliance app."""

from .celery import app as celery_app

__all__ = ["celery_app"]

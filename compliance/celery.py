"""The Celery app, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")

app = Celery("compliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_a_published_secret_key(**kwargs):
    # A worker shares the web app's settings, and so its SECRET_KEY rule.
    from compliance.security import require_real_secret_key

    require_real_secret_key()

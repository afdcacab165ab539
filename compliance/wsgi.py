"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve with a missing or published SECRET_KEY.
from compliance.security import require_real_secret_key  # noqa: E402

require_real_secret_key()

"""Gunicorn settings (`gunicorn compliance.wsgi -c gunicorn.conf.py`); each one set by env."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the work is database-bound Django views; about 2 x cores + 1 is the usual start.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Recycle workers now and then so slow memory growth never builds up: rarely, since at a few
# hundred requests a second 2,000 restarted a worker every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Load the app once in the master and fork workers from it: a recycled worker is serving
# again at once instead of after a second of imports. No connection is opened at import.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None

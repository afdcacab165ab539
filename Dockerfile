# One image for the whole stack: web (gunicorn), the Celery worker and the one beat
# (see docker-compose.yml). Dependencies come from the runtime lock only (no test tools),
# every file checked against its hash.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements/runtime.lock ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.lock

COPY . .
# Static files are collected into the image and served by WhiteNoise.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R app /app/var
USER app

EXPOSE 8000
CMD ["gunicorn", "compliance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

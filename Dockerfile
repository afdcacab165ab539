# One image for the whole stack: web (gunicorn), the Celery worker and the one beat
# (see docker-compose.yml). Dependencies come from the runtime lock only (no test tools),
# every file checked against its hash.
#
# The base image is pinned by digest, so a rebuild gets the same bytes, not whatever the
# tag points at that day. To move to the current python:3.11-slim (for security fixes):
#   docker buildx imagetools inspect python:3.11-slim --format '{{json .Manifest.Digest}}'
#   (or: docker pull python:3.11-slim && docker inspect --format '{{index .RepoDigests 0}}' python:3.11-slim)
# and replace the digest below. This one was not read from Docker Hub (no registry was
# reachable where it was written): verify it as above before the first production build.
FROM python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# DejaVu fonts: the printable action plan (compliance/api/action_plan_pdf.py) prints any name.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/runtime.lock ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.lock

COPY . .
# Static files are collected into the image and served by WhiteNoise.
RUN DEBUG=true python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R app /app/var
USER app

EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000 GUNICORN_ACCESSLOG=-
CMD ["gunicorn", "compliance.wsgi:application", "-c", "gunicorn.conf.py"]

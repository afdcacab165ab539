"""Production hardening of the dashboard and the process: headers, caching, request size,
upload limits and permissions, session lifetimes, the health check, quiet refusals in the
log, and the SECRET_KEY rule."""

import logging
import os
import stat
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance import security
from compliance.models import Evidence
from tests.conftest import PROJECT_DIR
from tests.factories import InspectionFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@pytest.fixture
def requirement(world):
    return RequirementFactory(inspection=InspectionFactory(home=world.home))


# -- headers ---------------------------------------------------------------------------


def test_every_page_has_a_strict_csp_permissions_and_referrer_policy(client):
    response = client.get(reverse("signin"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_docs_are_under_the_same_csp(client):
    for name in ("api:docs", "api:redoc"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_hsts_comes_from_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("signin"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_signed_in_pages_and_evidence_downloads_are_not_stored(client, world, requirement):
    client.force_login(world.manager)
    page = client.get(reverse("requirement-detail", kwargs={"pk": requirement.pk}))
    assert "no-store" in page["Cache-Control"]
    client.post(
        reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        {"action": "evidence", "files": [pdf()]},
    )
    evidence = Evidence.objects.get()
    download = client.get(reverse("evidence-download", kwargs={"pk": evidence.pk}))
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]


def test_a_calendar_feed_fetched_without_a_session_is_not_stored(client, world):
    from compliance.services.calendar_feeds import create_calendar_feed

    _, token = create_calendar_feed(user=world.manager)
    response = client.get(reverse("calendar-feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_proxy_header_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.USE_X_FORWARDED_HOST, s.SECURE_HSTS_SECONDS)"
    )
    out = _manage(
        ["shell", "-c", code],
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto,https",
        USE_X_FORWARDED_HOST="true",
        SECURE_HSTS_SECONDS="600",
        DEBUG="true",
    )
    assert out.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') True 600"


# -- request size and uploads ----------------------------------------------------------


def test_an_anonymous_oversized_request_is_refused_unread(client, settings):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 1000
    response = client.generic(
        "POST",
        reverse("signin"),
        b"username=a",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="100000",
    )
    assert response.status_code == 413
    assert "the limit is" in response.content.decode()


def test_a_signed_in_user_has_the_larger_limit(client, world, settings, requirement):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 10
    settings.REQUEST_MAX_BYTES = 10_000_000
    client.force_login(world.manager)
    response = client.post(
        reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        {"action": "evidence", "files": [pdf()]},
    )
    assert response.status_code == 302
    settings.REQUEST_MAX_BYTES = 100
    refused = client.post(
        reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        {"action": "evidence", "files": [pdf()]},
    )
    assert refused.status_code == 413


def test_the_dashboard_caps_files_per_request(client, world, settings, requirement):
    settings.EVIDENCE_MAX_FILES_PER_REQUEST = 2
    client.force_login(world.manager)
    response = client.post(
        reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        {"action": "evidence", "files": [pdf(f"f{n}.pdf") for n in range(3)]},
    )
    assert response.status_code == 200
    assert response.context["evidence_form"].errors["files"] == [
        "Attach at most 2 files at a time; you chose 3."
    ]
    assert not Evidence.objects.exists()


def test_the_dashboard_enforces_the_providers_quota(client, world, settings, requirement):
    settings.PROVIDER_STORAGE_QUOTA_BYTES = 20
    client.force_login(world.manager)
    url = reverse("requirement-detail", kwargs={"pk": requirement.pk})
    assert client.post(url, {"action": "evidence", "files": [pdf()]}).status_code == 302
    response = client.post(url, {"action": "evidence", "files": [pdf("b.pdf")]})
    assert "evidence storage is full" in response.context["evidence_form"].errors["files"][0]
    assert Evidence.objects.count() == 1


def test_stored_files_are_readable_by_the_owner_only(client, world, requirement, settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    client.force_login(world.manager)
    client.post(
        reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        {"action": "evidence", "files": [pdf()]},
    )
    path = Evidence.objects.get().file.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# -- sessions --------------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_is_signed_out(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 600
    client.force_login(world.manager)
    assert client.get(reverse("dashboard")).status_code == 200
    _age_session(client, _last_seen_at=601)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_still_ends_at_its_absolute_lifetime(client, world, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS = 3600
    client.force_login(world.manager)
    _age_session(client, _signed_in_at=3000, _last_seen_at=10)
    assert client.get(reverse("dashboard")).status_code == 200
    _age_session(client, _signed_in_at=3601, _last_seen_at=10)
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_session_cookie_lasts_no_longer_than_the_absolute_lifetime(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS


# -- health ----------------------------------------------------------------------------


def test_healthz_answers_without_sign_in_and_without_versions(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER, settings.REDIS_URL = True, ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "not configured"},
    }
    assert "no-store" in response["Cache-Control"]
    assert "version" not in response.content.decode().lower()


def test_healthz_is_503_when_a_check_fails(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["broker"].startswith("failed: ")
    assert body["checks"]["database"] == "ok"


def test_healthz_pings_a_configured_broker(client, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the PostgreSQL/Redis pass runs this")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = redis_url
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"


# -- logs ------------------------------------------------------------------------------


def test_expected_refusals_log_one_line_without_a_traceback(client, world, caplog):
    other = RequirementFactory(inspection=InspectionFactory(home=world.other_home))
    client.force_login(world.manager)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("import-report")).status_code == 403  # PermissionDenied
        assert client.get(reverse("requirement-detail", kwargs={"pk": other.pk})).status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert {r.status_code for r in records} == {403, 404}
    for record in records:  # as the configured logger filter left them
        assert record.exc_info is None
        assert "\n" not in logging.Formatter().format(record)


def test_the_filter_keeps_tracebacks_of_real_errors():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    security.ExpectedRefusalFilter().filter(record)
    assert record.exc_info is not None


def test_the_logging_setting_applies_the_filter(settings):
    assert settings.LOGGING["loggers"]["django.request"]["filters"] == ["expected_refusals"]
    handler_filters = logging.getLogger("django.request").filters
    assert any(isinstance(f, security.ExpectedRefusalFilter) for f in handler_filters)


# -- SECRET_KEY and the deploy check -----------------------------------------------------

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k8Jq2Lw-9vXz_T4nB7rYc1Hs5Fp0Gd3Me6Ua8Ni2Ko4Lj7Ph9Qb1Rt5Sv3Wx6Yz0",
    "ALLOWED_HOSTS": "compliance.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto,https",
}


def _manage(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_refuses_a_missing_secret_key_with_debug_off():
    result = _manage(["check"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set, or is a published default" in result.stderr


def test_check_refuses_the_published_compose_key():
    result = _manage(["check"], DEBUG="false", SECRET_KEY="compose-demo-secret-change-me")
    assert result.returncode != 0 and "compliance.E001" in result.stderr


def test_the_wsgi_app_refuses_to_start_without_a_real_key():
    result = subprocess.run(
        [sys.executable, "-c", "import compliance.wsgi"],
        cwd=PROJECT_DIR,
        env={**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_the_deploy_check_passes_with_the_production_settings():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr

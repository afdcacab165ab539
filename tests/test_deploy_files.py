"""The deployment files keep their promises: a base image pinned by digest, compose that
requires a SECRET_KEY and health-checks the web service on /healthz, CI running the
deploy check, and a dependency audit that fails when it could not check."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_DIR


def test_the_base_image_is_pinned_by_digest():
    froms = re.findall(r"^FROM\s+(\S+)", (PROJECT_DIR / "Dockerfile").read_text(), re.M)
    assert froms and all(re.search(r"@sha256:[0-9a-f]{64}$", image) for image in froms), froms


def test_compose_requires_a_secret_key_and_checks_web_health():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_ci_runs_the_deploy_check_and_the_missing_key_check():
    ci = (PROJECT_DIR / ".ci" / "run").read_text()
    assert "manage.py check --deploy --fail-level WARNING" in ci
    assert "-u SECRET_KEY DEBUG=false .venv/bin/python manage.py check" in ci


def test_the_audit_is_strict():
    makefile = (PROJECT_DIR / "Makefile").read_text()
    audit = makefile[makefile.index("\naudit:") :].split("\n\n")[0]
    assert "pip-audit" in audit and "--strict" in audit


def test_the_audit_fails_when_the_vulnerability_service_cannot_be_reached(tmp_path):
    pip_audit = Path(sys.executable).parent / "pip-audit"
    if not pip_audit.exists():
        pytest.fail("pip-audit is missing from the virtualenv: make install")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\n")
    env = {k: v for k, v in os.environ.items() if k.lower() not in {"https_proxy", "http_proxy"}}
    # Nothing listens on port 9: every request to the service fails.
    env |= {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    result = subprocess.run(
        [
            str(pip_audit),
            "--requirement",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--strict",
            "--progress-spinner",
            "off",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "No known vulnerabilities found" not in result.stdout + result.stderr
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)

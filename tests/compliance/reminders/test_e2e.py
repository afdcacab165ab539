"""End to end: a real `celery worker` process on the real Redis runs the sweep, and a real
SMTP server on loopback (aiosmtpd) receives the digests.

Runs in CI's PostgreSQL and Redis pass. It needs REDIS_URL (unset in the SQLite pass, where
tasks run in-process) and PostgreSQL, whose committed rows the worker process can read.
With CI set, an unreachable Redis fails the test instead of skipping it.
"""

import datetime as dt
import email
import email.policy
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from compliance.celery import app
from compliance.models import Reminder
from compliance.rules import today_in_london
from compliance.tasks import sweep_reminders
from tests.factories import HomeFactory, MembershipFactory, RequirementFactory, UserFactory

pytestmark = pytest.mark.e2e

PROJECT_DIR = Path(__file__).resolve().parents[3]
SITE_URL = "https://reminders-e2e.example.org"


def require_services():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs REDIS_URL: tasks run in-process without it")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {redis_url} does not answer: {exc}")
        pytest.skip(f"Redis at {redis_url} does not answer: {exc}")
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("the end-to-end test needs DATABASE_URL=postgres://... in CI")
        pytest.skip("needs PostgreSQL, so the worker process sees the test's rows")
    return redis_url


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message exactly as received."""

    def __init__(self):
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.raw]


@pytest.fixture
def smtp_inbox():
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def queue():
    """A queue of the test's own, so it never meets another worker's tasks."""
    name = f"reminders-e2e-{uuid.uuid4().hex[:12]}"
    before = app.conf.task_default_queue
    app.conf.task_default_queue = name
    yield name
    app.conf.task_default_queue = before
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(name)


@pytest.fixture
def worker(smtp_inbox, queue, tmp_path):
    redis_url = require_services()
    _, smtp_port = smtp_inbox
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": SITE_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "compliance.settings",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "compliance", "worker"),
                *("--queues", queue, "--pool", "solo", "--loglevel", "INFO"),
                *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                *("--hostname", f"{queue}@%h"),
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: "ready." in log.read_text(), what="the worker to start", log=log)
        yield log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, *, what: str, log: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


def run_sweep(worker_log: Path, now: dt.datetime | None = None):
    """Enqueue the sweep on Redis (standing in `now` for the clock, if given) and wait for
    the worker to finish it."""
    result = sweep_reminders.apply_async(args=[now.isoformat()] if now else [])
    wait_for(
        lambda: f"sweep_reminders[{result.id}] succeeded" in worker_log.read_text(),
        what="the sweep",
        log=worker_log,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_digests_over_smtp_once(worker, smtp_inbox):
    inbox, _ = smtp_inbox
    today = today_in_london()
    home = HomeFactory()
    manager = UserFactory(email="boss@example.org")
    MembershipFactory(user=manager, provider=home.provider)
    requirements = [
        RequirementFactory(inspection__home=home, due_date=today + dt.timedelta(days))
        for days in (7, 0, -14)
    ]
    ri = home.responsible_individual.email
    rm = home.registered_manager.email

    run_sweep(worker)
    wait_for(lambda: len(inbox.raw) >= 3, what="three digests", log=worker)
    wait_for(
        lambda: not Reminder.objects.exclude(status="sent").exists(), what="the ledger", log=worker
    )
    messages = {m["To"]: m for m in inbox.messages()}
    assert sorted(messages) == sorted([ri, rm, "boss@example.org"])
    assert len(inbox.raw) == 3

    digest = messages[ri]
    assert digest["Subject"] == (
        "3 Ofsted requirements need action (1 overdue, 1 due today, 1 due soon)"
    )
    assert digest["From"] == settings.DEFAULT_FROM_EMAIL
    assert digest["List-Unsubscribe"].strip().startswith(f"<{SITE_URL}/reminders/unsubscribe/")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["Auto-Submitted"] == "auto-generated"
    text = digest.get_body(("plain",)).get_content()
    html = digest.get_body(("html",)).get_content()
    for requirement in requirements:
        link = f"{SITE_URL}/requirements/{requirement.pk}/"
        assert link in text and f'href="{link}"' in html
    assert "14 days overdue" in text and "due today" in text and "7 days left" in text
    assert f"{home.urn}, {home.provider.name}" in text

    escalation = messages["boss@example.org"]
    assert escalation["Subject"] == "Escalation: 1 Ofsted requirement needs action (1 overdue)"
    # The lead quotes one digest as received; `pytest -s` prints it.
    (raw,) = [raw for raw in inbox.raw if f"To: {ri}".encode() in raw]
    print("\n--- digest as received by the SMTP server ---\n" + raw.decode())

    ledger = set(Reminder.objects.values_list("email", "kind", "status"))
    assert len(ledger) == 7  # RI and RM: 3 kinds each; the manager: 1 escalation

    run_sweep(worker)
    # The second sweep found everything in the ledger, so it claimed nothing and enqueued
    # no digest; the pause would let a wrongly sent one arrive.
    time.sleep(1)
    assert len(inbox.raw) == 3
    assert set(Reminder.objects.values_list("email", "kind", "status")) == ledger


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_follows_the_given_date_and_a_moved_due_date(worker, smtp_inbox):
    """The sweep is given a day months away from the real one: its digests are judged by
    that day (not skipped by the real clock). Then the due date moves: the same milestone
    goes again for the new date."""
    import zoneinfo

    inbox, _ = smtp_inbox
    london = zoneinfo.ZoneInfo("Europe/London")
    due = today_in_london() + dt.timedelta(days=200)
    home = HomeFactory()
    requirement = RequirementFactory(inspection__home=home, due_date=due)
    ri = home.responsible_individual.email

    day = due - dt.timedelta(days=7)
    run_sweep(worker, dt.datetime(day.year, day.month, day.day, 9, tzinfo=london))
    wait_for(lambda: len(inbox.raw) >= 2, what="two advance digests", log=worker)
    wait_for(
        lambda: not Reminder.objects.exclude(status="sent").exists(), what="the ledger", log=worker
    )
    assert set(Reminder.objects.values_list("kind", "status")) == {("advance_7", "sent")}

    moved = due + dt.timedelta(days=30)
    type(requirement).objects.filter(pk=requirement.pk).update(due_date=moved)
    day = moved - dt.timedelta(days=7)
    run_sweep(worker, dt.datetime(day.year, day.month, day.day, 9, tzinfo=london))
    wait_for(lambda: len(inbox.raw) >= 4, what="the milestone for the new date", log=worker)
    wait_for(
        lambda: not Reminder.objects.exclude(status="sent").exists(), what="the ledger", log=worker
    )
    for_dates = sorted(Reminder.objects.filter(email=ri.lower()).values_list("for_date", flat=True))
    assert for_dates == [due - dt.timedelta(days=7), moved - dt.timedelta(days=7)]
    latest = [m for m in inbox.messages() if m["To"] == ri][-1]
    assert f"{moved.day} {moved:%B %Y}" in latest.get_body(("plain",)).get_content()
    # Two sends of one digest would share a Message-ID; two milestones do not.
    ids = {m["Message-ID"] for m in inbox.messages() if m["To"] == ri}
    assert len(ids) == 2

"""Benchmark: the reminder sweep at England scale (1x) and ten times that (10x).

Meant for PostgreSQL and Redis, each of its own (`make bench-sweep` uses the database
postgres://postgres@127.0.0.1:5432/bench and Redis database 8, purged after each run). For
each scale it generates the data with generate_demo_data, then times:
- the whole sweep task on an empty ledger (the first sweep of a day): plan, record the
  ledger rows, claim them, enqueue the digests on the broker;
- a later sweep of that day, after the ledger holds the past weeks' reminders as a running
  system's would;
- planning alone beside its candidate query, with EXPLAIN ANALYZE of the queries;
- the monitoring duties' planning, after a year of demo visits, reviews and actions per home.
It measures and reports; it asserts nothing.
"""

import datetime as dt
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from compliance.celery import app
from compliance.devtools.generator import generate_demo_data
from compliance.duties.demo import load_demo_duties
from compliance.duties.models import Action, DutyReminder, Visit
from compliance.duties.reminders import plan_duty_reminders, sweep_duties
from compliance.duties.reminders import record as record_duties
from compliance.models import Reminder
from compliance.reminders.planning import ReminderRules
from compliance.reminders.sweep import (
    _planned_keys_sql,
    candidate_requirements,
    plan_reminders,
    record,
    sweep,
)
from compliance.rules import ACTIVE_STATUSES, today_in_london
from compliance.tasks import enqueue_digests
from inspections.models import Requirement
from providers.models import Home

TABLES = [
    "compliance_reminder",
    "inspections_requirement",
    "inspections_inspection",
    "providers_providermembership",
    "providers_home",
    "providers_person",
    "providers_provider",
    "users",
]


class Command(BaseCommand):
    help = "Time reminder sweep planning at England scale and 10x (PostgreSQL; a bench database)."

    def add_arguments(self, parser):
        parser.add_argument("--homes", type=int, default=3500)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scales", default="1,10", help="multiples of --homes to time")
        parser.add_argument("--history-days", type=int, default=28, help="past sweeps to replay")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="empty the domain tables first (only in a database whose name has 'bench')",
        )

    def handle(self, *args, homes, years, seed, scales, history_days, repeat, reset, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql":
            self.stderr.write(
                f"Warning: {connection.vendor}, not PostgreSQL: figures not comparable."
            )
        if reset:
            if "bench" not in str(name):
                raise CommandError(f"--reset empties tables: refused in database {name!r}")
            self.reset()
        elif Home.objects.exists():
            raise CommandError(f"database {name!r} already has homes: use --reset in a bench db")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("set REDIS_URL (a Redis database of its own): digests are enqueued")
        today = today_in_london()
        rules = ReminderRules.from_settings()
        self.stdout.write(f"Database {name} ({connection.vendor}); today {today:%d/%m/%Y}.")
        have = 0
        for scale in [int(s) for s in scales.split(",")]:
            want = homes * scale
            started = time.perf_counter()
            report = generate_demo_data(
                homes=want - have, years=years, seed=seed + scale, today=today
            )
            have = want
            self.stdout.write(
                f"\n== {scale}x: generated {report.homes} homes, {report.requirements} "
                f"requirements in {time.perf_counter() - started:.0f} s"
            )
            started = time.perf_counter()
            filled = load_demo_duties(today=today)  # a year of visits, reviews and actions
            self.stdout.write(
                f"   added a year of monitoring duties to {filled} homes in "
                f"{time.perf_counter() - started:.0f} s"
            )
            self.analyze()
            self.time_duty_planning(today, repeat)
            Reminder.objects.all().delete()
            DutyReminder.objects.all().delete()
            self.time_whole_sweep("first sweep of the day, empty ledger", today)
            Reminder.objects.all().delete()
            started = time.perf_counter()
            self.replay_history(today, history_days, rules)
            self.stdout.write(
                f"   replayed {history_days} days of sweeps into the ledger in "
                f"{time.perf_counter() - started:.0f} s"
            )
            self.analyze()
            self.time_duty_sweep(today)
            self.time_planning(scale, today, rules, repeat)
            self.time_whole_sweep("a later sweep of the day, full ledger", today)

    def time_duty_planning(self, today, repeat):
        """The monitoring duties' share of a sweep: missing visits, reports, reviews and the
        visits' and reviews' actions (plan_duty_reminders, reads only)."""
        seconds = median_seconds(lambda: plan_duty_reminders(today=today), repeat)
        planned = plan_duty_reminders(today=today)
        actions = sum(1 for p in planned if p.action_id is not None)
        self.stdout.write(
            f"   duty planning: plan_duty_reminders {seconds:.3f} s (median of {repeat}); "
            f"{Visit.objects.count()} visits, {Action.objects.count()} actions; "
            f"{len(planned)} duty reminders due, {actions} of them for actions"
        )

    def time_whole_sweep(self, label, today):
        """The sweep task's work, step by step: plan, record, claim, then enqueue."""
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 5)))
        started = time.perf_counter()
        report = sweep(now=now)  # as the task runs it: each step commits on its own
        enqueue_started = time.perf_counter()
        with transaction.atomic():
            tasks = enqueue_digests(report)
        enqueue = time.perf_counter() - enqueue_started  # the on_commit publishing included
        total = time.perf_counter() - started
        steps = ", ".join(f"{k} {v:.3f}" for k, v in report.seconds.items())
        self.stdout.write(
            f"   {label}: {total:.3f} s whole ({steps}, enqueue {enqueue:.3f}); "
            f"{len(report.plan.new)} new reminders, {len(report.batches)} addresses, "
            f"{tasks} digest tasks"
        )
        app.control.purge()

    def reset(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
            else:
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table}")

    def replay_history(self, today, days, rules):
        """What a running system's ledger holds: the reminders of the past `days` sweeps,
        the monitoring duties' included."""
        DutyReminder.objects.all().delete()
        for back in range(days, 0, -1):
            day = today - dt.timedelta(back)
            sent_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
            record(plan_reminders(today=day, rules=rules))
            Reminder.objects.filter(status=Reminder.Status.PLANNED).update(
                status=Reminder.Status.SENT, sent_at=sent_at
            )
            record_duties(plan_duty_reminders(today=day))
            DutyReminder.objects.filter(status=DutyReminder.Status.PLANNED).update(
                status=DutyReminder.Status.SENT, sent_at=sent_at
            )

    def time_duty_sweep(self, today):
        """The duties' part of the first sweep of an ordinary day (the ledger holds the past
        days'): plan, record the new rows, claim them. Today's rows are then taken out again."""
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 5)))
        before = timezone.now()
        started = time.perf_counter()
        duties = sweep_duties(now=now, today=today)
        seconds = time.perf_counter() - started
        claimed = sum(len(b.reminder_ids) for b in duties.batches)
        self.stdout.write(
            f"   duties, first sweep of an ordinary day: {seconds:.3f} s; "
            f"{len(duties.planned)} due, {claimed} new and claimed, {len(duties.batches)} addresses"
        )
        DutyReminder.objects.filter(created_at__gte=before).delete()

    def analyze(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def time_planning(self, scale, today, rules, repeat):
        counts = {
            "requirements": Requirement.objects.count(),
            "active": Requirement.objects.filter(status__in=ACTIVE_STATUSES).count(),
            "ledger rows": Reminder.objects.count(),
        }
        self.stdout.write("   " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        first = median_seconds(lambda: plan_reminders(today=today, rules=rules), repeat)
        plan = plan_reminders(today=today, rules=rules)
        self.stdout.write(
            f"   first sweep of the day: plan_reminders {first:.3f} s (median of {repeat}); "
            f"{plan.candidates} candidates, {len(plan.planned)} reminders due, "
            f"{len(plan.new)} new"
        )
        fetch = median_seconds(
            lambda: list(candidate_requirements(today=today, rules=rules)), repeat
        )
        self.stdout.write(f"   of which the candidate query alone: {fetch:.3f} s")
        record(plan)
        Reminder.objects.filter(status=Reminder.Status.PLANNED).update(status=Reminder.Status.SENT)
        steady = median_seconds(lambda: plan_reminders(today=today, rules=rules), repeat)
        plan = plan_reminders(today=today, rules=rules)
        self.stdout.write(
            f"   later sweeps that day: plan_reminders {steady:.3f} s; {len(plan.new)} new"
        )
        self.stdout.write(f"\n   EXPLAIN ANALYZE, candidate query ({scale}x):")
        self.print_plan(candidate_requirements(today=today, rules=rules))
        self.stdout.write(f"\n   EXPLAIN ANALYZE, ledger anti-join ({scale}x):")
        keys, params = _planned_keys_sql(plan.planned)
        table = connection.ops.quote_name(Reminder._meta.db_table)
        sql = f"""SELECT due.position FROM {keys} WHERE NOT EXISTS (SELECT 1 FROM {table} r
            WHERE r.requirement_id = due.requirement_id AND r.kind = due.kind
            AND r.email = due.email AND r.for_date = due.for_date)"""
        explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            for line, *_ in cursor.fetchall():
                self.stdout.write(f"     {line}")

    def print_plan(self, queryset):
        options = {"analyze": True} if connection.vendor == "postgresql" else {}
        for line in queryset.explain(**options).splitlines():
            self.stdout.write(f"     {line}")


def median_seconds(fn, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)

"""Run the reminder sweep now, in this process: for cron, operators and the demo."""

import datetime as dt
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from compliance.duties.reminders import deliver as deliver_duties
from compliance.reminders.delivery import Delivery, deliver_inline, duty_only_batches
from compliance.reminders.sweep import pending_reminders, sweep
from inspections.models import Requirement
from providers.models import Home


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date: expected YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Plan, record and send the reminders due (the same sweep the Celery beat runs), "
        "and print who gets what."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=parse_date, help="stand-in for today (YYYY-MM-DD, London date)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be sent; write nothing"
        )

    def handle(self, *args, date, dry_run, **options):
        # --date only changes the day planned for; claims and retries keep real time.
        now = timezone.now()
        report = sweep(now=now, today=date, dry_run=dry_run)
        plan = report.plan
        self.stdout.write(
            f"Reminders for {report.today:%d/%m/%Y}: {plan.candidates} requirements looked at, "
            f"{len(plan.planned)} reminders due, {len(plan.new)} new."
        )
        for person in plan.unreachable:
            self.stdout.write(
                f"Not reminded (no email): {person.name}, {person.role} of {person.home_urn}"
            )
        if dry_run:
            self.print_dry_run(plan, report.duties.planned, now)
            return
        batches = deliver_inline(
            report.batches, now=now, today=report.today, duties=report.duties.batches
        )
        for batch, outcome in batches:
            if isinstance(outcome, Delivery):
                self.stdout.write(
                    f"Sent to {batch.email}: {outcome.sent} reminder(s)"
                    + (f", {outcome.skipped} no longer due" if outcome.skipped else "")
                    + (f" - {outcome.subject}" if outcome.subject else "")
                )
            elif outcome is None:
                self.stdout.write(f"Skipped {batch.email}: another worker took these over.")
            else:
                when = "failed for good" if outcome.final else f"retry in {outcome.retry_in}s"
                self.stderr.write(f"Could not send to {batch.email} ({when}).")
        for batch in duty_only_batches(report):  # the others went in the digest above
            try:
                sent = deliver_duties(
                    reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token, now=now
                )
                self.stdout.write(f"Sent to {batch.email}: {sent} duty reminder(s)")
            except Exception as exc:  # recorded on the rows; the next sweep retries
                self.stderr.write(f"Could not send duty reminders to {batch.email}: {exc}")
        if not report.batches and not report.duties.batches:
            self.stdout.write("Nothing to send.")

    def print_dry_run(self, plan, duties, now):
        pending = list(pending_reminders(now=now).values_list("requirement_id", "email", "kind"))
        names = dict(
            Requirement.objects.filter(
                pk__in={p.requirement_id for p in plan.new} | {row[0] for row in pending}
            ).values_list("pk", Concat("inspection__home__urn", Value(" "), "citation"))
        )
        by_email = defaultdict(list)
        for planned in plan.new:
            by_email[planned.email].append(
                f"{names[planned.requirement_id]}: {planned.kind} ({planned.roles})"
            )
        for requirement_id, email, kind in pending:
            by_email[email].append(f"{names[requirement_id]}: {kind} (already planned)")
        urns = dict(
            Home.objects.filter(pk__in={d.home_id for d in duties}).values_list("pk", "urn")
        )
        for duty in duties:  # the monitoring duties' reminders (Regulations 40, 44, 45)
            by_email[duty.email].append(f"{urns[duty.home_id]} duty {duty.duty_id}: {duty.kind}")
        for email, lines in sorted(by_email.items()):
            self.stdout.write(f"Would send to {email}:")
            for line in lines:
                self.stdout.write(f"  {line}")
        if not by_email:
            self.stdout.write("Nothing would be sent.")
        self.stdout.write("Dry run: nothing written, nothing sent.")

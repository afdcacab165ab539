"""Statutory monitoring duties of a home: the catalogue (data), what the home recorded
against it (Regulation 44 visits, 45 reviews, 40 notifications), the actions those produce,
their append-only history, and the duty reminder ledger."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from compliance.models import AppendOnlyModel, UploadedFile
from compliance.reminders.ledger import LedgerStatus
from inspections.models import RequirementStatus
from providers.models import Home, Person


class Duty(models.Model):
    """One rule of the catalogue (loaded from duties/data/duties.tsv by migration 0002)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Independent person's visit"
        VISIT_REPORT = "visit_report", "Visit report sent"
        REVIEW = "review", "Quality of care review"
        REVIEW_REPORT = "review_report", "Review report sent"
        NOTIFICATION = "notification", "Serious event notification"

    code = models.SlugField(max_length=40, primary_key=True)
    regulation = models.PositiveSmallIntegerField()
    paragraph = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    what_must_happen = models.TextField()
    frequency = models.CharField(max_length=40)
    send_what = models.CharField(max_length=200, blank=True)
    send_to = models.TextField(blank=True)
    parties = models.CharField(
        max_length=200, blank=True, help_text="Party codes that must be notified, comma-separated."
    )
    deadline = models.CharField(
        max_length=40, help_text="end_of_month, end_of_visit_month, months:N, days:N, without_delay"
    )
    source_url = models.URLField(max_length=300)
    source_quote = models.TextField()
    verified = models.BooleanField(help_text="The duty was read in the source text.")
    deadline_verified = models.BooleanField(help_text="The deadline was read in the source text.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["regulation", "paragraph", "code"]
        verbose_name_plural = "duties"

    def __str__(self):
        return f"Regulation {self.paragraph}: {self.title}"

    @property
    def party_codes(self) -> list[str]:
        return [p for p in self.parties.split(",") if p]


def report_path(instance, filename: str) -> str:
    """Our own random name; only the (checked) extension is kept."""
    return f"duties/{instance.home_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def action_evidence_path(instance, filename: str) -> str:
    return f"duties/evidence/{instance.action_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Recorded(models.Model):
    """What every record of a duty carries: its home, who recorded it, when."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Visit(Recorded):
    """A Regulation 44 visit by the independent person, and where its report went."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="duty_visits")
    visit_date = models.DateField()
    independent_person = models.CharField(max_length=255)
    report = models.FileField(upload_to=report_path, max_length=255, blank=True)
    report_name = models.CharField(max_length=255, blank=True)
    sent_to_ofsted_on = models.DateField(null=True, blank=True)
    sent_to_provider_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["home", "-visit_date", "-id"]
        indexes = [models.Index(fields=["home", "visit_date"], name="duty_visit_home_date")]

    def __str__(self):
        return f"Regulation 44 visit {self.visit_date:%d/%m/%Y} ({self.home.urn})"


class Review(Recorded):
    """A Regulation 45 quality of care review and when its report went to Ofsted."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="duty_reviews")
    period_start = models.DateField()
    period_end = models.DateField()
    completed_on = models.DateField()
    report = models.FileField(upload_to=report_path, max_length=255, blank=True)
    report_name = models.CharField(max_length=255, blank=True)
    sent_to_ofsted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["home", "-completed_on", "-id"]
        indexes = [models.Index(fields=["home", "completed_on"], name="duty_review_home_done")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="duty_review_period_order",
            )
        ]

    def __str__(self):
        return f"Regulation 45 review completed {self.completed_on:%d/%m/%Y} ({self.home.urn})"


class Notification(Recorded):
    """A Regulation 40 serious event, and when each required party was told."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="duty_notifications")
    duty = models.ForeignKey(
        Duty,
        on_delete=models.PROTECT,
        related_name="notifications",
        limit_choices_to={"kind": Duty.Kind.NOTIFICATION},
    )
    description = models.TextField()
    happened_at = models.DateTimeField()
    hmci_notified_at = models.DateTimeField("Ofsted notified at", null=True, blank=True)
    placing_authority_notified_at = models.DateTimeField(null=True, blank=True)
    local_authority_notified_at = models.DateTimeField(null=True, blank=True)
    provider_notified_at = models.DateTimeField(null=True, blank=True)
    police_notified_at = models.DateTimeField(null=True, blank=True)

    # Party code -> the field holding when that party was notified.
    PARTY_FIELDS = {
        "hmci": "hmci_notified_at",
        "placing_authority": "placing_authority_notified_at",
        "local_authority": "local_authority_notified_at",
        "provider": "provider_notified_at",
        "police": "police_notified_at",
    }
    PARTY_LABELS = {
        "hmci": "Ofsted (HMCI)",
        "placing_authority": "Placing authority",
        "local_authority": "Local authority",
        "provider": "Registered provider",
        "police": "Police",
    }

    class Meta:
        ordering = ["home", "-happened_at", "-id"]
        indexes = [models.Index(fields=["home", "happened_at"], name="duty_notif_home_when")]

    def __str__(self):
        return (
            f"Regulation {self.duty.paragraph} event {self.happened_at:%d/%m/%Y} ({self.home.urn})"
        )


class Action(Recorded):
    """An action from a visit's recommendations or a review: a tracked item with an
    owner, a due date and the requirement lifecycle's statuses. Never an Ofsted finding."""

    class Source(models.TextChoices):
        VISIT = "visit", "Regulation 44 visit"
        REVIEW = "review", "Regulation 45 review"

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="duty_actions")
    source = models.CharField(max_length=10, choices=Source.choices)
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    text = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="duty_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.OPEN
    )

    class Meta:
        ordering = ["home", "due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="duty_action_status_due")]
        constraints = [
            # Exactly one origin, matching `source`.
            models.CheckConstraint(
                condition=(
                    models.Q(source="visit", visit__isnull=False, review__isnull=True)
                    | models.Q(source="review", review__isnull=False, visit__isnull=True)
                ),
                name="duty_action_one_source",
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} action: {self.text[:60]}"


class DutyEvent(AppendOnlyModel):
    """One write to a home's duty records: who, when, what. Rows are only ever inserted."""

    history_name = "duty history"

    class Kind(models.TextChoices):
        CREATED = "created", "Recorded"
        UPDATED = "updated", "Changed"
        STATUS = "status", "Status changed"
        OWNER = "owner", "Owner changed"
        EVIDENCE = "evidence", "Evidence added"
        NOTE = "note", "Note"

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="duty_events")
    record_type = models.CharField(max_length=20)  # visit, review, notification, action
    record_id = models.PositiveBigIntegerField()
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=255)
    from_status = models.CharField(max_length=20, choices=RequirementStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequirementStatus.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="duty_event_record")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.record_type} {self.record_id} by {self.actor_name}"


class ActionEvidence(UploadedFile):
    """A file showing an action was done; checked like requirement evidence."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=action_evidence_path, max_length=255)

    class Meta(UploadedFile.Meta):
        verbose_name_plural = "action evidence"


class DutyReminder(models.Model):
    """The duty reminder ledger: one row per (home, duty, kind, period, email), ever.

    Same claim pattern as compliance.models.Reminder: the row is inserted (planned) before
    anything is sent, a conditional UPDATE claims it (sending, with a lease and token),
    and it ends sent, failed or skipped. The unique constraint makes a second sweep's
    insert a no-op, so each reminder goes once.
    """

    Status = LedgerStatus

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="duty_reminders")
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=32, help_text="missing_visit, report_due_5 ...")
    period = models.DateField(help_text="The month (its first day) or deadline it is about.")
    email = models.EmailField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "Action",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        help_text="The visit or review action reminded of; empty for the duty's own reminders.",
    )
    message = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "-id"]
        constraints = [
            # Two partial constraints, since NULLs never clash in a unique index: a duty's
            # own reminder once per (home, duty, kind, period, email), an action's once per
            # (action, kind, period, email), so two actions due the same day both go.
            models.UniqueConstraint(
                fields=["home", "duty", "kind", "period", "email"],
                condition=models.Q(action__isnull=True),
                name="duty_reminder_once",
            ),
            models.UniqueConstraint(
                fields=["action", "kind", "period", "email"],
                condition=models.Q(action__isnull=False),
                name="duty_action_reminder_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "lease_until"],
                name="duty_reminder_pending",
                condition=models.Q(status__in=["planned", "sending"]),
            )
        ]

    def __str__(self):
        return f"{self.kind} to {self.email} ({self.get_status_display()})"

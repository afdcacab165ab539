"""The compliance record of a requirement: its append-only history and its evidence."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from compliance.reminders.ledger import LedgerStatus
from inspections.models import Requirement, RequirementStatus
from providers.models import Person


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a history row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("requirement history is append-only")

    def delete(self):
        raise AppendOnlyError("requirement history is append-only")


class AppendOnlyModel(models.Model):
    """A history row: inserted once, never saved again nor deleted (`history_name` names it in
    the error)."""

    history_name = "requirement history"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self.history_name} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.history_name} is append-only")


class RequirementEvent(AppendOnlyModel):
    """One change to a requirement: who, when, from, to, and a note.

    Rows are only ever inserted. The model refuses updates and deletes, and database
    triggers (migration 0002) refuse them too, so neither the admin nor SQL can rewrite
    the history.
    """

    class Kind(models.TextChoices):
        STATUS = "status", "Status changed"
        OWNER = "owner", "Owner changed"
        EVIDENCE = "evidence", "Evidence added"
        NOTE = "note", "Note"
        RESOLVED = "resolved", "Resolved by a later inspection"
        RESOLUTION_UNDONE = "resolution_undone", "Resolution undone"

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirement_events",
    )
    actor_name = models.CharField(
        max_length=255, help_text="Kept as it was when the event happened."
    )
    from_status = models.CharField(max_length=20, choices=RequirementStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequirementStatus.choices, blank=True)
    note = models.TextField(blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The later inspection behind a resolution, or its undoing.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["requirement", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor_name} at {self.created_at:%d/%m/%Y %H:%M}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A safe stored name: our own random name, only the (checked) extension kept."""
    suffix = Path(filename).suffix.lower()
    return f"evidence/{instance.requirement_id}/{uuid.uuid4().hex}{suffix}"


class UploadedFile(models.Model):
    """What every stored evidence file keeps: the checked upload and who sent it. Stored
    under MEDIA_ROOT with a random name and served only through a view that checks who asks
    (compliance.services.evidence.save_upload writes every kind)."""

    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Evidence(UploadedFile):
    """A file the provider attaches to show a requirement is met."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="evidence")
    event = models.ForeignKey(
        RequirementEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(upload_to=evidence_path, max_length=255)

    class Meta(UploadedFile.Meta):
        verbose_name_plural = "evidence"


class Reminder(models.Model):
    """The reminder ledger: one row per (requirement, recipient address, kind, day), ever.

    The unique constraint makes the row the claim: a sweep that inserts it owns it, and a
    second sweep, a retried task or a double beat tick finds it there and sends nothing.
    A row is written before its email is sent (planned), claimed by a conditional UPDATE
    (sending, with a lease), and ends sent, failed (with the error) or skipped.
    """

    Status = LedgerStatus

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(
        max_length=32,
        help_text="advance_28 ... advance_1, due_today, overdue_7, overdue_14 ..., "
        "escalation_14, escalation_21 ... (the number is days before or over).",
    )
    for_date = models.DateField("for", help_text="The day this reminder falls on.")
    email = models.EmailField(help_text="Where it goes, in lower case: one inbox, one reminder.")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    roles = models.CharField(max_length=120, blank=True, help_text="Why this address gets it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A row still sending after this is taken over."
    )
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest_id = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="The email it went out in."
    )

    class Meta:
        ordering = ["-for_date", "-id"]
        constraints = [
            # Requirement first: the sweep looks rows up by all four (see not_in_ledger).
            # The milestone's day is part of it, so when a due date moves the series is
            # planned again for the new date.
            models.UniqueConstraint(
                fields=["requirement", "kind", "email", "for_date"],
                name="reminder_once_per_milestone",
            ),
        ]
        indexes = [
            models.Index(fields=["for_date"], name="reminder_for_date"),
            # Only the few rows still to send, so claiming stays cheap as the ledger grows.
            models.Index(
                fields=["status", "lease_until"],
                name="reminder_pending",
                condition=models.Q(status__in=["planned", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.email} ({self.get_status_display()})"


class RequirementCounts(models.Model):
    """How many of a home's requirements under one regulation stand in each status set.

    Kept in the same transaction as every change to a requirement (compliance.services.counts,
    wired to the requirement's save and delete) and checked against a fresh recount in the
    tests, so lists of many homes add up a few rows per home instead of reading every
    requirement. Counts that change with the date (overdue, due soon) are not kept: they are
    read live from the index of unresolved requirements.
    """

    home = models.ForeignKey(
        "providers.Home", on_delete=models.CASCADE, related_name="requirement_counts"
    )
    regulation = models.ForeignKey(
        "inspections.Regulation", on_delete=models.CASCADE, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    awaiting_confirmation = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    not_met = models.PositiveIntegerField(default=0)
    compliance_notices_open = models.PositiveIntegerField(default=0)
    repeated_open = models.PositiveIntegerField(default=0)
    raised_again = models.PositiveIntegerField(default=0)
    not_raised_again = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "requirement counts"
        constraints = [
            models.UniqueConstraint(
                fields=["home", "regulation"], name="counts_per_home_regulation"
            )
        ]

    def __str__(self):
        return f"{self.home_id} / regulation {self.regulation_id}: {self.open} open"

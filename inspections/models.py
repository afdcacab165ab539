"""What Ofsted found: inspections, the report documents they came from, and their
findings (statutory requirements and recommendations) against the regulations."""

from django.db import models

from inspections.summaries import requirement_summary
from providers.fields import optional_link
from providers.models import Home, Person


class Judgement(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"
    IMPROVED_EFFECTIVENESS = "improved_effectiveness", "Improved effectiveness"
    SUSTAINED_EFFECTIVENESS = "sustained_effectiveness", "Sustained effectiveness"
    DECLINED_IN_EFFECTIVENESS = "declined_in_effectiveness", "Declined in effectiveness"
    NO_JUDGEMENT = "no_judgement", "No judgement"


# Which inspection types carry the three full judgements (the rest carry one outcome).
FULL = "full"


class SourceDocument(models.Model):
    """A report file as uploaded, with its hash (the import's identity) and the extract."""

    file = models.FileField(upload_to="reports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=10, choices=[("pdf", "PDF"), ("text", "Text")])
    extract = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name


class Inspection(models.Model):
    """One inspection of a home. Rows of a report's 'Recent inspection history' create
    inspections `known_from_history_only`; importing that inspection's own report later
    fills the same row (matched on home and start date)."""

    home = models.ForeignKey(Home, on_delete=models.CASCADE, related_name="inspections")
    inspection_type = models.CharField(
        max_length=40, help_text="full, interim, monitoring, assurance, or another word"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    overall_experiences = models.CharField(
        "overall experiences and progress",
        max_length=30,
        choices=Judgement.choices,
        blank=True,
    )
    help_and_protection = models.CharField(max_length=30, choices=Judgement.choices, blank=True)
    leadership_and_management = models.CharField(
        max_length=30, choices=Judgement.choices, blank=True
    )
    outcome = models.CharField(
        max_length=30,
        choices=Judgement.choices,
        blank=True,
        help_text="The single outcome of an interim, monitoring or other non-full inspection.",
    )
    previous_inspection_date = models.DateField(null=True, blank=True)
    previous_inspection_judgement = models.CharField(
        max_length=30, choices=Judgement.choices, blank=True
    )
    enforcement_action = models.TextField(blank=True)
    inspectors = models.ManyToManyField(Person, blank=True, related_name="inspections")
    known_from_history_only = models.BooleanField(
        default=False, help_text="Known only from another report's inspection history."
    )
    source_document = optional_link(SourceDocument, related_name="inspections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["home", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["home", "start_date"], name="inspection_unique_start"),
        ]
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["updated_at"])]

    def __str__(self):
        return f"{self.home.urn} {self.inspection_type} {self.start_date:%d/%m/%Y}"

    @property
    def headline_judgement(self) -> str:
        """The judgement a history table shows: overall experiences, or the outcome."""
        return self.overall_experiences or self.outcome

    def get_headline_judgement_display(self) -> str:
        return Judgement(self.headline_judgement).label if self.headline_judgement else ""


class Regulation(models.Model):
    """A regulation of the Children's Homes (England) Regulations 2015 (loaded as data)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.CharField(max_length=255, blank=True)
    part = models.CharField(max_length=255, blank=True)
    title_verified = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Regulation {self.number}: {self.title}" if self.title else self.short_name

    @property
    def short_name(self) -> str:
        return f"Regulation {self.number}"


class RequirementStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    ACTION_COMPLETED = "action_completed", "Action completed"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    # Closed by a later inspection (see compliance.services.resolution): raised again there
    # (not met at that re-inspection, and replaced), or not raised again (no longer required).
    RAISED_AGAIN = "raised_again", "Not met: raised again"
    NOT_RAISED_AGAIN = "not_raised_again", "Not raised again"


class Requirement(models.Model):
    """A statutory requirement raised at an inspection: a duty with a due date."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="requirements"
    )
    regulation = models.ForeignKey(
        Regulation, on_delete=models.PROTECT, related_name="requirements"
    )
    sequence = models.PositiveSmallIntegerField(help_text="Its place in the report's table.")
    citation = models.CharField(max_length=255, help_text="e.g. Regulation 12(1)(2)(a)(i)")
    text = models.TextField()
    detail = models.TextField(
        blank=True, help_text="The inspector's 'This specifically relates to'."
    )
    due_date = models.DateField(null=True, blank=True)
    compliance_notice = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.OPEN
    )
    owner = optional_link(
        Person,
        related_name="owned_requirements",
        help_text="Who at the provider is doing the work to meet it.",
    )
    # Set when a later inspection of the home resolves this requirement: raised again (and
    # then `replaced_by` is the requirement that replaces it) or not raised again.
    resolved_by = optional_link(
        Inspection,
        related_name="resolved_requirements",
        help_text="The later inspection that resolved it (raised again, or not).",
    )
    replaced_by = optional_link(
        "self",
        related_name="replaces",
        help_text="The requirement that raises it again at the later inspection.",
    )
    resolution_undone_for = optional_link(
        Inspection,
        related_name="+",
        help_text="A regulator undid the resolution by this inspection: it is not applied again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "sequence"], name="requirement_unique_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="requirement_status_due"),
            # Lists of what is still owed, by deadline, read only the active rows.
            models.Index(
                fields=["due_date", "id"],
                name="requirement_active_due",
                condition=models.Q(status__in=["open", "in_progress", "not_met"]),
            ),
            # A home's or provider's open and overdue counts walk their inspections: this
            # finds each inspection's unresolved rows without reading its closed ones (96%).
            models.Index(
                fields=["inspection", "due_date"],
                name="requirement_unresolved",
                condition=models.Q(
                    status__in=["open", "in_progress", "not_met", "action_completed"]
                ),
            ),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self):
        return f"{self.inspection.home.urn}: {self.citation}"

    @property
    def summary(self) -> str:
        """What it is about, in one short line (inspections.summaries)."""
        return requirement_summary(text=self.text, detail=self.detail)

    @property
    def is_resolved_by_inspection(self) -> bool:
        return self.resolved_by_id is not None


class Recommendation(models.Model):
    """A recommendation citing the guide to the regulations (page and paragraph)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    sequence = models.PositiveSmallIntegerField()
    text = models.TextField()
    guide_page = models.PositiveSmallIntegerField(null=True, blank=True)
    guide_paragraph = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "sequence"], name="recommendation_unique_sequence"
            ),
        ]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self):
        return f"{self.inspection.home.urn}: guide p.{self.guide_page} para {self.guide_paragraph}"

"""Who and where: users, providers, their homes, and the people named in reports."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from providers.fields import optional_link


def name_key(name: str) -> str:
    """The form a name is matched on: case, spacing and apostrophe style do not matter."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


# -- who cannot be reminded: the one definition ---------------------------------------------


def reminder_address(email: str | None) -> str:
    """The inbox reminders to this email go to: trimmed, in lower case. Empty means the
    person cannot be reminded (no email address)."""
    return (email or "").strip().lower()


def cannot_be_reminded_q(prefix: str = "") -> Q:
    """The same rule in SQL: a person (or the person at `prefix`, such as
    "registered_manager") with no email address. Stored emails are trimmed by the form."""
    if not prefix:
        return Q(email="")
    return Q(**{f"{prefix}__isnull": False, f"{prefix}__email": ""})


class PersonQuerySet(models.QuerySet):
    def named_on_a_home(self) -> "PersonQuerySet":
        """With `named_on_home`: True for a home's responsible individual or registered
        manager (the people reminders go to)."""
        return self.annotate(
            named_on_home=models.Exists(
                Home.objects.filter(
                    Q(responsible_individual=models.OuterRef("pk"))
                    | Q(registered_manager=models.OuterRef("pk"))
                )
            )
        )

    def cannot_be_reminded(self) -> "PersonQuerySet":
        """People named on a home whom no reminder can reach: they have no email."""
        named = self if "named_on_home" in self.query.annotations else self.named_on_a_home()
        return named.filter(cannot_be_reminded_q(), named_on_home=True)


class User(AbstractUser):
    """A person who signs in. What they may see follows from their memberships and
    the people records linked to them (see providers.access.homes_visible_to)."""

    is_regulator = models.BooleanField(
        default=False,
        help_text="Regulators see every home, read-only, and may import reports.",
    )

    class Meta:
        db_table = "users"


class Provider(models.Model):
    """A registered provider: the organisation that runs one or more homes."""

    name = models.CharField(max_length=255)
    name_key = models.CharField(max_length=255, unique=True, editable=False)
    address = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at"])]  # the API's changes feed

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Person(models.Model):
    """A named person in a report: responsible individual, registered manager or inspector.

    Staff of a provider are keyed by (name, provider); inspectors have no provider.
    Linking `user` lets the person sign in and see their homes; `email` is where
    reminders go.
    """

    name = models.CharField(max_length=255)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="people"
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    advance_reminders = models.BooleanField(
        default=True,
        help_text="Reminders before a due date. Overdue reminders and escalations are always sent.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["updated_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "provider"],
                condition=Q(provider__isnull=False),
                name="person_unique_per_provider",
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(provider__isnull=True),
                name="person_unique_without_provider",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    @property
    def cannot_be_reminded(self) -> bool:
        return not reminder_address(self.email)


class Home(models.Model):
    """A children's home, known by its Ofsted unique reference number (URN), kept as printed."""

    urn = models.CharField("URN", max_length=20, unique=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="homes")
    name = models.CharField(
        max_length=255, blank=True, help_text="Reports do not name homes; providers may."
    )
    provision_subtype = models.CharField(max_length=120, blank=True)
    capacity = models.PositiveSmallIntegerField("places", null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    registered_manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_homes"
    )
    responsible_individual = optional_link(Person, related_name="responsible_for_homes")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urn"]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self):
        return f"{self.name} ({self.urn})" if self.name else self.urn

    @property
    def age_range(self) -> str:
        if self.age_min is not None and self.age_max is not None:
            return f"{self.age_min} to {self.age_max}"
        return ""


class ProviderMembership(models.Model):
    """Ties a user to a provider as one of its managers: they see all its homes."""

    class Role(models.TextChoices):
        MANAGER = "manager", "Provider manager"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="provider_memberships")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MANAGER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.provider} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token for API integrations. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12, db_index=True, help_text="Shown to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class CalendarFeed(models.Model):
    """A private iCalendar feed URL of a user's due dates. Only the token's hash is stored;
    revoking it makes the URL answer 404."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar feed of {self.user} from {self.created_at:%d/%m/%Y}"

"""factory_boy factories for every model; each builds a valid row with sensible defaults."""

import datetime as dt
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from compliance.api.tokens import PREFIX_LENGTH, hash_key
from compliance.duties import models as duties
from compliance.models import Evidence, Reminder, RequirementCounts, RequirementEvent
from compliance.services.calendar_feeds import hash_feed_token
from inspections.models import (
    Inspection,
    Recommendation,
    Regulation,
    Requirement,
    RequirementStatus,
    SourceDocument,
)
from providers.models import (
    ApiToken,
    CalendarFeed,
    Home,
    Person,
    Provider,
    ProviderMembership,
)

EVIDENCE_BYTES = b"Risk assessment reviewed and signed.\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n} Limited")
    address = factory.Sequence(lambda n: f"{n} High Street, Leeds LS1 1AA")


class PersonFactory(factory.django.DjangoModelFactory):
    """Someone at a provider, with an email address made from their name (so reminders
    reach them unless a test blanks it)."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    provider = factory.SubFactory(ProviderFactory)
    email = factory.LazyAttribute(lambda p: f"{p.name.lower().replace(' ', '.')}@example.org")


class HomeFactory(factory.django.DjangoModelFactory):
    """A home of its own new provider, whose responsible individual and registered manager
    are people of that same provider."""

    class Meta:
        model = Home

    urn = factory.Sequence(lambda n: f"SC{900000 + n}")
    provider = factory.SubFactory(ProviderFactory)
    provision_subtype = "Children's home"
    capacity = 4
    responsible_individual = factory.SubFactory(
        PersonFactory, provider=factory.SelfAttribute("..provider")
    )
    registered_manager = factory.SubFactory(
        PersonFactory, provider=factory.SelfAttribute("..provider")
    )


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    home = factory.SubFactory(HomeFactory)
    inspection_type = "full"
    start_date = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=7 * n))
    end_date = factory.LazyAttribute(lambda i: i.start_date + dt.timedelta(days=1))
    overall_experiences = "good"
    help_and_protection = "good"
    leadership_and_management = "requires_improvement"


class RegulationFactory(factory.django.DjangoModelFactory):
    """Migrations load the 2015 Regulations; this returns one of them (or adds a number)."""

    class Meta:
        model = Regulation
        django_get_or_create = ["number"]

    number = 12
    title = factory.LazyAttribute(lambda r: f"Regulation {r.number}")


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    original_name = factory.Sequence(lambda n: f"report-{n}.txt")
    file = factory.LazyAttribute(
        lambda d: ContentFile(f"report {d.original_name}".encode(), name=d.original_name)
    )
    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"report {n}".encode()).hexdigest())
    size = 64
    format = "text"


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    inspection = factory.SubFactory(InspectionFactory)
    regulation = factory.LazyFunction(lambda: Regulation.objects.get(number=12))
    sequence = factory.Sequence(lambda n: n + 1)
    citation = factory.LazyAttribute(lambda r: f"Regulation {r.regulation.number}(1)")
    text = "The registered person must keep each child safe."
    due_date = factory.LazyAttribute(lambda r: r.inspection.start_date + dt.timedelta(days=42))


class RequirementCountsFactory(factory.django.DjangoModelFactory):
    """The kept counts of a home's one open requirement. Saving a requirement keeps them
    itself (compliance.services.counts): this is for the counts alone."""

    class Meta:
        model = RequirementCounts
        django_get_or_create = ("home", "regulation")

    home = factory.SubFactory(HomeFactory)
    regulation = factory.SubFactory(RegulationFactory)
    total = 1
    open = 1


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    text = "Ensure that records are kept up to date."
    guide_page = 62
    guide_paragraph = "14.3"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)


class RequirementEventFactory(factory.django.DjangoModelFactory):
    """A status step from open to in progress by default; the history is append-only."""

    class Meta:
        model = RequirementEvent

    requirement = factory.SubFactory(RequirementFactory)
    kind = RequirementEvent.Kind.STATUS
    actor = factory.SubFactory(UserFactory)
    actor_name = factory.LazyAttribute(lambda e: e.actor.get_full_name() or e.actor.username)
    from_status = RequirementStatus.OPEN
    to_status = RequirementStatus.IN_PROGRESS
    note = "Started on the action plan."


class _UploadedFileFactory(factory.django.DjangoModelFactory):
    """An UploadedFile of EVIDENCE_BYTES, stored under MEDIA_ROOT (a per-test folder in
    these tests); a subclass names its model, its original_name and who uploaded it."""

    class Meta:
        abstract = True

    file = factory.LazyAttribute(lambda e: ContentFile(EVIDENCE_BYTES, name=e.original_name))
    content_type = "text/plain"
    size = len(EVIDENCE_BYTES)
    sha256 = hashlib.sha256(EVIDENCE_BYTES).hexdigest()


class EvidenceFactory(_UploadedFileFactory):
    """A requirement's evidence, with the history event it was uploaded with."""

    class Meta:
        model = Evidence

    requirement = factory.SubFactory(RequirementFactory)
    event = factory.SubFactory(
        RequirementEventFactory,
        requirement=factory.SelfAttribute("..requirement"),
        kind=RequirementEvent.Kind.EVIDENCE,
        from_status="",
        to_status="",
    )
    original_name = "risk-assessment.txt"
    uploaded_by = factory.SelfAttribute("event.actor")


class ReminderFactory(factory.django.DjangoModelFactory):
    """A planned ledger row for the requirement's registered manager, a week ahead."""

    class Meta:
        model = Reminder

    requirement = factory.SubFactory(RequirementFactory)
    kind = "advance_7"
    for_date = factory.LazyAttribute(lambda r: r.requirement.due_date - dt.timedelta(days=7))
    person = factory.LazyAttribute(lambda r: r.requirement.inspection.home.registered_manager)
    email = factory.LazyAttribute(lambda r: r.person.email.lower())
    roles = "registered manager"
    status = Reminder.Status.PLANNED


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """Only the key's hash is stored: pass `key=` to know the key to authenticate with."""

    class Meta:
        model = ApiToken

    class Params:
        key = factory.Sequence(lambda n: f"test-key-{n:04d}-" + "x" * 24)

    user = factory.SubFactory(UserFactory)
    name = "integration"
    prefix = factory.LazyAttribute(lambda t: t.key[:PREFIX_LENGTH])
    key_hash = factory.LazyAttribute(lambda t: hash_key(t.key))


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """Only the token's hash is stored: pass `token=` to know the feed's URL."""

    class Meta:
        model = CalendarFeed

    class Params:
        token = factory.Sequence(lambda n: f"feed-token-{n:04d}")

    user = factory.SubFactory(UserFactory)
    token_hash = factory.LazyAttribute(lambda f: hash_feed_token(f.token))


# -- the monitoring duties (Regulations 40, 44, 45) ------------------------------------------


class DutyFactory(factory.django.DjangoModelFactory):
    """A serious-event duty of its own (the real catalogue is loaded by a migration)."""

    class Meta:
        model = duties.Duty

    code = factory.Sequence(lambda n: f"test-duty-{n}")
    regulation = 40
    paragraph = "40(4)(a)"
    kind = duties.Duty.Kind.NOTIFICATION
    title = "A test serious event"
    what_must_happen = "Notify each person listed without delay."
    frequency = "each event"
    parties = "hmci"
    deadline = "24h"
    source_url = "https://www.legislation.gov.uk/uksi/2015/541/regulation/40/made"
    source_quote = "the registered person must notify"
    verified = True
    deadline_verified = False


class _RecordedFactory(factory.django.DjangoModelFactory):
    """A duty record (the models' Recorded) of a home, and who recorded it."""

    class Meta:
        abstract = True

    home = factory.SubFactory(HomeFactory)
    recorded_by = factory.SubFactory(UserFactory)


class VisitFactory(_RecordedFactory):
    """A Regulation 44 visit recorded by a member of the home's provider."""

    class Meta:
        model = duties.Visit

    visit_date = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    independent_person = "Jo Independent"


class ReviewFactory(_RecordedFactory):
    """A Regulation 45 review of the six months before it was completed."""

    class Meta:
        model = duties.Review

    completed_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=5))
    period_end = factory.LazyAttribute(lambda r: r.completed_on - dt.timedelta(days=1))
    period_start = factory.LazyAttribute(lambda r: r.period_end - dt.timedelta(days=182))


class NotificationFactory(_RecordedFactory):
    """A Regulation 40 event nobody has been told of yet."""

    class Meta:
        model = duties.Notification

    duty = factory.SubFactory(DutyFactory)
    description = "A child went missing overnight and was found the next morning."
    happened_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=3))


class ActionFactory(_RecordedFactory):
    """An open action from a visit's recommendations."""

    class Meta:
        model = duties.Action

    visit = factory.SubFactory(VisitFactory)
    home = factory.SelfAttribute("visit.home")
    recorded_by = factory.SelfAttribute("visit.recorded_by")
    source = duties.Action.Source.VISIT
    text = "Update the missing-from-care protocol."
    due_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))


class DutyEventFactory(factory.django.DjangoModelFactory):
    """The 'recorded' event of a visit."""

    class Meta:
        model = duties.DutyEvent

    home = factory.SelfAttribute("visit.home")
    record_type = "visit"
    record_id = factory.SelfAttribute("visit.pk")
    kind = duties.DutyEvent.Kind.CREATED
    actor = factory.SelfAttribute("visit.recorded_by")
    actor_name = factory.LazyAttribute(lambda e: e.actor.get_full_name() or e.actor.username)

    class Params:
        visit = factory.SubFactory(VisitFactory)


class ActionEvidenceFactory(_UploadedFileFactory):
    """A small text file showing an action was done."""

    class Meta:
        model = duties.ActionEvidence

    action = factory.SubFactory(ActionFactory)
    original_name = "protocol.txt"
    uploaded_by = factory.SelfAttribute("action.recorded_by")


class DutyReminderFactory(factory.django.DjangoModelFactory):
    """A planned duty reminder to the home's registered manager."""

    class Meta:
        model = duties.DutyReminder

    home = factory.SubFactory(HomeFactory)
    duty = factory.SubFactory(DutyFactory)
    kind = "missing_visit"
    period = factory.LazyFunction(lambda: dt.date.today().replace(day=1))
    person = factory.SelfAttribute("home.registered_manager")
    email = factory.LazyAttribute(lambda r: r.person.email.lower())
    message = "No Regulation 44 visit recorded this month."

"""factory_boy factories for the domain; each builds a valid row with sensible defaults."""

import datetime as dt

import factory

from inspections.models import Inspection, Recommendation, Regulation, Requirement
from providers.models import Home, Person, Provider, ProviderMembership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
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
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    provider = factory.SubFactory(ProviderFactory)
    email = factory.LazyAttribute(lambda p: f"{p.name.lower().replace(' ', '.')}@example.org")


class HomeFactory(factory.django.DjangoModelFactory):
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


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    inspection = factory.SubFactory(InspectionFactory)
    regulation = factory.LazyFunction(lambda: Regulation.objects.get(number=12))
    sequence = factory.Sequence(lambda n: n + 1)
    citation = factory.LazyAttribute(lambda r: f"Regulation {r.regulation.number}(1)")
    text = "The registered person must keep each child safe."
    due_date = factory.LazyAttribute(lambda r: r.inspection.start_date + dt.timedelta(days=42))


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

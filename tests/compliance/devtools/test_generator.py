"""generate_demo_data: realistic shapes, the same data for the same seed, and additive runs."""

import datetime as dt
import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from compliance.devtools import SAMPLE_PASSWORD
from compliance.devtools.generator import (
    SEED_REGULATION_WEIGHTS,
    generate_demo_data,
    provider_sizes,
)
from compliance.devtools.sample_world import build_sample_world
from compliance.rules import ACTIVE_STATUSES
from inspections.models import Inspection, Recommendation, Requirement
from providers.models import Home, Person, Provider, ProviderMembership

TODAY = dt.date(2026, 11, 25)


def test_provider_sizes_are_skewed_at_england_scale():
    sizes = provider_sizes(3500, random.Random(1))
    assert sum(sizes) == 3500
    assert 2 <= sum(1 for s in sizes if s > 100) <= 6  # a few large groups
    small = sum(1 for s in sizes if s <= 3)
    assert small / len(sizes) > 0.75  # most providers run one to three homes


@pytest.mark.parametrize("homes", [1, 5, 37, 250])
def test_provider_sizes_always_add_up(homes):
    sizes = provider_sizes(homes, random.Random(homes))
    assert sum(sizes) == homes and min(sizes) >= 1


def test_a_small_run_has_the_expected_shapes(db):
    report = generate_demo_data(homes=60, years=3, seed=7, today=TODAY)
    assert (report.homes, Home.objects.count()) == (60, 60)
    assert report.providers == Provider.objects.count()
    assert report.requirements == Requirement.objects.count()
    # About two inspections a year per home.
    per_home_year = Inspection.objects.count() / 60 / 3
    assert 1.5 < per_home_year < 2.3
    assert not Inspection.objects.filter(start_date__gt=TODAY).exists()
    # Every home has its RI and registered manager; every provider a manager user.
    assert not Home.objects.filter(responsible_individual=None).exists()
    assert not Home.objects.filter(registered_manager=None).exists()
    assert ProviderMembership.objects.count() == report.providers
    # Due 4 to 8 weeks after the inspection, regulations among the seeds' ones.
    for requirement in Requirement.objects.select_related("inspection")[:300]:
        gap = (requirement.due_date - requirement.inspection.start_date).days
        assert 28 <= gap <= 56
        assert requirement.regulation_id in SEED_REGULATION_WEIGHTS
    # Statuses by age: old requirements are mostly met, the ones still to come all active.
    old = Requirement.objects.filter(due_date__lt=TODAY - dt.timedelta(365))
    assert old.filter(status="met").count() / old.count() > 0.75
    coming = Requirement.objects.filter(due_date__gt=TODAY + dt.timedelta(14))
    assert set(coming.values_list("status", flat=True)) <= {"open", "in_progress"}
    assert (
        report.active_requirements == Requirement.objects.filter(status__in=ACTIVE_STATUSES).count()
    )
    # Later inspections resolved the earlier requirements, as an import would.
    replaced = Requirement.objects.filter(replaced_by__isnull=False).select_related(
        "replaced_by__inspection", "inspection", "resolved_by"
    )
    assert replaced.exists()
    for requirement in replaced[:50]:
        later = requirement.replaced_by
        assert requirement.status == "raised_again"
        assert later.regulation_id == requirement.regulation_id
        assert later.inspection == requirement.resolved_by
        assert later.inspection.home_id == requirement.inspection.home_id
        assert later.inspection.start_date > requirement.inspection.start_date
    assert Requirement.objects.filter(status="not_raised_again").exists()
    # Only a home's latest inspections can still hold active requirements.
    for requirement in Requirement.objects.filter(status__in=ACTIVE_STATUSES)[:50]:
        later = requirement.inspection.home.inspections.filter(
            start_date__gt=requirement.inspection.start_date,
            inspection_type__in=["full", "interim"],
        )
        assert not later.exists()


def test_judgements_are_spread_as_in_england(db):
    generate_demo_data(homes=150, years=4, seed=3, today=TODAY)
    spread = Counter(
        Inspection.objects.filter(inspection_type="full").values_list(
            "overall_experiences", flat=True
        )
    )
    total = sum(spread.values())
    assert 0.50 < spread["good"] / total < 0.75
    assert spread["good"] > spread["outstanding"] > spread["inadequate"]
    assert spread["requires_improvement"] > spread["inadequate"]


def test_the_same_seed_gives_the_same_data_and_runs_add_up(db):
    generate_demo_data(homes=20, years=2, seed=11, today=TODAY)
    first = list(Requirement.objects.order_by("pk").values_list("regulation", "due_date", "status"))
    urns = set(Home.objects.values_list("urn", flat=True))
    generate_demo_data(homes=20, years=2, seed=11, today=TODAY)  # again, on top
    assert Home.objects.count() == 40  # new URNs and provider names, no collision
    assert len(set(Home.objects.values_list("urn", flat=True)) - urns) == 20
    second = list(
        Requirement.objects.order_by("pk").values_list("regulation", "due_date", "status")
    )[len(first) :]
    assert second == first
    # Primary key sequences caught up: ordinary inserts still work.
    assert Person.objects.create(name="After Demo", provider=Provider.objects.first()).pk


def test_the_command_prints_what_it_made_and_rejects_bad_numbers(db):
    out = io.StringIO()
    call_command(
        "generate_demo_data",
        "--homes",
        "5",
        "--years",
        "1",
        "--seed",
        "2",
        "--today",
        "2026-11-25",
        stdout=out,
    )
    assert "Generated" in out.getvalue() and "5 homes" in out.getvalue()
    with pytest.raises(CommandError, match="--homes"):
        call_command("generate_demo_data", "--homes", "0", "--years", "1")


def test_the_sample_world_is_the_same_generator_plus_users_who_can_sign_in(db, client):
    world = build_sample_world(today=TODAY, homes=12, big_provider_homes=5, years=2, seed=4)
    assert world.homes == Home.objects.count() == 12
    assert world.big_provider.homes.count() == 5
    assert world.first_home.provider_id == world.big_provider.pk
    assert world.small_provider != world.big_provider
    # The demo data's shapes: regulations from the one weights table, later inspections
    # resolving earlier requirements.
    assert set(Requirement.objects.values_list("regulation_id", flat=True)) <= set(
        SEED_REGULATION_WEIGHTS
    )
    assert Requirement.objects.filter(replaced_by__isnull=False, status="raised_again").exists()
    assert not Home.objects.filter(name="").exists()
    # History brings each met requirement to its status; recommendations are there.
    met = Requirement.objects.filter(status="met").first()
    assert list(met.events.values_list("to_status", flat=True).order_by("pk")) == [
        "in_progress",
        "action_completed",
        "met",
    ]
    assert Recommendation.objects.exists()
    # The manager runs the big provider; ri and rm are the first home's people.
    assert world.manager.provider_memberships.get().provider_id == world.big_provider.pk
    assert world.first_home.responsible_individual.user == world.responsible_individual
    assert client.login(username="regulator", password=SAMPLE_PASSWORD)

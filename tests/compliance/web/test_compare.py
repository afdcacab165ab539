"""Comparing two inspections of a home: repeated, resolved and new requirements."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from compliance.web.comparison import compare_requirements
from inspections.models import Regulation
from tests.compliance.web.conftest import grow
from tests.factories import InspectionFactory, RequirementFactory


def req(regulation):
    return SimpleNamespace(regulation_id=regulation)


def test_pure_comparison_matches_on_regulation():
    a12, a13, a20 = req(12), req(13), req(20)
    b12, b14, b12_again = req(12), req(14), req(12)

    result = compare_requirements(earlier=[a12, a13, a20], later=[b12, b14, b12_again])

    assert result.repeated == [(b12, a12), (b12_again, a12)]
    assert result.resolved == [a13, a20]
    assert result.new == [b14]


@pytest.fixture
def two_inspections(world):
    regs = {n: Regulation.objects.get(number=n) for n in (12, 13, 14)}
    earlier = InspectionFactory(home=world.home, start_date=dt.date(2023, 1, 10))
    later = InspectionFactory(home=world.home, start_date=dt.date(2024, 1, 10))
    InspectionFactory(home=world.home, start_date=dt.date(2020, 1, 1), known_from_history_only=True)
    old12 = RequirementFactory(inspection=earlier, regulation=regs[12], status="not_met")
    old13 = RequirementFactory(inspection=earlier, regulation=regs[13], status="met")
    new12 = RequirementFactory(inspection=later, regulation=regs[12], repeat_of=old12)
    new14 = RequirementFactory(inspection=later, regulation=regs[14])
    return earlier, later, old12, old13, new12, new14


def url(home):
    return reverse("home-compare", kwargs={"urn": home.urn})


def test_defaults_to_the_latest_two_reported_inspections(client, world, two_inspections):
    earlier, later, old12, old13, new12, new14 = two_inspections
    client.force_login(world.manager)

    response = client.get(url(world.home))

    comparison = response.context["comparison"]
    assert [(row.requirement, old) for row, old in comparison["repeated"]] == [(new12, old12)]
    assert [row.requirement for row in comparison["resolved"]] == [old13]
    assert [row.requirement for row in comparison["new"]] == [new14]
    assert (response.context["earlier"], response.context["later"]) == (earlier, later)


def test_the_order_chosen_does_not_matter(client, world, two_inspections):
    earlier, later, *_ = two_inspections
    client.force_login(world.manager)

    response = client.get(url(world.home), {"earlier": later.pk, "later": earlier.pk})

    assert (response.context["earlier"], response.context["later"]) == (earlier, later)


def test_the_same_inspection_twice_is_an_error(client, world, two_inspections):
    earlier, *_ = two_inspections
    client.force_login(world.manager)

    response = client.get(url(world.home), {"earlier": earlier.pk, "later": earlier.pk})

    assert response.context["form"].errors["later"] == ["Choose two different inspections."]
    assert response.context["comparison"] is None


def test_another_homes_inspection_cannot_be_chosen(client, world, two_inspections):
    earlier, *_ = two_inspections
    theirs = InspectionFactory(home=world.other_home)
    client.force_login(world.manager)

    response = client.get(url(world.home), {"earlier": earlier.pk, "later": theirs.pk})

    assert "later" in response.context["form"].errors


def test_needs_two_reported_inspections(client, world):
    InspectionFactory(home=world.home)
    client.force_login(world.manager)
    assert "needs two inspections" in client.get(url(world.home)).content.decode()


def test_outside_scope_is_404(client, world, two_inspections):
    client.force_login(world.outsider)
    assert client.get(url(world.home)).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow(world.home, inspections=size + 1, requirements=size)
    client.force_login(world.manager)
    with django_assert_num_queries(5):
        response = client.get(url(world.home))
    comparison = response.context["comparison"]
    assert len(comparison["repeated"]) + len(comparison["new"]) == size

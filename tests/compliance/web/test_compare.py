"""Comparing two inspections of a home: repeated, resolved and new requirements."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from compliance.web.comparison import compare_requirements
from inspections.models import Regulation
from tests.compliance.web.conftest import grow
from tests.factories import InspectionFactory, RequirementFactory


def req(pk, replaced_by=None):
    return SimpleNamespace(pk=pk, replaced_by_id=replaced_by)


def test_pure_comparison_follows_the_resolution_links():
    # 12 and 13 were raised again as 22 (both); 20 was not; 24 is new.
    a12, a13, a20 = req(12, replaced_by=22), req(13, replaced_by=22), req(20)
    b22, b24 = req(22), req(24)
    elsewhere = req(30, replaced_by=99)  # replaced by an inspection not compared

    result = compare_requirements(earlier=[a12, a13, a20, elsewhere], later=[b22, b24])

    assert result.repeated == [(b22, a12), (b22, a13)]
    assert result.resolved == [a20, elsewhere]
    assert result.new == [b24]


@pytest.fixture
def two_inspections(world):
    regs = {n: Regulation.objects.get(number=n) for n in (12, 13, 14)}
    earlier = InspectionFactory(home=world.home, start_date=dt.date(2023, 1, 10))
    later = InspectionFactory(home=world.home, start_date=dt.date(2024, 1, 10))
    InspectionFactory(home=world.home, start_date=dt.date(2020, 1, 1), known_from_history_only=True)
    old12 = RequirementFactory(inspection=earlier, regulation=regs[12], status="not_met")
    old13 = RequirementFactory(inspection=earlier, regulation=regs[13], status="met")
    new12 = RequirementFactory(inspection=later, regulation=regs[12])
    old12.replaced_by = new12
    old12.save(update_fields=["replaced_by"])
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

"""A home's page: its facts, the judgement chart, the timeline of every inspection with its
findings, scope and a fixed query count."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import Requirement
from tests.compliance.web.conftest import grow
from tests.factories import (
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    RequirementFactory,
)


def url(home):
    return reverse("home-detail", kwargs={"urn": home.urn})


def test_shows_the_homes_facts(client, world):
    world.home.capacity = 5
    world.home.save()
    client.force_login(world.manager)

    html = client.get(url(world.home)).content.decode()

    for fact in (
        world.home.urn,
        world.provider.name,
        world.home.responsible_individual.name,
        world.home.registered_manager.name,
    ):
        assert fact in html
    assert "<dt>Places</dt><dd>5</dd>" in html


def test_timeline_lists_every_inspection_with_its_findings(client, world):
    history = InspectionFactory(
        home=world.home,
        start_date=dt.date(2021, 3, 1),
        known_from_history_only=True,
        overall_experiences="good",
        help_and_protection="",
        leadership_and_management="",
    )
    earlier = InspectionFactory(home=world.home, start_date=dt.date(2023, 1, 10))
    first = RequirementFactory(inspection=earlier, status="met")
    later = InspectionFactory(
        home=world.home, start_date=dt.date(2024, 2, 5), overall_experiences="inadequate"
    )
    repeated = RequirementFactory(inspection=later, compliance_notice=True)
    first.replaced_by = repeated
    first.save(update_fields=["replaced_by"])
    RecommendationFactory(inspection=later, text="Keep the fire log up to date.")
    client.force_login(world.regulator)

    response = client.get(url(world.home))

    views = response.context["inspection_views"]
    assert [v.inspection for v in views] == [later, earlier, history]
    html = response.content.decode()
    assert "Known only from inspection history" in html
    assert "Repeated breach" in html and "Compliance notice" in html
    assert "Keep the fire log up to date." in html
    assert reverse("requirement-detail", kwargs={"pk": repeated.pk}) in html
    assert views[0].repeats == 1 and views[0].notices == 1


def test_judgements_are_charted_as_svg_with_a_table(client, world):
    InspectionFactory(home=world.home, start_date=dt.date(2022, 1, 10), overall_experiences="good")
    InspectionFactory(
        home=world.home, start_date=dt.date(2023, 1, 10), overall_experiences="inadequate"
    )
    InspectionFactory(
        home=world.home,
        start_date=dt.date(2023, 7, 10),
        inspection_type="interim",
        overall_experiences="",
        help_and_protection="",
        leadership_and_management="",
        outcome="improved_effectiveness",
    )
    client.force_login(world.manager)

    response = client.get(url(world.home))

    chart = response.context["chart"]
    assert [len(s.points) for s in chart.series] == [2, 2, 2]
    html = response.content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "Judgements as a table" in html
    assert "Outcome:" in html and "Improved effectiveness" in html


@pytest.mark.parametrize("who", ["other_manager", "outsider"])
def test_outside_scope_is_404(client, world, who):
    if who == "other_manager":
        user = MembershipFactory(provider=world.other_provider).user
    else:
        user = world.outsider
    client.force_login(user)

    assert client.get(url(world.home)).status_code == 404


def test_responsible_individual_sees_their_home_only(client, world):
    client.force_login(world.responsible_individual)

    assert client.get(url(world.home)).status_code == 200
    assert client.get(url(world.other_home)).status_code == 404


def test_inspections_are_paginated(client, world):
    grow(world.home, inspections=12, requirements=1)
    client.force_login(world.manager)

    first = client.get(url(world.home))
    second = client.get(url(world.home), {"page": 2})

    assert len(first.context["inspection_views"]) == 10
    assert len(second.context["inspection_views"]) == 3  # 12 and one from history


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow(world.home, inspections=size * 2, requirements=size)
    client.force_login(world.manager)
    # 8, plus 6 for the monitoring duties section (5 reads and the staff check; issue 15),
    # plus whether the user may name the home (issue 13).
    with django_assert_num_queries(15):
        response = client.get(url(world.home))
    assert Requirement.objects.filter(inspection__home=world.home).count() == 2 * size * size
    assert response.status_code == 200


def test_the_home_and_provider_pages_link_to_their_action_plans(client, world):
    client.force_login(world.manager)
    home_page = client.get(f"/homes/{world.home.urn}/").content.decode()
    link = f"/api/v1/homes/{world.home.urn}/action-plan/"
    assert link in home_page
    csv = client.get(link)  # the signed-in session is enough
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv; charset=utf-8"
    provider_page = client.get(f"/providers/{world.provider.pk}/").content.decode()
    assert f"/api/v1/providers/{world.provider.pk}/action-plan/" in provider_page

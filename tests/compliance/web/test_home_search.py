"""Searching homes by URN, name, provider, latest judgement and overdue count."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.compliance.web.conftest import grow_homes
from tests.factories import HomeFactory, InspectionFactory, ProviderFactory, RequirementFactory

URL = reverse("home-list")


def found(response):
    return [home.urn for home, _ in response.context["rows"]]


@pytest.fixture
def homes(world, today):
    harbour = ProviderFactory(name="Harbour Care Limited")
    willow = HomeFactory(provider=harbour, urn="SC333333", name="Willow House")
    InspectionFactory(home=willow, overall_experiences="inadequate")
    late = InspectionFactory(home=world.other_home, overall_experiences="good")
    for days in (5, 10):
        RequirementFactory(inspection=late, due_date=today - dt.timedelta(days=days))
    return willow


def test_search_by_urn_name_and_provider(client, world, homes):
    client.force_login(world.regulator)
    assert found(client.get(URL, {"q": "sc3333"})) == ["SC333333"]
    assert found(client.get(URL, {"q": "willow"})) == ["SC333333"]
    assert found(client.get(URL, {"q": "harbour care"})) == ["SC333333"]
    assert found(client.get(URL, {"q": "Oak Tree"})) == [world.home.urn]
    # Every word, in any order, across the URN, the home's name and the provider's name.
    assert found(client.get(URL, {"q": "care harbour"})) == ["SC333333"]
    assert found(client.get(URL, {"q": "willow  harbour"})) == ["SC333333"]
    assert found(client.get(URL, {"q": "willow oak"})) == []


def test_search_by_judgement_and_overdue_count(client, world, homes):
    client.force_login(world.regulator)
    assert found(client.get(URL, {"judgement": "inadequate"})) == ["SC333333"]
    assert found(client.get(URL, {"min_overdue": 2})) == [world.other_home.urn]
    assert found(client.get(URL, {"min_overdue": 3})) == []
    assert found(client.get(URL, {"sort": "overdue"}))[0] == world.other_home.urn


def test_providers_search_only_their_homes(client, world, homes):
    client.force_login(world.manager)
    assert found(client.get(URL)) == [world.home.urn]
    assert found(client.get(URL, {"q": "willow"})) == []


def test_a_bad_value_is_named(client, world):
    client.force_login(world.regulator)
    response = client.get(URL, {"min_overdue": "lots"})
    assert "min_overdue" in response.context["form"].errors


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow_homes(size * 5, size=size)
    client.force_login(world.regulator)
    with django_assert_num_queries(4):
        response = client.get(URL, {"sort": "overdue", "q": "SC"})
    assert len(response.context["rows"]) == min(size * 5 + 2, 25)

"""Providers: the list a user may see and a provider's page with all its homes."""

import pytest
from django.urls import reverse

from compliance.rules import ACTIVE_STATUSES
from tests.compliance.web.conftest import grow, grow_homes
from tests.factories import HomeFactory, ProviderFactory

LIST = reverse("provider-list")


def detail(provider):
    return reverse("provider-detail", kwargs={"pk": provider.pk})


def test_list_is_scoped(client, world):
    client.force_login(world.manager)
    assert [p.name for p in client.get(LIST).context["pager"].items] == [world.provider.name]
    client.force_login(world.regulator)
    names = [p.name for p in client.get(LIST).context["pager"].items]
    assert names == sorted([world.provider.name, world.other_provider.name])


def test_list_counts_homes_and_requirements(client, world, today):
    HomeFactory(provider=world.provider)
    made = grow(world.home, inspections=1, requirements=5, today=today)
    client.force_login(world.manager)

    provider = client.get(LIST).context["pager"].items[0]

    assert provider.home_count == 2
    assert provider.open_count == sum(r.status in ACTIVE_STATUSES for r in made)


def test_search_by_name(client, world):
    client.force_login(world.regulator)
    response = client.get(LIST, {"q": "elm"})
    assert [p.pk for p in response.context["pager"].items] == [world.other_provider.pk]


def test_provider_page_lists_all_its_homes(client, world):
    extra = HomeFactory(provider=world.provider, name="Birch Lodge")
    client.force_login(world.regulator)

    response = client.get(detail(world.provider))

    assert sorted(home.urn for home, _ in response.context["pager"].rows) == sorted(
        [world.home.urn, extra.urn]
    )
    assert "Birch Lodge" in response.content.decode()


def test_a_responsible_individual_sees_only_their_home_of_the_provider(client, world):
    HomeFactory(provider=world.provider)
    client.force_login(world.responsible_individual)

    response = client.get(detail(world.provider))

    assert [home.urn for home, _ in response.context["pager"].rows] == [world.home.urn]


@pytest.mark.parametrize("who", ["manager", "outsider"])
def test_other_providers_are_404(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(detail(world.other_provider)).status_code == 404
    assert client.get(detail(ProviderFactory())).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_detail_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow_homes(size * 5, size=size, provider=world.provider)
    client.force_login(world.manager)
    # (the counts: kept status counts, then the dated ones among the active requirements)
    with django_assert_num_queries(8):
        response = client.get(detail(world.provider))
    assert len(response.context["pager"].rows) == min(size * 5 + 1, 25)


@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_is_fixed(client, world, size, django_assert_num_queries):
    grow_homes(size * 5, size=size, requirements=1)
    client.force_login(world.regulator)
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert len(response.context["pager"].items) == min(size * 5 + 2, 25)

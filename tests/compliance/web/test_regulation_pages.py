"""Regulations: open counts per regulation, and the homes with an open requirement under
one now."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import Regulation, RequirementStatus
from tests.compliance.web.conftest import grow_homes
from tests.factories import HomeFactory, InspectionFactory, RequirementFactory


def detail(number):
    return reverse("regulation-detail", kwargs={"number": number})


@pytest.fixture
def cited(world, today):
    reg13 = Regulation.objects.get(number=13)
    RequirementFactory(
        inspection=InspectionFactory(home=world.home),
        regulation=reg13,
        due_date=today - dt.timedelta(days=4),
    )
    RequirementFactory(
        inspection=InspectionFactory(home=world.other_home),
        regulation=reg13,
        status=RequirementStatus.IN_PROGRESS,
        due_date=today + dt.timedelta(days=9),
    )
    closed_home = HomeFactory()
    RequirementFactory(
        inspection=InspectionFactory(home=closed_home),
        regulation=reg13,
        status=RequirementStatus.MET,
    )
    return closed_home


def test_regulation_page_lists_homes_with_an_open_requirement_now(client, world, cited):
    client.force_login(world.regulator)

    response = client.get(detail(13))

    rows = response.context["rows"]
    assert [h.urn for h, _ in rows] == [world.home.urn, world.other_home.urn]  # overdue first
    assert (rows[0][1]["open_under_count"], rows[0][1]["overdue_under_count"]) == (1, 1)
    assert cited.urn not in response.content.decode()


def test_regulation_page_is_scoped(client, world, cited):
    client.force_login(world.manager)
    rows = client.get(detail(13)).context["rows"]
    assert [h.urn for h, _ in rows] == [world.home.urn]


def test_regulation_list_counts_open_and_overdue(client, world, cited):
    client.force_login(world.regulator)

    items = client.get(reverse("regulation-list")).context["pager"].items
    rows = {r.number: r for r in items}

    assert (rows[13].open_count, rows[13].overdue_count) == (2, 1)
    # Those with open requirements first, most open first; then the rest by number.
    opened = [r.open_count for r in items if r.open_count]
    assert items[: len(opened)] == [r for r in items if r.open_count]
    assert opened == sorted(opened, reverse=True) and items[0].number == 13
    rest = [r.number for r in items[len(opened) :]]
    assert rest == sorted(rest)


def test_unknown_regulation_is_404(client, world):
    client.force_login(world.regulator)
    assert client.get(detail(999)).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_query_counts_are_fixed(client, world, size, django_assert_num_queries):
    grow_homes(size * 5, size=size)
    client.force_login(world.regulator)
    with django_assert_num_queries(6):
        response = client.get(detail(12))
    assert 0 < len(response.context["rows"]) <= 25
    # Session, user, the regulations, then one grouped count of their open requirements.
    with django_assert_num_queries(4):
        client.get(reverse("regulation-list"))


def test_every_regulation_has_a_title_and_an_unverified_one_says_so(client, world):
    assert not Regulation.objects.filter(title="").exists()
    client.force_login(world.manager)

    unverified = client.get(detail(42)).content.decode()
    verified = client.get(detail(44)).content.decode()

    assert "Notification of offences" in unverified and "Title not verified" in unverified
    assert "Independent person: visits and reports" in verified
    assert "Title not verified" not in verified

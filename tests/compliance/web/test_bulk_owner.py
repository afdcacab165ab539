"""Provider staff give many requirements one owner from the dashboard: one history event
each, through the lifecycle service; all or nothing; regulators and outsiders cannot."""

import pytest
from django.urls import reverse

from compliance.models import RequirementEvent
from compliance.services.errors import ServiceError
from compliance.services.lifecycle import STAFF_ONLY, assign_owner
from tests.factories import InspectionFactory, PersonFactory, RequirementFactory

URL = reverse("requirements-owner")


@pytest.fixture
def three(world):
    inspection = InspectionFactory(home=world.home)
    return RequirementFactory.create_batch(3, inspection=inspection, status="open")


def test_the_dashboard_offers_it_to_provider_staff_only(client, world, three):
    client.force_login(world.manager)
    page = client.get(reverse("dashboard"))
    assert page.context["bulk_owners"] and f'value="{three[0].pk}"' in page.content.decode()
    client.force_login(world.regulator)
    assert client.get(reverse("dashboard")).context["bulk_owners"] is None


def test_staff_set_one_owner_on_many_with_one_event_each(client, world, three):
    owner = world.home.registered_manager
    three[0].owner = owner
    three[0].save()
    client.force_login(world.manager)
    response = client.post(
        URL, {"requirements": [r.pk for r in three], "owner": owner.pk, "next": "/"}, follow=True
    )
    assert f"{owner.name} now owns 2 more requirement(s)." in response.content.decode()
    for requirement in three:
        requirement.refresh_from_db()
        assert requirement.owner_id == owner.pk
    events = RequirementEvent.objects.filter(kind="owner", requirement__in=three)
    assert events.count() == 2  # the one already owned by them has no new event
    assert all(e.note == f"Owner: {owner.name}" for e in events)


def test_all_or_nothing_and_the_reasons_are_named(world, three):
    stranger = PersonFactory()  # another provider's person
    with pytest.raises(ServiceError, match="is not one of the provider's people"):
        assign_owner(requirement_ids=[r.pk for r in three], user=world.manager, owner=stranger)
    closed = RequirementFactory(inspection=three[0].inspection, status="met")
    owner = world.home.registered_manager
    with pytest.raises(ServiceError, match="is closed"):
        assign_owner(requirement_ids=[three[0].pk, closed.pk], user=world.manager, owner=owner)
    three[0].refresh_from_db()
    assert three[0].owner_id is None  # nothing changed
    with pytest.raises(ServiceError) as refused:
        assign_owner(requirement_ids=[three[0].pk], user=world.regulator, owner=owner)
    assert refused.value.message == STAFF_ONLY


def test_requirements_out_of_scope_are_404_and_change_nothing(client, world, three):
    elsewhere = RequirementFactory(inspection=InspectionFactory(home=world.other_home))
    owner = world.home.registered_manager
    client.force_login(world.manager)
    response = client.post(URL, {"requirements": [three[0].pk, elsewhere.pk], "owner": owner.pk})
    assert response.status_code == 404
    three[0].refresh_from_db()
    assert three[0].owner_id is None
    client.force_login(world.outsider)
    assert client.post(URL, {"requirements": [three[0].pk], "owner": owner.pk}).status_code == 404


def test_nothing_chosen_says_so_and_an_outside_next_is_ignored(client, world, three):
    client.force_login(world.manager)
    response = client.post(
        URL, {"owner": world.home.registered_manager.pk, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    page = client.get(reverse("dashboard")).content.decode()
    assert "Choose one or more requirements and an owner." in page

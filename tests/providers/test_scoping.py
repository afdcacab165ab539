"""homes_visible_to: the one rule deciding which homes each role sees."""

from providers.selectors import homes_visible_to


def urns(user):
    return sorted(homes_visible_to(user=user).values_list("urn", flat=True))


def test_provider_manager_sees_all_homes_of_their_provider_only(world):
    assert urns(world.manager) == ["SC111111"]


def test_responsible_individual_and_registered_manager_see_their_home(world):
    assert urns(world.responsible_individual) == ["SC111111"]
    assert urns(world.registered_manager) == ["SC111111"]


def test_regulator_and_admin_see_every_home(world):
    assert urns(world.regulator) == ["SC111111", "SC222222"]
    assert urns(world.admin) == ["SC111111", "SC222222"]


def test_outsider_and_inactive_users_see_nothing(world):
    assert urns(world.outsider) == []
    world.manager.is_active = False
    assert urns(world.manager) == []


def test_manager_of_two_providers_sees_both_without_duplicates(world):
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.manager, provider=world.other_provider)
    world.home.responsible_individual.user = world.manager
    world.home.responsible_individual.save()
    assert urns(world.manager) == ["SC111111", "SC222222"]

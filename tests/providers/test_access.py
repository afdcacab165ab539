"""providers.access: homes_visible_to, the one rule deciding which homes each role sees,
and the other role rules beside it."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from providers import access
from providers.access import homes_visible_to
from tests.factories import PersonFactory, UserFactory


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


# -- the other role rules in providers.access ----------------------------------------------

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def test_provider_staff_are_exactly_those_whose_homes_are_not_everyones(world):
    for user in (world.manager, world.responsible_individual, world.registered_manager):
        assert access.is_provider_staff_for(user=user, home=world.home)
        assert not access.is_provider_staff_for(user=user, home=world.other_home)
        assert access.can_add_evidence(user=user, home=world.home)
    # Seeing every home does not make a regulator or admin staff of any.
    for user in (world.regulator, world.admin, world.outsider):
        assert not access.is_provider_staff_for(user=user, home=world.home)
    world.manager.is_active = False
    assert not access.is_provider_staff_for(user=world.manager, home=world.home)


@pytest.mark.parametrize(
    "flags, expected",
    [
        ({"is_regulator": True}, True),
        ({"is_staff": True}, True),
        ({"is_superuser": True}, True),  # a superuser without the staff flag still counts
        ({"is_regulator": True, "is_active": False}, False),  # inactive: no role at all
        ({}, False),
    ],
)
def test_who_sees_everything_imports_and_confirms(db, flags, expected):
    user = UserFactory(**flags)
    assert access.sees_everything(user) is expected
    assert access.can_import(user=user) is expected
    assert access.can_confirm(user=user) is expected


def test_anonymous_users_may_do_nothing(world):
    anonymous = AnonymousUser()
    assert not access.sees_everything(anonymous)
    assert not access.can_import(user=anonymous)
    assert not access.can_use_admin(user=anonymous)
    assert not access.homes_visible_to(user=anonymous).exists()
    assert not access.is_provider_staff_for(user=anonymous, home=world.home)


def test_owners_are_the_provider_s_people(world):
    mine, theirs = (
        PersonFactory(provider=world.provider),
        PersonFactory(provider=world.other_provider),
    )
    assert mine in access.possible_owners(home=world.home)
    assert theirs not in access.possible_owners(home=world.home)
    assert access.may_own(person=mine, home=world.home)
    assert not access.may_own(person=theirs, home=world.home)


def test_the_template_context_asks_the_same_rules(db):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True)
    assert access.context(request)["access"] == {
        "sees_everything": True,
        "can_import": True,
        "can_confirm": True,
        "can_use_admin": False,  # the admin site wants the staff flag
        "role_label": "administrator",
    }


@pytest.mark.parametrize(
    ("flags", "label"),
    [
        ({"is_regulator": True}, "regulator"),
        ({"is_staff": True}, "administrator"),
        ({"is_regulator": True, "is_active": False}, ""),
        ({}, ""),
    ],
)
def test_the_role_beside_the_name(db, flags, label):
    assert access.role_label(user=UserFactory(**flags)) == label


def test_no_template_restates_a_role_condition():
    restated = re.compile(r"{%[^%]*\buser\.(is_regulator|is_staff|is_superuser)\b[^%]*%}")
    found = [
        f"{path.relative_to(TEMPLATES_DIR)}: {match[0]}"
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        for match in restated.finditer(path.read_text())
    ]
    assert found == []


# -- who cannot be reminded: one definition on Person ----------------------------------------


def test_who_cannot_be_reminded_is_one_rule_in_python_and_sql(world):
    from compliance.selectors import homes_missing_reminder_emails
    from providers.models import Home, Person, reminder_address

    assert reminder_address("  Priya.Raman@Example.org ") == "priya.raman@example.org"
    assert reminder_address("") == reminder_address(None) == ""
    manager = world.home.registered_manager
    manager.email = ""
    manager.save()
    unnamed = PersonFactory(provider=world.provider, email="")  # on no home: never reminded
    assert manager.cannot_be_reminded and unnamed.cannot_be_reminded
    assert list(Person.objects.cannot_be_reminded()) == [manager]
    missing = homes_missing_reminder_emails(homes=Home.objects.all())
    assert [(row["home"], row["role"], row["person"]) for row in missing] == [
        (world.home, "registered manager", manager)
    ]

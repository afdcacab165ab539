"""Each role signs in through the browser and sees its own data and not the others'."""

import pytest

from tests.browser.conftest import sign_in
from tests.compliance.web.conftest import grow

pytestmark = pytest.mark.browser


@pytest.fixture
def data(world):
    mine = grow(world.home, inspections=1, requirements=3)
    theirs = grow(world.other_home, inspections=1, requirements=3)
    return mine, theirs


def requirement_links(page):
    return page.locator("#requirement-results tbody th a").all_inner_texts()


@pytest.mark.parametrize("role", ["manager", "ri", "rm"])
def test_provider_staff_see_their_home_only(page, world, data, role):
    sign_in(page, role)

    page.goto("/?status=all")

    results = page.locator("#requirement-results")
    assert results.get_by_role("link", name=world.home.urn).count() == 3
    assert world.other_home.urn not in page.inner_text("main")
    page.goto(f"/homes/{world.other_home.urn}/")
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_regulator_sees_every_home_and_can_import(page, world, data):
    sign_in(page, "regulator")

    page.goto("/?status=all")

    results = page.locator("#requirement-results")
    assert results.get_by_role("link", name=world.home.urn).count() == 3
    assert results.get_by_role("link", name=world.other_home.urn).count() == 3
    assert page.get_by_role("navigation", name="Main").get_by_text("Import a report").count()


def test_outsider_sees_nothing(page, world, data):
    sign_in(page, "outsider")

    assert "No requirements match these filters." in page.inner_text("main")
    assert "not linked to any home" in page.inner_text("main")
    page.goto(f"/requirements/{data[0][0].pk}/")
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_sign_out(page, world):
    sign_in(page, "manager")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin/")
    assert "You have signed out." in page.inner_text("main")
    page.goto("/")
    assert "/signin/" in page.url

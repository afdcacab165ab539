"""Filtering the requirement list in the browser, with and without JavaScript; the filters
end up in the URL so the view can be bookmarked."""

import pytest

from compliance.rules import due_state, today_in_london
from tests.browser.conftest import sign_in
from tests.compliance.web.conftest import grow
from tests.factories import HomeFactory

pytestmark = pytest.mark.browser


def overdue_ids(requirements):
    today = today_in_london()
    return {
        r.pk
        for r in requirements
        if due_state(status=r.status, due_date=r.due_date, today=today).is_overdue
    }


def rows(page):
    return page.locator("#requirement-results tbody tr")


def test_filter_by_due_window_and_home_with_javascript(page, world):
    made = grow(world.home, inspections=2, requirements=5)
    second = HomeFactory(provider=world.provider)
    extra = grow(second, inspections=1, requirements=5)
    sign_in(page, "manager")

    page.get_by_label("Due").select_option(label="Overdue")
    page.wait_for_url("**due=overdue**")  # htmx swapped the list and pushed the URL

    assert rows(page).count() == len(overdue_ids(made + extra))
    assert rows(page).get_by_text("Overdue", exact=True).count() == rows(page).count()

    page.get_by_label("Home").select_option(value=second.urn)
    page.wait_for_url(f"**home={second.urn}**")
    assert rows(page).count() == len(overdue_ids(extra))

    # The URL alone gives the same view: it can be bookmarked or shared.
    shared = page.url
    page.goto("/")
    page.goto(shared)
    assert rows(page).count() == len(overdue_ids(extra))
    assert page.get_by_label("Due").input_value() == "overdue"


def test_filter_without_javascript(new_page, world):
    made = grow(world.home, inspections=1, requirements=5)
    page = new_page(javascript=False)
    sign_in(page, "manager")

    page.get_by_label("Regulation", exact=True).select_option(value="13")
    page.get_by_label("Status").select_option(label="Any status")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**regulation=13**")

    assert rows(page).count() == sum(1 for r in made if r.regulation_id == 13)
    page.get_by_role("link", name="Clear filters").click()
    assert "regulation=" not in page.url


def test_phone_width_shows_labelled_cards(new_page, world):
    grow(world.home, inspections=1, requirements=2)
    page = new_page(width=390, height=844)
    sign_in(page, "manager")

    first = rows(page).first
    assert first.is_visible()
    # Each cell carries its column's name, shown before the value at this width.
    label = first.locator("td[data-label=Due]").evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Due"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_sorting_is_overdue_first(page, world):
    made = grow(world.home, inspections=1, requirements=5)
    sign_in(page, "manager")
    tags = rows(page).locator("td[data-label=Due] strong").all_inner_texts()
    overdue = len(overdue_ids(made))
    assert overdue and all(t.strip() == "Overdue" for t in tags[:overdue])
    assert not any(t.strip() == "Overdue" for t in tags[overdue:])

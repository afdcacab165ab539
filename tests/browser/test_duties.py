"""Recording a Regulation 44 visit in the browser updates the home's monitoring section."""

import pytest

from compliance.duties.models import Visit
from compliance.rules import today_in_london
from tests.browser.conftest import empty_append_only_table, sign_in


@pytest.fixture(autouse=True)
def _duty_history_flushable(live_server):
    """As conftest's _history_flushable, for the duty history."""
    yield
    empty_append_only_table("compliance.duties.migrations.0003_duty_event_append_only")


@pytest.mark.parametrize("javascript", [True, False])
def test_manager_records_a_visit_and_sees_the_monitoring_section_update(
    new_page, world, javascript
):
    today = today_in_london()
    page = new_page(javascript=javascript)
    sign_in(page, "manager")
    page.goto(f"/homes/{world.home.urn}/")
    months = page.get_by_test_id("visit-months")
    this_month = months.get_by_role("row", name=today.strftime("%B %Y"))
    assert "Due by the month end" in this_month.inner_text()

    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Independent person", exact=True).fill("Ann Visitor")
    page.get_by_label("Recommendations").fill("Check the fire doors")
    page.get_by_role("button", name="Save").click()

    assert page.get_by_text(f"Visit of {today:%d/%m/%Y} recorded.").is_visible()
    this_month = page.get_by_test_id("visit-months").get_by_role(
        "row", name=today.strftime("%B %Y")
    )
    assert "by Ann Visitor" in this_month.inner_text()
    assert "Check the fire doors" in page.locator("#monitoring").inner_text()
    assert Visit.objects.get().independent_person == "Ann Visitor"


def test_regulator_sees_the_section_without_the_record_link(page, world):
    sign_in(page, "regulator")
    page.goto(f"/homes/{world.home.urn}/")
    assert page.get_by_role("heading", name="Monitoring duties").is_visible()
    assert page.get_by_role("link", name="Record a visit").count() == 0

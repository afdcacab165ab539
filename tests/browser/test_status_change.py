"""Moving a requirement's status with an evidence file, in the browser."""

from pathlib import Path

import pytest

from inspections.models import Requirement
from tests.browser.conftest import sign_in
from tests.factories import InspectionFactory, RequirementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def requirement(world):
    return RequirementFactory(
        inspection=InspectionFactory(home=world.home), citation="Regulation 12(2)(a)"
    )


@pytest.fixture
def evidence_file(tmp_path):
    path = tmp_path / "risk assessment.pdf"
    path.write_bytes(b"%PDF-1.4\n% a small but real-looking PDF\n")
    return path


@pytest.mark.parametrize("javascript", [True, False])
def test_manager_completes_the_action_with_evidence(
    new_page, world, requirement, evidence_file, javascript
):
    page = new_page(javascript=javascript)
    sign_in(page, "manager")
    page.goto(f"/requirements/{requirement.pk}/")

    # First without a file: the error is shown and the note is kept.
    page.get_by_label("Action completed: ask for confirmation").check()
    page.get_by_label("Note", exact=True).fill("Assessments rewritten for both children.")
    page.get_by_role("button", name="Save the new status").click()
    assert page.get_by_role("alert").get_by_text("Attach at least one evidence file.").count()
    assert page.get_by_label("Note", exact=True).input_value() == (
        "Assessments rewritten for both children."
    )

    page.get_by_label("Action completed: ask for confirmation").check()
    page.locator("#id_files").set_input_files(str(evidence_file))
    page.get_by_role("button", name="Save the new status").click()

    assert page.get_by_text("Status changed to Action completed.").is_visible()
    assert Requirement.objects.get(pk=requirement.pk).status == "action_completed"
    history = page.locator("main").inner_text()
    assert "Open to Action completed" in history
    with page.expect_download() as download:
        page.get_by_role("link", name="risk assessment.pdf").first.click()
    assert download.value.suggested_filename == "risk assessment.pdf"
    assert Path(download.value.path()).read_bytes() == evidence_file.read_bytes()


def test_every_error_shows_at_once_and_the_summary_has_the_focus(page, world, requirement):
    sign_in(page, "manager")
    page.goto(f"/requirements/{requirement.pk}/")
    page.get_by_label("Action completed: ask for confirmation").check()
    page.get_by_role("button", name="Save the new status").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Write a note of what was done or is planned.").count()
    assert summary.get_by_text("Attach at least one evidence file.").count()
    focused = page.evaluate("document.activeElement.className")
    assert "error-summary" in focused


def test_regulator_confirms_it_as_met(page, world, requirement):
    requirement.status = "action_completed"
    requirement.save()
    sign_in(page, "regulator")
    page.goto(f"/requirements/{requirement.pk}/")

    page.get_by_label("Confirm as met").check()
    page.get_by_label("Note", exact=True).fill("Seen on the monitoring visit.")
    page.get_by_role("button", name="Save the new status").click()

    assert page.get_by_text("Status changed to Met.").is_visible()
    assert page.locator("main").get_by_text("Closed", exact=True).first.is_visible()

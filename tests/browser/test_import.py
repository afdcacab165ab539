"""Importing a seed report through the page: upload, check the preview, confirm."""

import pytest

from inspections.models import Inspection
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_regulator_imports_a_seed_report(page, world, seed_paths):
    seed = seed_paths[0]
    sign_in(page, "regulator")
    page.get_by_role("link", name="Import a report").click()

    page.get_by_label("Report file").set_input_files(str(seed))
    page.get_by_role("button", name="Preview the import").click()

    assert page.get_by_role("heading", name="Check before you import").is_visible()
    assert seed.name in page.inner_text("main")
    assert not Inspection.objects.exists()  # a preview saves nothing

    page.get_by_role("button", name="Import the report").click()

    assert page.get_by_text(f"Imported {seed.name}").is_visible()
    urn = page.url.rstrip("/").rsplit("/", 1)[1]
    assert Inspection.objects.filter(home__urn=urn, known_from_history_only=False).exists()
    assert page.get_by_role("heading", name="Inspections").is_visible()


def test_a_file_that_is_not_a_report_is_explained(page, world, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping: milk, eggs.\n")
    sign_in(page, "regulator")
    page.goto("/import/")

    page.get_by_label("Report file").set_input_files(str(notes))
    page.get_by_role("button", name="Preview the import").click()

    assert page.get_by_role("alert").get_by_text("notes.txt could not be imported").count()

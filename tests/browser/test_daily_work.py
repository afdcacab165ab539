"""The daily work of provider staff, in the browser (issue 13): naming a home, API tokens,
one owner for many requirements, the action plan as CSV and PDF, and a regulator reading
who was reminded without being offered provider fields."""

import pytest

from compliance.models import RequirementEvent
from inspections.models import Requirement
from providers.models import ApiToken
from tests.browser.conftest import sign_in
from tests.compliance.web.conftest import grow
from tests.factories import ReminderFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def data(world):
    return grow(world.home, inspections=1, requirements=3)


def test_a_manager_names_a_home_and_finds_it_by_that_name(page, world, data):
    sign_in(page, "manager")
    page.goto(f"/homes/{world.home.urn}/")
    page.get_by_role("link", name="Name this home").click()
    page.get_by_label("The home's name").fill("Willow Lodge")
    page.get_by_role("button", name="Save the name").click()
    assert page.get_by_role("heading", name="Willow Lodge", level=1).is_visible()
    assert f"Saved: the home is now shown as Willow Lodge ({world.home.urn})." in page.inner_text(
        "main"
    )
    page.goto("/homes/?q=lodge willow")  # every word, in any order
    assert page.locator("main").get_by_text("Willow Lodge").count()


def test_the_regulator_is_not_offered_the_name(page, world, data):
    sign_in(page, "regulator")
    page.goto(f"/homes/{world.home.urn}/")
    assert page.get_by_role("link", name="Name this home").count() == 0


def test_a_token_is_made_shown_once_and_revoked(page, world):
    sign_in(page, "manager")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Nightly sync")
    page.get_by_role("button", name="Create a token").click()
    key = page.locator("#new-key").input_value()
    token = ApiToken.objects.get(user=world.manager, name="Nightly sync")
    assert key.startswith(token.prefix) and len(key) > 30
    page.goto("/tokens/")
    assert page.locator("#new-key").count() == 0  # shown once only
    assert "Nightly sync" in page.inner_text("main")
    page.get_by_role("button", name="Revoke Nightly sync").click()
    assert "is revoked: it no longer works." in page.inner_text("main")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_one_owner_for_many_requirements_from_the_dashboard(page, world, data):
    sign_in(page, "manager")
    page.goto("/?status=all")
    chosen = [r for r in data if r.status in ("open", "in_progress", "not_met")][:2]
    assert len(chosen) == 2
    for requirement in chosen:
        page.locator(f"#choose-{requirement.pk}").check()
    owner = world.home.registered_manager
    page.get_by_label("Owner for the chosen requirements").select_option(str(owner.pk))
    page.get_by_role("button", name="Set the owner").click()
    assert f"{owner.name} now owns" in page.inner_text("main")
    for requirement in chosen:
        assert Requirement.objects.get(pk=requirement.pk).owner_id == owner.pk
    assert RequirementEvent.objects.filter(kind="owner", requirement__in=chosen).count() == len(
        chosen
    )


def test_the_action_plan_links_give_csv_and_pdf(page, world, data):
    sign_in(page, "manager")
    page.goto(f"/homes/{world.home.urn}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="download it (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    pdf = page.get_by_role("link", name="print it (PDF)").get_attribute("href")
    response = page.request.get(pdf)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_a_regulator_reads_who_was_reminded_but_sets_no_owner(page, world, data):
    requirement = next(r for r in data if r.status == "open")
    ReminderFactory(requirement=requirement, kind="advance_7", email="ri@oak.example")
    sign_in(page, "regulator")
    page.goto(f"/requirements/{requirement.pk}/")
    main = page.inner_text("main")
    assert "ri@oak.example" in main and "7 days before" in main
    assert page.get_by_label("Owner").count() == 0
    assert page.get_by_label("Evidence files").count() == 0


def test_a_note_sent_after_the_session_ended_is_back_after_signing_in(page, world, data):
    requirement = next(r for r in data if r.status == "open")
    sign_in(page, "manager")
    page.goto(f"/requirements/{requirement.pk}/")
    page.get_by_label("Note", exact=True).fill("Assessments rewritten; training booked.")
    from django.conf import settings

    # The session ends while the form is open (its CSRF cookie stays, as it does then).
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_role("button", name="Save the new status").click()
    assert "Sign in, and what you typed will be back in the form." in page.inner_text("main")
    sign_in(page, "manager")
    page.wait_for_url(f"**/requirements/{requirement.pk}/")
    assert page.get_by_label("Note", exact=True).input_value() == (
        "Assessments rewritten; training booked."
    )
    assert "What you typed before signing in is back in the form" in page.inner_text("main")


def test_the_regulations_list_puts_open_requirements_first(page, world, data):
    sign_in(page, "manager")
    page.goto("/regulations/")
    rows = page.locator("main tbody tr")
    first = rows.first.inner_text()
    assert "Not given" not in first and rows.count() > 1
    counts = [int(n) for n in page.locator("main tbody tr td[data-label='Open']").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_importing_a_report_twice_says_nothing_would_change(page, world, seed_paths):
    from inspections.importer import import_report

    import_report(path=seed_paths[0])
    sign_in(page, "regulator")
    page.goto("/import/")
    page.get_by_label("Report file").set_input_files(str(seed_paths[0]))
    page.get_by_role("button", name="Preview the import").click()
    assert "Nothing would change" in page.inner_text("main")
    assert page.get_by_role("button", name="Import the report").count() == 0

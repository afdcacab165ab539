"""The action plan as CSV, for a home or a provider."""

import csv
import datetime as dt
import io

import pytest

from tests.factories import HomeFactory, InspectionFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, getattr(response, "content", b"")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # a UTF-8 BOM, so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_homes_action_plan_has_a_row_per_requirement_not_yet_met(world, findings, client_for):
    response = client_for(world.manager).get("/api/v1/homes/SC111111/action-plan/")
    assert 'filename="action-plan-SC111111-' in response["Content-Disposition"]
    plan = rows(response)
    assert len(plan) == len(findings.all_of_home()) - 1  # the met one is left out
    overdue = next(r for r in plan if r["Compliance notice"] == "yes")
    assert overdue["Home URN"] == "SC111111"
    assert overdue["Provider"] == "Oak Tree Care Limited"
    assert overdue["Regulation"] == "12"
    assert overdue["Citation"] == "Regulation 12(1)"
    assert overdue["Summary"] == findings.overdue.summary and overdue["Summary"]
    assert overdue["Due date"] == findings.overdue.due_date.strftime("%d/%m/%Y")
    assert overdue["Status"] == "Open"
    assert overdue["Due state"] == "Overdue (3 days overdue)"
    due_dates = [r["Due date"] for r in plan]
    assert due_dates[-1] == ""  # undated last


def test_owner_and_last_note_come_from_the_history(world, findings, client_for, manager_moves):
    owner = world.home.registered_manager
    manager_moves(findings.due_soon, "in_progress", "Fix the fire doors by Friday")
    plan = rows(client_for(world.manager).get("/api/v1/homes/SC111111/action-plan/"))
    row = next(r for r in plan if r["Status"] == "In progress" and r["Owner"])
    assert row["Owner"] == owner.name
    assert row["Last note"] == "Fix the fire doors by Friday"
    assert row["Last note date"]


def test_filters_apply_and_a_status_filter_can_bring_back_met(world, findings, client_for):
    client = client_for(world.manager)
    assert len(rows(client.get("/api/v1/homes/SC111111/action-plan/?overdue=true"))) == 1
    met = rows(client.get("/api/v1/homes/SC111111/action-plan/?status=met"))
    assert [r["Status"] for r in met] == ["Met"]
    bad = client.get("/api/v1/homes/SC111111/action-plan/?status=nope")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"
    assert list(bad.json()["fields"]) == ["status"]


def test_a_providers_plan_covers_its_homes_in_the_users_scope(world, findings, client_for):
    second = HomeFactory(provider=world.provider, urn="SC333333")
    RequirementFactory(inspection=InspectionFactory(home=second))
    url = f"/api/v1/providers/{world.provider.pk}/action-plan/"
    assert {r["Home URN"] for r in rows(client_for(world.manager).get(url))} == {
        "SC111111",
        "SC333333",
    }
    assert {r["Home URN"] for r in rows(client_for(world.registered_manager).get(url))} == {
        "SC111111"
    }


def test_text_that_a_spreadsheet_would_run_is_defused(world, findings, client_for):
    findings.due_soon.text = '=HYPERLINK("http://evil.example","click")'
    findings.due_soon.save()
    plan = rows(client_for(world.manager).get("/api/v1/homes/SC111111/action-plan/"))
    texts = [r["Requirement"] for r in plan]
    assert '\'=HYPERLINK("http://evil.example","click")' in texts
    assert not any(t.startswith("=") for t in texts)


def test_csv_is_what_the_client_may_ask_for(world, findings, client_for):
    client = client_for(world.manager)
    response = client.get("/api/v1/homes/SC111111/action-plan/", HTTP_ACCEPT="text/csv")
    assert rows(response)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        # A formula after a separator that a spreadsheet may split on.
        ("Done;=cmd|' /C calc'!A0", "Done;'=cmd|' /C calc'!A0"),
        ("Done, =1+1", "Done, '=1+1"),
        ("a|@x", "a|'@x"),
        ("one\n=two", "one\n'=two"),
        ("a\t-1", "a\t'-1"),
        ("Plain text; nothing to run", "Plain text; nothing to run"),
        (12, "12"),
        (None, ""),
    ],
)
def test_every_cell_that_could_start_a_formula_is_defused(text, safe):
    from compliance.api.action_plan import _cell

    assert _cell(text) == safe


def test_a_formula_after_a_semicolon_in_a_note_is_defused_and_every_cell_quoted(
    world, findings, client_for
):
    findings.due_soon.text = "Done;=cmd|' /C calc'!A0"
    findings.due_soon.save()
    body = b"".join(
        client_for(world.manager).get("/api/v1/homes/SC111111/action-plan/").streaming_content
    ).decode("utf-8-sig")
    assert "Done;'=cmd" in body
    assert ";=" not in body
    for line in body.strip().split("\r\n"):
        assert line.startswith('"') and line.endswith('"')


def test_the_api_says_what_each_requirement_is_about(world, findings, client_for):
    body = client_for(world.manager).get(f"/api/v1/requirements/{findings.overdue.pk}/").json()
    assert body["summary"] == findings.overdue.summary and body["summary"]
    listed = client_for(world.manager).get("/api/v1/requirements/").json()["results"]
    assert all(row["summary"] for row in listed)


def test_the_printable_plan_is_a_pdf_with_the_home_date_requirements_and_page_numbers(
    client, world
):
    import pypdfium2

    from compliance.rules import today_in_london
    from tests.factories import InspectionFactory, PersonFactory, RequirementFactory

    world.home.name = "Zoë's House"
    world.home.save()
    owner = PersonFactory(provider=world.provider, name="Łucja Nowak")
    inspection = InspectionFactory(home=world.home)
    for n in range(40):  # enough rows for a second page
        RequirementFactory(
            inspection=inspection,
            sequence=n + 1,
            citation=f"Regulation 12({n})",
            owner=owner,
            due_date=today_in_london() - dt.timedelta(3),
        )
    client.force_login(world.manager)
    response = client.get(f"/api/v1/homes/{world.home.urn}/action-plan/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "action-plan-SC111111-" in response["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.content)
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert len(pages) >= 2
    first = pages[0]
    assert "Action plan: Zoë's House (SC111111)" in first
    assert f"Provider: {world.provider.name}" in first
    today = today_in_london()
    assert f"As of {today.day} {today:%B %Y}" in first
    assert "Regulation 12(0)" in first and "Łucja Nowak" in first and "3 days overdue" in first
    assert "Open" in first
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    text = "".join(pages)
    assert all(f"Regulation 12({n})" in text for n in range(40))


def test_the_printable_plan_keeps_to_what_the_user_may_see(client, world):
    client.force_login(world.manager)
    assert (
        client.get(f"/api/v1/homes/{world.other_home.urn}/action-plan/?format=pdf").status_code
        == 404
    )
    client.force_login(world.outsider)
    assert client.get(f"/api/v1/homes/{world.home.urn}/action-plan/?format=pdf").status_code == 404


def test_making_a_pdf_writes_nothing_to_the_log_at_info():
    """fpdf2's font subsetting (fontTools) logs about a hundred INFO lines per PDF; the
    settings keep them out of the app's log at its usual INFO level."""
    import logging

    assert logging.getLogger().isEnabledFor(logging.INFO)  # the app's own INFO lines go out
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)

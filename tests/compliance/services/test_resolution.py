"""A later inspection resolves the home's earlier requirements: raised again (closed as
not met, replaced) or not raised again. Any import order, importing again, a corrected
report and a regulator's undo all end in consistent rows, history and counts."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from compliance.models import RequirementEvent
from compliance.rules import ACTIVE_STATUSES
from compliance.services.errors import ServiceError
from compliance.services.lifecycle import allowed_steps, change_status
from compliance.services.resolution import (
    FindingFacts,
    InspectionFacts,
    Resolution,
    plan_resolutions,
    undo_resolution,
)
from inspections.importer import import_report
from inspections.models import Inspection, Requirement
from providers.models import Home, ProviderMembership
from tests.conftest import SAMPLES_DIR

MARCH = SAMPLES_DIR / "SC900102_2026-03-10_full.txt"
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"
URN = "SC900102"

# What the two sample reports of SC900102 come to, whatever the order: March's 12 and 35
# raised again in September (replaced by its 12 and 35), March's 33 not raised again, and
# September's three requirements open.
EXPECTED = {
    ("2026-03-10", 1): ("raised_again", "2026-09-15", ("2026-09-15", 1)),
    ("2026-03-10", 2): ("raised_again", "2026-09-15", ("2026-09-15", 3)),
    ("2026-03-10", 3): ("not_raised_again", "2026-09-15", None),
    ("2026-09-15", 1): ("open", None, None),
    ("2026-09-15", 2): ("open", None, None),
    ("2026-09-15", 3): ("open", None, None),
}


def snapshot():
    """Each requirement of the home as (status, resolving inspection, replacement)."""
    rows = Requirement.objects.filter(inspection__home__urn=URN).select_related(
        "inspection", "resolved_by", "replaced_by__inspection"
    )
    return {
        (r.inspection.start_date.isoformat(), r.sequence): (
            r.status,
            r.resolved_by.start_date.isoformat() if r.resolved_by else None,
            (r.replaced_by.inspection.start_date.isoformat(), r.replaced_by.sequence)
            if r.replaced_by
            else None,
        )
        for r in rows
    }


def resolution_events():
    return RequirementEvent.objects.filter(kind=RequirementEvent.Kind.RESOLVED)


# -- the pure plan ----------------------------------------------------------------------


def facts(pk, kind, day, *requirements):
    return InspectionFacts(pk, kind, dt.date.fromisoformat(day), tuple(requirements))


def finding(pk, regulation, citation=None, status="open", undone_for=None, sequence=1):
    return FindingFacts(
        pk, regulation, citation or f"Regulation {regulation}(1)", sequence, status, undone_for
    )


def test_a_full_inspection_resolves_every_earlier_requirement():
    plan = plan_resolutions(
        [
            facts(1, "full", "2024-01-10", finding(11, 12), finding(12, 13, status="not_met")),
            facts(2, "full", "2025-01-10", finding(21, 12)),
        ]
    )
    assert plan == {
        11: Resolution(2, "raised_again", 21),
        12: Resolution(2, "not_raised_again"),
        21: None,
    }


def test_interim_reviews_all_but_monitoring_and_assurance_close_only_what_they_raise_again():
    early = facts(1, "full", "2024-01-10", finding(11, 12), finding(12, 13))
    monitoring = facts(2, "monitoring", "2024-03-01", finding(21, 13))
    assurance = facts(3, "assurance", "2024-05-01")
    interim = facts(4, "interim", "2024-09-01")
    plan = plan_resolutions([interim, monitoring, early, assurance])  # any order in
    assert plan[12] == Resolution(2, "raised_again", 21)  # the monitoring visit raised it
    assert plan[11] == Resolution(4, "not_raised_again")  # first reviewed by the interim
    assert plan[21] == Resolution(4, "not_raised_again")
    # Without the interim, nothing reviewed regulation 12: it stays open.
    assert plan_resolutions([early, monitoring, assurance])[11] is None


def test_met_requirements_are_left_alone_and_an_undone_resolution_skips_that_inspection():
    plan = plan_resolutions(
        [
            facts(
                1,
                "full",
                "2024-01-10",
                finding(11, 12, status="met"),
                finding(12, 13, undone_for=2),
            ),
            facts(2, "full", "2025-01-10"),
            facts(3, "full", "2026-01-10", finding(31, 13)),
        ]
    )
    assert 11 not in plan
    assert plan[12] == Resolution(3, "raised_again", 31)


def test_the_replacement_is_the_closest_citation_under_the_same_regulation():
    plan = plan_resolutions(
        [
            facts(1, "full", "2024-01-10", finding(11, 12, "Regulation 12(2)(b)")),
            facts(
                2,
                "full",
                "2025-01-10",
                finding(21, 12, "Regulation 12(1)", sequence=1),
                finding(22, 12, "Regulation 12(2)(a)", sequence=2),
            ),
        ]
    )
    assert plan[11].replaced_by == 22


# -- imports --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(MARCH, SEPTEMBER), (SEPTEMBER, MARCH)], ids=["in", "reversed"])
def test_either_import_order_gives_the_same_rows_statuses_and_links(order):
    for path in order:
        import_report(path=path)
    assert snapshot() == EXPECTED
    assert resolution_events().count() == 3
    event = resolution_events().get(requirement__sequence=3)
    assert event.inspection.start_date.isoformat() == "2026-09-15"
    assert event.actor is None and event.actor_name == "Report import"
    assert event.from_status == "open" and event.to_status == "not_raised_again"
    assert "Not raised again at the full inspection of 15/09/2026" in event.note


@pytest.mark.django_db
def test_importing_again_changes_nothing():
    import_report(path=MARCH)
    import_report(path=SEPTEMBER)
    stamps = list(Requirement.objects.order_by("pk").values_list("updated_at", flat=True))
    for path in (SEPTEMBER, MARCH):
        result = import_report(path=path)
        assert result.outcome == "unchanged" and result.resolutions == []
    assert snapshot() == EXPECTED
    assert resolution_events().count() == 3
    assert list(Requirement.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


@pytest.mark.django_db
def test_a_dry_run_shows_the_resolutions_and_saves_none():
    import_report(path=MARCH)
    preview = import_report(path=SEPTEMBER, dry_run=True)
    assert len(preview.resolutions) == 3
    assert set(Requirement.objects.values_list("status", flat=True)) == {"open"}
    assert not resolution_events().exists()
    out = io.StringIO()
    call_command("import_reports", str(SEPTEMBER), "--dry-run", stdout=out)
    assert out.getvalue().count("resolves:") == 3


@pytest.mark.django_db
def test_a_corrected_later_report_re_resolves_consistently(tmp_path):
    import_report(path=MARCH)
    import_report(path=SEPTEMBER)
    # The corrected September report no longer raises regulation 35.
    text = SEPTEMBER.read_text()
    lines = [
        line for line in text.splitlines(keepends=True) if "(Regulation 35 (3)(a))" not in line
    ]
    corrected = tmp_path / "september-corrected.txt"
    corrected.write_text("".join(lines))
    result = import_report(path=corrected)
    assert any(
        "Regulation 35(3)(a)" in line and "not raised again" in line for line in result.resolutions
    )
    now = snapshot()
    assert now[("2026-03-10", 2)] == ("not_raised_again", "2026-09-15", None)
    assert now[("2026-03-10", 1)] == EXPECTED[("2026-03-10", 1)]
    # Importing the original again puts the first resolution back.
    import_report(path=SEPTEMBER)
    assert snapshot() == EXPECTED


@pytest.mark.django_db
def test_an_inspection_known_only_from_history_resolves_nothing():
    import_report(path=SEPTEMBER)  # its history names the March inspection, without a report
    march = Inspection.objects.get(home__urn=URN, start_date="2026-03-10")
    assert march.known_from_history_only
    assert set(Requirement.objects.values_list("status", flat=True)) == {"open"}
    result = import_report(path=MARCH)
    # March's own report comes in with its requirements already resolved by September.
    assert len(result.resolutions) == 3
    assert snapshot() == EXPECTED


@pytest.mark.django_db
def test_a_requirement_confirmed_not_met_is_resolved_by_the_next_inspection(world):
    import_report(path=MARCH)
    requirement = Requirement.objects.get(inspection__start_date="2026-03-10", sequence=3)
    change_status(requirement=requirement, user=world.regulator, to_status="not_met", note="Seen")
    import_report(path=SEPTEMBER)
    requirement.refresh_from_db()
    assert requirement.status == "not_raised_again"
    event = requirement.events.get(kind=RequirementEvent.Kind.RESOLVED)
    assert event.from_status == "not_met"


# -- undo -------------------------------------------------------------------------------


@pytest.fixture
def resolved(db):
    import_report(path=MARCH)
    import_report(path=SEPTEMBER)
    return Requirement.objects.get(inspection__start_date="2026-03-10", sequence=3)


def test_a_regulator_undoes_a_resolution_and_it_stays_undone(world, resolved):
    event = undo_resolution(requirement=resolved, user=world.regulator, note="Not reviewed")
    resolved.refresh_from_db()
    assert resolved.status == "open" and resolved.resolved_by is None
    assert resolved.resolution_undone_for.start_date.isoformat() == "2026-09-15"
    assert event.kind == RequirementEvent.Kind.RESOLUTION_UNDONE
    assert (event.from_status, event.to_status, event.note) == (
        "not_raised_again",
        "open",
        "Not reviewed",
    )
    assert event.actor == world.regulator
    # A re-import does not close it again, and provider staff can act on it.
    import_report(path=SEPTEMBER)
    resolved.refresh_from_db()
    assert resolved.status == "open"


def test_only_regulators_and_staff_admins_undo(world, resolved):
    membership_user = world.manager
    ProviderMembership.objects.create(
        user=membership_user, provider=resolved.inspection.home.provider
    )
    with pytest.raises(ServiceError):
        undo_resolution(requirement=resolved, user=membership_user, note="Please")
    with pytest.raises(ServiceError):
        undo_resolution(requirement=resolved, user=world.admin, note="  ")
    undo_resolution(requirement=resolved, user=world.admin, note="Admin correction")
    resolved.refresh_from_db()
    assert resolved.status == "open"


def test_a_resolved_requirement_offers_no_lifecycle_step(world, resolved):
    assert allowed_steps(user=world.regulator, requirement=resolved) == []
    with pytest.raises(ServiceError):
        change_status(requirement=resolved, user=world.regulator, to_status="met", note="x")


def test_the_requirement_page_links_both_ways_and_a_regulator_can_undo(world, resolved, client):
    raised = Requirement.objects.get(inspection__start_date="2026-03-10", sequence=1)
    replacement = raised.replaced_by
    client.force_login(world.regulator)
    html = client.get(reverse("requirement-detail", args=[raised.pk])).content.decode()
    assert "Not met at the full inspection of 15 September 2026" in html
    assert reverse("requirement-detail", args=[replacement.pk]) in html
    html = client.get(reverse("requirement-detail", args=[replacement.pk])).content.decode()
    assert "Raises again" in html and reverse("requirement-detail", args=[raised.pk]) in html
    page = client.get(reverse("requirement-detail", args=[resolved.pk])).content.decode()
    assert "Not raised again at the full inspection of 15 September 2026" in page
    assert "Undo the resolution" in page
    refused = client.post(
        reverse("requirement-detail", args=[resolved.pk]), {"action": "undo_resolution", "note": ""}
    )
    assert (
        refused.status_code == 200
        and "Say why the resolution is undone" in refused.content.decode()
    )
    done = client.post(
        reverse("requirement-detail", args=[resolved.pk]),
        {"action": "undo_resolution", "note": "Wrong home"},
    )
    assert done.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == "open"


def test_provider_staff_see_no_undo_and_cannot_post_one(world, resolved, client):
    manager = world.manager
    ProviderMembership.objects.create(user=manager, provider=resolved.inspection.home.provider)
    client.force_login(manager)
    url = reverse("requirement-detail", args=[resolved.pk])
    assert "Undo the resolution" not in client.get(url).content.decode()
    assert client.post(url, {"action": "undo_resolution", "note": "x"}).status_code == 403
    resolved.refresh_from_db()
    assert resolved.status == "not_raised_again"


# -- the picture users see --------------------------------------------------------------


def test_after_the_later_report_only_its_requirements_are_active_in_api_and_dashboard(
    world, resolved, client
):
    home = Home.objects.get(urn=URN)
    active = Requirement.objects.filter(inspection__home=home, status__in=ACTIVE_STATUSES)
    assert {r.inspection.start_date.isoformat() for r in active} == {"2026-09-15"}
    client.force_login(world.regulator)
    summary = client.get(f"/api/v1/homes/{URN}/compliance/").json()
    assert summary["counts"]["open"] == 3
    assert summary["counts"]["raised_again"] == 2
    assert summary["counts"]["not_raised_again"] == 1
    assert summary["counts"]["repeated_open"] == 2
    listed = client.get(f"/api/v1/homes/{URN}/requirements/?status=open").json()
    assert len(listed["results"]) == 3
    rows = {r["id"]: r for r in client.get(f"/api/v1/homes/{URN}/requirements/").json()["results"]}
    raised = Requirement.objects.get(inspection__start_date="2026-03-10", sequence=1)
    assert rows[raised.pk]["replaced_by"] == raised.replaced_by_id
    assert rows[raised.pk]["resolved_by"] == raised.resolved_by_id
    assert rows[raised.replaced_by_id]["replaces"] == [raised.pk]
    html = client.get(reverse("home-detail", args=[URN])).content.decode()
    assert "Not met: raised again" in html and "Not raised again" in html


def test_dashboard_csv_and_calendar_agree_on_what_is_active(world, resolved, client):
    from compliance.services.calendar_feeds import create_calendar_feed

    home = Home.objects.get(urn=URN)
    manager = world.manager
    ProviderMembership.objects.create(user=manager, provider=home.provider)
    # A requirement confirmed not met stays active everywhere.
    september = Requirement.objects.filter(inspection__start_date="2026-09-15").order_by("sequence")
    change_status(requirement=september[0], user=world.regulator, to_status="not_met", note="Seen")
    client.force_login(manager)
    dashboard = client.get(reverse("dashboard"))
    counts = dashboard.context["counts"]
    assert counts["open"] == 3 and counts["not_met"] == 1
    assert counts["raised_again"] == 2 and counts["not_raised_again"] == 1
    listed = {row.requirement.pk for row in dashboard.context["rows"]}
    assert listed == {r.pk for r in september}
    response = client.get(f"/api/v1/homes/{URN}/action-plan/")
    plan = b"".join(response.streaming_content).decode()
    inspected = [row[3] for row in csv.reader(io.StringIO(plan))][1:]
    assert inspected == ["15/09/2026"] * 3
    _, token = create_calendar_feed(user=manager)
    feed = client.get(reverse("calendar-feed", args=[token])).content.decode()
    assert feed.count("BEGIN:VEVENT") == 3


def test_the_admin_cannot_change_a_status_around_the_lifecycle(world, resolved, client):
    client.force_login(world.admin)
    url = reverse("admin:inspections_requirement_change", args=[resolved.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    client.post(url, {"status": "open", "citation": resolved.citation})
    resolved.refresh_from_db()
    assert resolved.status == "not_raised_again"


def test_the_resolve_command_catches_up_an_older_database_once(db, monkeypatch):
    import_report(path=MARCH)
    with monkeypatch.context() as patch:
        # As if September had been imported before resolution existed.
        patch.setattr("compliance.receivers.resolve_home", lambda **kwargs: [])
        import_report(path=SEPTEMBER)
    assert set(Requirement.objects.values_list("status", flat=True)) == {"open"}
    out = io.StringIO()
    call_command("resolve_requirements", "--dry-run", stdout=out)
    assert "(dry run) 3 requirements resolved" in out.getvalue()
    assert set(Requirement.objects.values_list("status", flat=True)) == {"open"}
    call_command("resolve_requirements", stdout=io.StringIO())
    assert snapshot() == EXPECTED
    out = io.StringIO()
    call_command("resolve_requirements", "--urn", URN, stdout=out)
    assert out.getvalue().strip() == "0 requirements resolved"


def test_the_api_undoes_a_resolution_for_regulators_only(world, resolved, client):
    url = f"/api/v1/requirements/{resolved.pk}/undo-resolution/"
    client.force_login(world.outsider)
    assert client.post(url, {"note": "x"}, content_type="application/json").status_code == 404
    manager = world.manager
    ProviderMembership.objects.create(user=manager, provider=resolved.inspection.home.provider)
    client.force_login(manager)
    refused = client.post(url, {"note": "x"}, content_type="application/json")
    assert refused.status_code == 400
    assert "Only regulators and staff admins" in str(refused.json())
    client.force_login(world.regulator)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    done = client.post(url, {"note": "Not reviewed"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "open" and done.json()["resolved_by"] is None
    again = client.post(url, {"note": "Twice"}, content_type="application/json")
    assert again.status_code == 400

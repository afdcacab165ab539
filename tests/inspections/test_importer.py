"""Importing reports: all or nothing, idempotent, history merged, repeats linked."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.importer import ReportImportError, ReportParseError, import_report
from inspections.models import Inspection, Recommendation, Requirement, SourceDocument
from providers.models import Home, Person, Provider
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db

MARCH = SAMPLES_DIR / "SC900102_2026-03-10_full.txt"
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"
MODELS = [Provider, Person, Home, Inspection, Requirement, Recommendation, SourceDocument]


def row_counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def run_import(*targets):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_reports", *map(str, targets), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), False
    return out.getvalue(), err.getvalue(), True


def test_seed_reports_import_into_homes_inspections_and_findings(seed_paths):
    out, err, ok = run_import(*seed_paths)
    assert ok, err
    assert out.count("created ") == len(seed_paths)
    home = Home.objects.get(urn="SC005045")
    assert home.provider.name == "The Partnership of Care Today"
    assert home.responsible_individual.name == "Vivien Snape"
    assert home.registered_manager.name == "Emma Coen"
    inspection = home.inspections.get(start_date="2022-11-23")
    assert inspection.known_from_history_only is False
    assert inspection.requirements.count() == 8
    assert inspection.recommendations.count() == 3
    assert sorted(inspection.inspectors.values_list("name", flat=True)) == [
        "Carl Wilton",
        "Karen Gillingwater",
    ]
    history = home.inspections.filter(known_from_history_only=True).order_by("start_date")
    assert [
        (i.start_date.isoformat(), i.inspection_type, i.headline_judgement) for i in history
    ] == [
        ("2018-12-06", "full", "good"),
        ("2019-12-05", "full", "good"),
        ("2021-11-15", "full", "requires_improvement"),
        ("2022-03-16", "interim", "improved_effectiveness"),
    ]
    # 'Post vacant' leaves the home without a registered manager.
    assert Home.objects.get(urn="1226612").registered_manager is None
    notice = Requirement.objects.get(inspection__home__urn="SC368032", regulation=12)
    assert notice.compliance_notice is True
    assert notice.citation.startswith("Regulation 12")


def test_importing_again_changes_nothing(seed_paths):
    run_import(*seed_paths)
    before = row_counts()
    stamps = list(Requirement.objects.order_by("pk").values_list("updated_at", flat=True))
    out, err, ok = run_import(*seed_paths)
    assert ok, err
    assert out.count("unchanged ") == len(seed_paths)
    assert row_counts() == before
    assert list(Requirement.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_report_of_an_inspection_known_from_history_fills_the_same_record():
    run_import(SEPTEMBER)
    known = Inspection.objects.get(home__urn="SC900102", start_date="2026-03-10")
    assert known.known_from_history_only and not known.requirements.exists()
    count = Inspection.objects.count()

    out, _, ok = run_import(MARCH)
    assert ok and out.startswith("updated ")
    assert Inspection.objects.count() == count
    known.refresh_from_db()
    assert not known.known_from_history_only
    assert known.end_date.isoformat() == "2026-03-11"
    assert known.requirements.count() == 3


def test_the_later_report_resolves_the_earlier_requirements_and_says_so():
    run_import(MARCH)
    out, _, ok = run_import(SEPTEMBER)
    assert ok
    september = Inspection.objects.get(home__urn="SC900102", start_date="2026-09-15")
    march = {
        r.regulation_id: r for r in Requirement.objects.filter(inspection__start_date="2026-03-10")
    }
    new = {r.regulation_id: r for r in september.requirements.all()}
    # 12 and 35 are raised again (closed as not met, replaced); 33 is not raised again.
    assert march[12].status == "raised_again" and march[12].replaced_by == new[12]
    assert march[35].status == "raised_again" and march[35].replaced_by == new[35]
    assert march[33].status == "not_raised_again" and march[33].replaced_by is None
    assert {r.resolved_by for r in march.values()} == {september}
    assert out.count("resolves:") == 3
    assert "Regulation 33(4)(b) (inspection 10/03/2026) not raised again" in out


def test_a_failing_report_is_reported_and_the_rest_still_import(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_text("This is a shopping list.\nEggs\nMilk\n")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    out, err, ok = run_import(bad, MARCH, empty)
    assert not ok
    assert "failed" in err and "broken.txt" in err and "empty.md" in err
    assert "2 of 3 reports failed" in err
    assert "1 created" in out
    assert Home.objects.filter(urn="SC900102").exists()


def test_an_import_that_fails_part_way_leaves_the_database_and_storage_as_they_were(
    tmp_path, settings, monkeypatch
):
    # The last step fails after the home, document and requirements were written.
    def fail(importer, inspection, rows):
        raise ReportImportError(importer.result.source, "recommendations could not be stored")

    monkeypatch.setattr("inspections.importer._Importer._recommendations", fail)
    before = row_counts()
    with pytest.raises(ReportImportError, match="could not be stored"):
        import_report(path=MARCH)
    assert row_counts() == before
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_unknown_regulation_is_refused_before_anything_is_written(tmp_path):
    # The same validation as parse_report's (inspections.reports.validation).
    report = tmp_path / "unknown_regulation.txt"
    text = MARCH.read_text().replace("(Regulation 35 (3)(a))", "(Regulation 99 (3)(a))")
    report.write_text(text)
    before = row_counts()
    with pytest.raises(ReportParseError, match="unknown_regulation.txt.*regulation 99"):
        import_report(path=report)
    assert row_counts() == before


def test_dry_run_previews_without_writing(settings):
    result = import_report(path=MARCH, dry_run=True)
    assert result.outcome == "created"
    assert result.counts["requirements created"] == 3
    assert row_counts() == {m.__name__: 0 for m in MODELS}
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_stored_source_document_keeps_file_hash_and_warnings():
    import_report(path=MARCH)
    inspection = Inspection.objects.get(home__urn="SC900102", start_date="2026-03-10")
    doc = inspection.source_document
    assert len(doc.sha256) == 64
    assert doc.file.read() == MARCH.read_bytes()
    assert doc.extract["urn"] == "SC900102"
    assert isinstance(doc.warnings, list)


def test_parse_report_prints_the_extract_and_touches_no_table(django_assert_num_queries):
    out = io.StringIO()
    with django_assert_num_queries(0):
        call_command("parse_report", str(MARCH), "--format", "json", stdout=out)
    assert '"urn": "SC900102"' in out.getvalue()


def test_parse_report_names_the_file_when_it_is_not_a_report(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing to see")
    with pytest.raises(CommandError, match="notes.txt"):
        call_command("parse_report", str(junk))


def test_a_directory_imports_every_report_inside(tmp_path):
    for path in (MARCH, SEPTEMBER):
        shutil.copy(path, tmp_path / path.name)
    out, _, ok = run_import(tmp_path)
    assert ok
    assert "2 reports: 2 created" in out


def test_load_demo_creates_one_user_per_role_and_can_run_twice():
    from providers.models import User

    for _ in range(2):
        call_command("load_demo", "--shared", "/nonexistent", stdout=io.StringIO())
    assert set(User.objects.values_list("username", flat=True)) >= {
        "manager",
        "ri",
        "rm",
        "regulator",
        "admin",
    }
    ri = User.objects.get(username="ri")
    assert ri.check_password("ri-demo-2026")
    assert Person.objects.get(name="Priya Raman").user == ri
    assert Home.objects.count() == 3
    # Reports name no home: the demo names the sample homes as their providers would.
    assert all(Home.objects.values_list("name", flat=True))


def test_the_demo_keeps_a_name_given_since():
    call_command("load_demo", "--shared", "/nonexistent", stdout=io.StringIO())
    home = Home.objects.order_by("urn").first()
    home.name = "Our own name"
    home.save()
    call_command("load_demo", "--shared", "/nonexistent", stdout=io.StringIO())
    home.refresh_from_db()
    assert home.name == "Our own name"


def test_an_interim_report_stores_its_single_outcome(tmp_path):
    text = (
        MARCH.read_text()
        .replace("Full inspection", "Interim inspection")
        .replace(
            "Overall experiences and progress of children and young people, taking into account"
            "\trequires improvement to be good",
            "Overall experiences and progress of children and young people, taking into account"
            "\tsustained effectiveness",
        )
    )
    report = tmp_path / "interim.txt"
    report.write_text(text)
    import_report(path=report)
    inspection = Inspection.objects.get(home__urn="SC900102", start_date="2026-03-10")
    assert inspection.inspection_type == "interim"
    assert inspection.outcome == "sustained_effectiveness"
    assert inspection.overall_experiences == ""
    assert inspection.headline_judgement == "sustained_effectiveness"


def test_a_pdf_report_imports_like_its_text(tmp_path):
    from compliance.devtools.render_pdf import render_blank_pdf, render_report_pdf
    from inspections.reports import extract_text

    pdf = render_report_pdf(extract_text(SEPTEMBER), tmp_path / "september.pdf")
    scanned = render_blank_pdf(tmp_path / "scanned.pdf")
    out, err, ok = run_import(pdf, scanned)
    assert not ok
    assert "scanned.pdf" in err and "text layer" in err
    inspection = Inspection.objects.get(home__urn="SC900102", start_date="2026-09-15")
    assert inspection.source_document.format == "pdf"
    assert [
        (r.regulation_id, r.due_date.isoformat(), r.compliance_notice)
        for r in inspection.requirements.all()
    ] == [
        (12, "2026-09-30", True),
        (13, "2026-10-27", False),
        (35, "2026-10-27", False),
    ]


def test_a_corrected_report_updates_findings_in_place_and_drops_removed_ones(tmp_path):
    import_report(path=MARCH)
    inspection = Inspection.objects.get(home__urn="SC900102", start_date="2026-03-10")
    first = inspection.requirements.get(sequence=1)
    corrected = tmp_path / "corrected.txt"
    text = MARCH.read_text()
    text = text.replace(
        "(Regulation 12 (1) (2)(b))\t21 April 2026", "(Regulation 12 (1) (2)(b))\t5 May 2026"
    )
    text = (
        text.split("Recommendations")[0]
        + "Children's home details"
        + text.split("Children's home details")[1]
    )
    corrected.write_text(text)
    result = import_report(path=corrected)
    assert result.outcome == "updated"
    assert "requirement 1 updated" in result.changes
    assert "recommendation 1 removed" in result.changes
    first.refresh_from_db()
    assert first.due_date.isoformat() == "2026-05-05"
    assert inspection.requirements.count() == 3
    assert not inspection.recommendations.exists()

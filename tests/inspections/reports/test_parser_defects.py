"""One test (or a few) per defect class of issue 12, each built from the project's own sample
reports (samples/reports), reshaped the way the defect arrives."""

import io

import pytest
from django.core.management import CommandError, call_command

from compliance.devtools.render_pdf import render_report_pdf
from compliance.devtools.report_forms import render_second_layout
from inspections.importer import ReportParseError as ImporterParseError
from inspections.importer import import_report
from inspections.reports import (
    ACCEPTED_SUFFIXES,
    ACCEPTED_TYPES,
    MAX_REQUIREMENTS,
    ReportParseError,
    parse_bytes,
    parse_file,
    parse_text,
)
from tests.conftest import SAMPLES_DIR

NOVEMBER = SAMPLES_DIR / "SC900101_2026-11-04_full.txt"  # two requirements, each with detail
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"
TABLE_START = "Requirement\tDue date\n"
CPD = "The registered person must ensure that all employees undertake appropriate continuing"
CPD_DETAIL = (
    "This specifically relates to completing the level 3 diploma enrolment for the two "
    "newest members of staff."
)


def sample(path=NOVEMBER) -> str:
    return path.read_text(encoding="utf-8")


def table(text: str) -> str:
    start = text.index(TABLE_START) + len(TABLE_START)
    return text[start : text.index("\n\nRecommendations", start)]


def with_table(text: str, rows: str) -> str:
    return text.replace(table(text), rows)


def by_regulation(extract: dict) -> dict:
    return {r["regulation"]: r for r in extract["requirements"]}


# --- due dates after a preposition or whitespace at a line end ------------------------------


@pytest.mark.parametrize(
    "before_date",
    [
        "\n",  # the cell ends a line: 'professional development from' / '6 January 2027'
        "  \n",  # pasted text: trailing spaces
        "  ",  # two spaces: the gap between two pasted cells
        "\t",
    ],
)
def test_due_date_after_a_line_ending_in_a_preposition_is_kept(before_date):
    text = sample()
    old = "development. (Regulation 33 (4)(a))\t6 January 2027"
    assert old in text
    reshaped = text.replace(
        old, f"development. (Regulation 33 (4)(a)) from{before_date}6 January 2027"
    )
    requirement = by_regulation(parse_text(reshaped))[33]
    assert requirement["due_date"] == "2027-01-06"
    assert "6 January" not in requirement["text"]


def test_date_inside_a_sentence_is_still_not_a_due_date():
    text = sample()
    old = "undertake appropriate continuing professional development."
    reshaped = text.replace(old, old[:-1] + " by 1 March 2027.")
    requirement = by_regulation(parse_text(reshaped))[33]
    assert requirement["due_date"] == "2027-01-06"
    assert "by 1 March 2027" in requirement["text"]


def test_pdf_due_date_beside_a_line_ending_in_a_preposition(tmp_path):
    # The second layout draws the date beside the first line of the cell; PDFium joins them
    # with one space ('... continuing 6 January 2027'): the gap tells them apart.
    text = sample().replace("appropriate continuing", "appropriate and continuing and of")
    path = render_second_layout(text, tmp_path / "report.pdf")
    assert by_regulation(parse_file(path))[33]["due_date"] == "2027-01-06"


# --- the inspector's detail after a line break before its verb --------------------------------


@pytest.mark.parametrize(
    "detail",
    [
        "This specifically\nrelates to completing",
        "This\nspecifically relates to completing",
        "This particularly\nrefers to completing",
    ],
)
def test_detail_with_a_line_break_before_its_verb(detail):
    text = sample().replace("This specifically relates to completing", detail)
    extract = parse_text(text)
    cpd = by_regulation(extract)[33]
    assert cpd["detail"].split()[:4] == detail.split()[:4]
    assert cpd["detail"].endswith("newest members of staff.")
    assert "completing" not in cpd["text"]


def test_detail_wrapped_before_its_verb_is_not_glued_to_the_next_requirement():
    text = sample()
    rows = table(text)
    first, second = rows.split("\nThe registered person must ensure that all employees")
    reshaped = first.replace("This specifically relates", "This particularly\nrefers")
    extract = parse_text(
        with_table(
            text, reshaped + "\nThe registered person must ensure that all employees" + second
        )
    )
    protection, cpd = by_regulation(extract)[12], by_regulation(extract)[33]
    assert protection["detail"].startswith("This particularly refers to updating")
    assert cpd["text"].startswith("The registered person must ensure")


def test_pdf_detail_wrapped_before_its_verb(tmp_path):
    # Each line of the text is a line of the PDF: the break falls before 'relates'.
    text = sample().replace(
        "This specifically relates to completing", "This specifically\nrelates to completing"
    )
    extract = parse_file(render_report_pdf(text, tmp_path / "report.pdf"))
    cpd = by_regulation(extract)[33]
    assert cpd["detail"] == CPD_DETAIL
    assert "completing" not in cpd["text"]


# --- stray bytes -------------------------------------------------------------------------------


def test_one_stray_byte_changes_one_character_and_is_named_in_a_warning():
    text = sample().replace("children's views", "children\u2019s views")  # real UTF-8 kept
    data = text.encode("utf-8").replace(b"each child's risk", b"each child\x92s risk")
    extract = parse_bytes(data, source="stray.txt")
    assert by_regulation(extract)[12]["detail"].startswith(
        "This specifically relates to updating each child's risk assessment"
    )
    assert "children's views" in extract["recommendations"][0]["text"]
    assert not any("\u00e2\u20ac" in r["text"] for r in extract["recommendations"])  # no mojibake
    line = data.split(b"\n").index(next(x for x in data.split(b"\n") if b"\x92" in x)) + 1
    assert any("Windows-1252" in w and f"line {line}" in w for w in extract["warnings"])


def test_undefined_byte_is_shown_as_replacement_and_warned():
    data = sample().encode("utf-8").replace(b"newest members", b"newest \x81members")
    extract = parse_bytes(data, source="stray.txt")
    assert "\ufffd" in by_regulation(extract)[33]["detail"]
    assert any("could not be read" in w for w in extract["warnings"])


def test_clean_utf8_has_no_encoding_warning():
    assert not any("UTF-8" in w for w in parse_bytes(sample().encode()).get("warnings"))


# --- words split at a hyphen ---------------------------------------------------------------------


def test_word_wrapped_at_its_hyphen_is_rejoined_and_a_real_hyphen_stays():
    text = sample().replace(
        "after every missing-from-home episode", "after every missing-\nfrom-\nhome episode"
    )
    detail = by_regulation(parse_text(text))[12]["detail"]
    assert "missing-from-home episode" in detail


def test_spaced_hyphens_and_bullets_are_not_joined():
    text = sample().replace(
        "after every missing-from-home episode", "after every pre- and post-\nvisit review -\nnow"
    )
    detail = by_regulation(parse_text(text))[12]["detail"]
    assert "pre- and post-visit review - now" in detail


def test_soft_hyphen_at_a_wrap_leaves_the_word_whole():
    text = sample().replace("diploma enrolment", "diploma enrol\u00ad\nment")
    assert "diploma enrolment for" in by_regulation(parse_text(text))[33]["detail"]


# --- history rows interleaved across a page break ----------------------------------------------


def test_history_rows_interleaved_across_a_page_break():
    text = sample()
    old = "12/02/2026\tInterim\tSustained effectiveness\n18/06/2025\tFull\tGood"
    assert old in text
    interleaved = (
        "12/02/2026\n18/06/2025\nInspection report for children's home: SC900101 Page 2 of 5\n"
        "Interim\tSustained effectiveness\nFull\tGood"
    )
    expected = parse_text(text)["history"]
    assert parse_text(text.replace(old, interleaved))["history"] == expected
    assert expected[0]["type"] == "interim" and expected[1]["judgement"] == "good"


# --- bounds --------------------------------------------------------------------------------------


def test_implausible_number_of_requirements_is_refused():
    text = sample()
    row = f"{CPD} professional development. (Regulation 33 (4)(a))\t6 January 2027\n"
    many = "".join(
        row.replace("(4)(a)", f"(4)(a)({chr(97 + i % 26)})").replace(
            "6 January", f"{1 + i % 28} January"
        )
        for i in range(MAX_REQUIREMENTS + 1)
    )
    with pytest.raises(
        ReportParseError, match=f"no real report holds more than {MAX_REQUIREMENTS}"
    ):
        parse_text(with_table(text, many), source="flood.txt")


def test_flood_of_citations_is_refused_unread():
    text = sample()
    with pytest.raises(ReportParseError, match="flood.txt: .*citations.*refused unread"):
        parse_text(with_table(text, "(Regulation 12(1)) 1 May 2027\n" * 5000), source="flood.txt")


def test_exact_repeats_are_kept_once_with_a_warning():
    text = sample()
    rows = table(text)
    cpd = rows[rows.index("The registered person must ensure that all employees") :]
    extract = parse_text(with_table(text, rows + "\n" + cpd + "\n" + cpd))
    assert [r["regulation"] for r in extract["requirements"]] == [12, 33]
    repeats = [w for w in extract["warnings"] if "word for word" in w]
    assert len(repeats) == 2 and "Regulation 33" in repeats[0]


def test_same_regulation_with_another_date_stays_two_requirements():
    text = sample()
    rows = table(text)
    cpd = rows[rows.index("The registered person must ensure that all employees") :]
    extract = parse_text(with_table(text, rows + "\n" + cpd.replace("6 January", "6 February")))
    dates = [r["due_date"] for r in extract["requirements"] if r["regulation"] == 33]
    assert dates == ["2027-01-06", "2027-02-06"]
    assert not any("word for word" in w for w in extract["warnings"])


def test_table_header_without_rows_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "empty_table.txt"
    path.write_text(with_table(sample(), ""), encoding="utf-8")
    with pytest.raises(ReportParseError, match="empty_table.txt: .*header but no readable rows"):
        parse_file(path)


@pytest.fixture
def small_limit(settings):
    settings.REPORT_MAX_BYTES = 1000
    return settings


def test_parse_report_command_holds_report_max_bytes(small_limit):
    with pytest.raises(CommandError, match="SC900101_2026-11-04_full.txt: file is .*REPORT_MAX"):
        call_command("parse_report", str(NOVEMBER), stdout=io.StringIO())


@pytest.mark.django_db
def test_import_reports_command_holds_report_max_bytes(small_limit):
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 reports failed"):
        call_command("import_reports", str(NOVEMBER), stdout=io.StringIO(), stderr=err)
    assert "REPORT_MAX_BYTES" in err.getvalue()


@pytest.mark.django_db
def test_import_service_holds_report_max_bytes(small_limit):
    with pytest.raises(ImporterParseError, match="limit is"):
        import_report(path=NOVEMBER)


# --- one validation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_regulation_is_an_error_in_parse_report_and_in_the_import(tmp_path):
    path = tmp_path / "reg99.txt"
    path.write_text(sample().replace("(Regulation 33 (4)(a))", "(Regulation 99 (4)(a))"))
    with pytest.raises(CommandError, match="reg99.txt: requirement 2 cites regulation 99"):
        call_command("parse_report", str(path), stdout=io.StringIO())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_reports", str(path), stdout=io.StringIO(), stderr=err)
    assert "reg99.txt: requirement 2 cites regulation 99" in err.getvalue()


# --- one list of accepted types ---------------------------------------------------------------


def test_one_list_of_accepted_types_serves_every_entry_point():
    from compliance.api.imports import IMPORT_DESCRIPTION, ReportUploadSerializer
    from compliance.web.forms import ReportUploadForm
    from inspections.management.commands import import_reports, parse_report

    assert ACCEPTED_SUFFIXES == (".pdf", ".txt", ".md", ".html", ".htm")
    form = ReportUploadForm(max_bytes=1000)
    assert form.fields["report"].widget.attrs["accept"] == ",".join(ACCEPTED_SUFFIXES)
    assert ACCEPTED_TYPES in form.fields["report"].help_text
    assert ACCEPTED_TYPES in IMPORT_DESCRIPTION
    assert ACCEPTED_TYPES in ReportUploadSerializer().fields["file"].help_text
    assert ACCEPTED_TYPES in parse_report.Command.help
    assert ACCEPTED_TYPES in import_reports.Command.help
    readme = (SAMPLES_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    assert ACCEPTED_TYPES in readme


def test_other_file_types_are_refused_by_name(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text(sample(), encoding="utf-8")
    with pytest.raises(CommandError, match="report.docx: file type '.docx' is not accepted"):
        call_command("parse_report", str(path), stdout=io.StringIO())


def test_a_pdf_is_accepted_by_its_bytes_whatever_its_name(tmp_path):
    path = render_report_pdf(sample(), tmp_path / "report.download")
    out = io.StringIO()
    call_command("parse_report", str(path), "--format", "summary", stdout=out)
    assert "SC900101 full 2026-11-04: 2 requirements" in out.getvalue()


def test_html_report_is_read(tmp_path):
    from compliance.devtools.report_forms import as_html

    path = tmp_path / "report.htm"
    path.write_text(as_html(sample()), encoding="utf-8")
    out = io.StringIO()
    call_command("parse_report", str(path), "--format", "summary", stdout=out)
    assert "SC900101 full 2026-11-04: 2 requirements" in out.getvalue()

"""Files that are not readable reports raise ReportParseError naming the file and what was
missing; parts that are not essential become warnings instead."""

import os
import random

import pytest

from compliance.devtools.render_pdf import render_blank_pdf, render_report_pdf
from inspections.reports import ReportParseError, parse_file, parse_text
from tests.inspections.reports.test_parser_variants import requirement_rows, synthetic_report

ESSAY = """The history of the English country house

Country houses were built by landowners across England from the sixteenth century onwards.
Many were remodelled in the eighteenth century, when classical taste spread from Italy, and
their gardens were laid out by designers such as Capability Brown. In the twentieth century
many were given to the National Trust, and some became schools, hotels or offices.
"""
CSV = "urn,provider,due_date\nSC123456,Example Care,2023-01-08\n1234567,Other Care,2023-02-01\n"


def refusal(path) -> ReportParseError:
    with pytest.raises(ReportParseError) as caught:
        parse_file(path)
    error = caught.value
    assert error.source == str(path)
    assert str(error).startswith(f"{path}: ")
    return error


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_text(content)
    assert "empty" in refusal(path).problem


@pytest.mark.parametrize("content", [ESSAY, CSV], ids=["essay", "csv"])
def test_text_that_is_not_a_report(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_text(content)
    assert "not an Ofsted children's home inspection report" in refusal(path).problem


def test_binary_junk(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(random.Random(7).randbytes(4000))
    assert "binary" in refusal(path).problem


def test_pdf_without_text_layer(tmp_path):
    path = render_blank_pdf(tmp_path / "scan.pdf")
    assert refusal(path).problem == "PDF has no text layer (scanned?)"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"%PDF-1.7\n" + os.urandom(2000), id="garbage"),
    ],
)
def test_corrupt_pdf(tmp_path, damage):
    good = render_report_pdf(synthetic_report(), tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(damage(good))
    problem = refusal(path).problem
    assert "PDF" in problem and ("corrupt" in problem or "no text layer" in problem)


def test_missing_file(tmp_path):
    assert "cannot read file" in refusal(tmp_path / "absent.pdf").problem


def test_report_without_a_urn(tmp_path):
    text = (
        synthetic_report()
        .replace("SC999001\n", "")
        .replace("Unique reference number: SC999001", "Unique reference number: to follow")
    )
    path = tmp_path / "no-urn.txt"
    path.write_text(text)
    problem = refusal(path).problem
    assert problem == "no URN found (expected 'Unique reference number' or a URN heading)"


def test_requirements_section_with_content_but_no_readable_requirement(tmp_path):
    rows = requirement_rows(
        "The registered person must keep records of every child's care.\tsoon",
        "The registered person must notify Ofsted of serious events.\tlater",
    )
    path = tmp_path / "garbled.txt"
    path.write_text(synthetic_report(rows))
    problem = refusal(path).problem
    assert "statutory requirements" in problem
    assert "no requirement could be read" in problem


def test_error_names_the_source_given_to_parse_text():
    with pytest.raises(ReportParseError) as caught:
        parse_text("", source="reports/x.pdf")
    assert str(caught.value) == "reports/x.pdf: file is empty (no text to read)"
    assert isinstance(caught.value, ValueError)


# --- what is not essential becomes a warning ---------------------------------------------


def test_requirement_without_a_due_date_is_a_warning():
    rows = requirement_rows(
        "Must do X. (Regulation 5(a))\t13/10/2023",
        "Must do Y. (Regulation 12(1)(2))\tas soon as possible",
    )
    extract = parse_text(synthetic_report(rows))
    assert [r["due_date"] for r in extract["requirements"]] == ["2023-10-13", None]
    assert "requirement 2 (Regulation 12): no due date found" in extract["warnings"]


def test_missing_capacity_is_a_warning():
    text = synthetic_report().replace("for up to four children", "for children")
    extract = parse_text(text)
    assert extract["home"]["capacity"] is None
    assert any(w.startswith("home: capacity not found") for w in extract["warnings"])


def test_recommendation_without_guide_reference_is_a_warning():
    recommendations = (
        "Recommendations\n\n- The registered person should ensure that rotas are right.\n"
    )
    extract = parse_text(synthetic_report(recommendations=recommendations))
    assert extract["recommendations"][0]["guide_page"] is None
    assert "recommendation 1: no guide reference (page, paragraph) found" in extract["warnings"]


def test_unreadable_history_row_is_a_warning():
    text = synthetic_report().replace("01/02/2022\tFull\tGood", "01/02/2022\t???")
    extract = parse_text(text)
    assert extract["history"] == [{"date": "2022-02-01", "type": None, "judgement": None}]
    assert any(w.startswith("history row 1 (01/02/2022)") for w in extract["warnings"])


def test_unreadable_inspector_line_is_a_warning():
    text = synthetic_report().replace("Alex Example, Social Care Inspector", "(name withheld)")
    extract = parse_text(text)
    assert extract["inspection"]["inspectors"] == []
    assert any(w.startswith("inspectors:") for w in extract["warnings"])

"""Reports in forms the seeds do not show: other line ends, quotes, spacing, wrapping, page
footers inside the table, HTML tables, compliance-notice marks, LaTeX citations, encodings."""

import codecs
import re

import pytest

from compliance.devtools.render_pdf import render_report_pdf
from inspections.reports import parse_bytes, parse_file, parse_text
from tests.inspections.reports.test_parser_seeds import (
    SEED_IDS,
    golden,
    golden_mismatches,
    needs_seeds,
    requirement_keys,
    rewrap,
    seed_text,
)

TABLE_SEED = "004_4ab334259c92a058"  # requirement rows split over many tab-separated rows
HTML_SEED = "000_e6af802699246e61"  # <p> paragraphs inside table cells


def synthetic_report(requirements_section: str = "", recommendations: str = "") -> str:
    """A small but complete full-inspection report around the given sections."""
    return f"""SC999001

Registered provider: Example Care Limited

Full inspection

Information about this children's home

The home provides care for up to four children aged between 8 and 17 years.

Inspection dates: 3 to 4 March 2023

Overall experiences and progress of children and young people, taking into account\toutstanding
How well children and young people are helped and protected\toutstanding
The effectiveness of leaders and managers\toutstanding

Date of last inspection: 1 February 2022

Overall judgement at last inspection: good

Enforcement action since last inspection: none

Recent inspection history

Inspection date\tInspection type\tInspection judgement
01/02/2022\tFull\tGood

{requirements_section}
{recommendations}
Children's home details

Unique reference number: SC999001

Provision sub-type: Children's home

Registered provider: Example Care Limited

Registered provider address: 1 High Street, Leeds LS1 1AA

Responsible individual: Jo Bloggs

Registered manager: Sam Smith

Inspector

Alex Example, Social Care Inspector
"""


def requirement_rows(*rows: str) -> str:
    return (
        "What does the children's home need to do to improve?\n\nStatutory requirements\n\n"
        "This section sets out the actions that the registered person(s) must take to meet the "
        "Care Standards Act 2000. The registered person(s) must comply within the given "
        "timescales.\n\nRequirement\tDue date\n" + "\n".join(rows) + "\n\n"
    )


def assert_matches_golden(stem: str, text: str) -> None:
    assert golden_mismatches(golden(stem), parse_text(text)) == []


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
@pytest.mark.parametrize(
    "line_end", [pytest.param("\r\n", id="crlf"), pytest.param("\r", id="lone-cr")]
)
def test_windows_and_old_mac_line_ends(stem, line_end):
    assert_matches_golden(stem, seed_text(stem).replace("\n", line_end))


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_curly_quotes_and_apostrophes(stem):
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", seed_text(stem))
    text = re.sub(r"'([^'\n]{1,40})'", "\u2018\\1\u2019", text).replace("'", "\u2019")
    assert_matches_golden(stem, text)


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_non_breaking_spaces_and_tabs_as_spaces(stem):
    text = seed_text(stem).replace(" ", "\u00a0").replace("\t", "    ")
    assert_matches_golden(stem, text)


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_rewrapped_at_60_columns_reads_the_same(stem):
    assert_matches_golden(stem, rewrap(seed_text(stem), 60))


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_page_footers_inside_the_requirements_table(stem):
    text = seed_text(stem)
    urn = golden(stem)["urn"]
    start, end = table_span(text)
    lines = text[start:end].split("\n")
    with_footers = []
    for number, line in enumerate(lines, start=1):
        middle = line.find(" ", len(line) // 2)
        if number % 3 == 0 and middle > 0 and "Inspection report" not in line:
            # A page break inside a cell: footer and page number between two halves of a line.
            footer = f"\n\nInspection report for children's home: {urn}\n\n{number}\n\n"
            line = line[:middle] + footer + line[middle + 1 :]
        with_footers.append(line)
        if number % 4 == 0:
            with_footers.append(f"Page {number} of 40")
    text = text[:start] + "\n".join(with_footers) + text[end:]
    extract = parse_text(text)
    assert requirement_keys(extract) == requirement_keys(golden(stem))
    for requirement in extract["requirements"]:
        assert "Inspection report" not in requirement["text"]


@needs_seeds
def test_requirements_table_as_html():
    """The tab-separated table rebuilt as <table><tr><td> with entities and <br>."""
    text = seed_text(TABLE_SEED)
    start, end = table_span(text)
    rows = [row.split("\t") for row in text[start:end].strip().split("\n") if "\t" in row]
    html_rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>\n" for cells in rows
    )
    table = f'<table class="requirements">\n{html_rows}</table>\n\n'
    extract = parse_text(text[:start] + table + text[end:])
    assert requirement_keys(extract) == requirement_keys(golden(TABLE_SEED))
    assert "&" not in " ".join(r["text"] for r in extract["requirements"]).replace(" & ", "")


def table_span(text: str) -> tuple[int, int]:
    """(start, end) of a seed's requirements table: its header to the section after it."""
    start = text.index("Requirement\tDue date")
    ends = ("Recommendation", "*These", "^{*}", "Inspection judgements")
    return start, min(text.find(end, start) for end in ends if end in text[start:])


def escape(cell: str) -> str:
    return cell.replace("&", "&amp;").replace(";", ";<br/>").replace("'", "&#39;")


@needs_seeds
def test_html_paragraphs_in_cells_are_cleaned():
    for requirement in parse_text(seed_text(HTML_SEED))["requirements"]:
        assert "<" not in requirement["text"] and ">" not in requirement["text"]


def test_report_without_requirements_is_valid():
    extract = parse_text(synthetic_report(), source="outstanding.txt")
    assert extract["requirements"] == []
    assert extract["urn"] == "SC999001"
    assert extract["inspection"]["judgements"] == {
        "overall_experiences": "outstanding",
        "help_and_protection": "outstanding",
        "leadership_and_management": "outstanding",
    }
    assert extract["home"]["capacity"] == 4
    assert extract["home"]["age_range"] == {"min": 8, "max": 17}
    assert extract["inspection"]["inspectors"] == ["Alex Example"]
    assert extract["warnings"] == []


def test_requirements_section_stating_none_is_valid():
    section = "Statutory requirements\n\nThere are no requirements from this inspection.\n\n"
    assert parse_text(synthetic_report(section))["requirements"] == []


@pytest.mark.parametrize(
    "row",
    [
        pytest.param("The registered person must X. (Regulation 12(1))*\t1 May 2023", id="after"),
        pytest.param("The registered person must X. (Regulation 12(1)) *\t1 May 2023", id="spaced"),
        pytest.param(
            "The registered person must X. (Regulation 12(1))^{*}\t1 May 2023", id="latex"
        ),
        pytest.param("The registered person must X. (Regulation 12(1))\\*\t1 May 2023", id="md"),
        pytest.param(
            "12: The protection of children standard *\t1 May 2023\nThe registered "
            "person must X. (Regulation 12(1))",
            id="heading",
        ),
    ],
)
def test_compliance_notice_asterisk(row):
    plain = "The registered person must Y. (Regulation 13(2))\t1 June 2023"
    section = requirement_rows(plain, row, plain.replace("13(2)", "14(1)"))
    section += "* These requirements are subject to a compliance notice.\n\n"
    extract = parse_text(synthetic_report(section))
    assert requirement_keys(extract) == [
        (13, "2023-06-01", False),
        (12, "2023-05-01", True),
        (14, "2023-06-01", False),
    ]


def test_latex_citation_from_ocr():
    row = "The registered person must Z. (Regulation 13 $(1)(a)$)\t8 January 2023"
    requirement = parse_text(synthetic_report(requirement_rows(row)))["requirements"][0]
    assert requirement["regulation"] == 13
    assert requirement["citation"] == "Regulation 13(1)(a)"
    assert requirement["text"] == "The registered person must Z."


def test_date_before_citation_and_detail_after_it():
    rows = (
        "The protection of children standard is that children are protected.\t8 January 2023",
        "In particular, staff must assess risk. (Regulation 12 (1) (2)(a)(i))\t",
        "This specifically relates to risk assessments. Also, that staff are trained.\t",
        "The registered person must keep records. (Regulation 36(1))\t9 January 2023",
    )
    requirements = parse_text(synthetic_report(requirement_rows(*rows)))["requirements"]
    assert [(r["regulation"], r["due_date"]) for r in requirements] == [
        (12, "2023-01-08"),
        (36, "2023-01-09"),
    ]
    assert requirements[0]["text"].startswith("The protection of children standard")
    assert requirements[0]["detail"] == (
        "This specifically relates to risk assessments. Also, that staff are trained."
    )
    assert requirements[1]["text"] == "The registered person must keep records."
    assert requirements[1]["detail"] is None


def test_markdown_headings_and_bold_labels():
    text = synthetic_report(requirement_rows("Must do X. (Regulation 5(a))\t13/10/2023"))
    text = re.sub(r"^(Statutory requirements|Children's home details)$", r"## \1", text, flags=re.M)
    text = re.sub(r"^([A-Z][\w ]+):", r"**\1:**", text, flags=re.M)
    extract = parse_text(text)
    assert requirement_keys(extract) == [(5, "2023-10-13", False)]
    assert extract["provider"]["name"] == "Example Care Limited"
    assert extract["home"]["registered_manager"] == "Sam Smith"


def test_recommendation_guide_reference_and_text():
    recommendations = (
        "Recommendations\n\n- The registered person should ensure rotas are right. "
        "('Guide to the children's homes regulations, including the quality standards', "
        "page 54, paragraph 10.18).\n"
    )
    extract = parse_text(synthetic_report(recommendations=recommendations))
    assert extract["recommendations"] == [
        {
            "text": "The registered person should ensure rotas are right.",
            "guide_page": 54,
            "guide_paragraph": "10.18",
        }
    ]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.encode("utf-8"), id="utf8"),
        pytest.param(lambda t: t.encode("cp1252"), id="cp1252"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf16"),
    ],
)
def test_text_file_encodings(tmp_path, encode):
    text = synthetic_report(requirement_rows("Must do X. (Regulation 5(a))\t13/10/2023"))
    text = text.replace("Example Care", "Exampl\u00e9 Care\u2019s")
    path = tmp_path / "report.md"
    path.write_bytes(encode(text))
    extract = parse_file(path)
    assert extract["provider"]["name"] == "Exampl\u00e9 Care's Limited"
    assert requirement_keys(extract) == [(5, "2023-10-13", False)]


@needs_seeds
def test_pdf_is_recognised_by_its_magic_bytes_not_its_suffix(tmp_path):
    pdf = render_report_pdf(seed_text(TABLE_SEED), tmp_path / "report.pdf")
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert golden_mismatches(golden(TABLE_SEED), parse_file(disguised)) == []
    assert golden_mismatches(golden(TABLE_SEED), parse_bytes(pdf.read_bytes())) == []

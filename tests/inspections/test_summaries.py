"""The one rule that says what a requirement is about, on the seed reports: from the
inspector's detail when there is one, else from the regulation's operative clause."""

import pytest

from inspections.reports import parse_text
from inspections.summaries import MAX_LENGTH, requirement_summary
from tests.inspections.reports.test_parser_seeds import SEED_IDS, needs_seeds, seed_text


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_every_seed_requirement_has_a_short_distinct_summary(stem):
    rows = parse_text(seed_text(stem))["requirements"]
    found = {}
    for row in rows:
        line = requirement_summary(text=row["text"], detail=row.get("detail") or "")
        assert 40 <= len(line) <= MAX_LENGTH, line
        assert line[0].isupper() and not line.endswith("."), line
        found[(row["text"], row.get("detail") or "")] = line
    # Requirements that differ say different things.
    assert len(set(found.values())) == len(found)


def test_the_detail_speaks_first_without_its_lead_in():
    line = requirement_summary(
        text="The protection of children standard is that children are protected from harm.",
        detail="This particularly refers to staff ensuring that risk assessments are reviewed "
        "and kept up to date. It also relates to ensuring that all aspects are welcoming.",
    )
    assert line == "Staff ensuring that risk assessments are reviewed and kept up to date"


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            "The leadership and management standard is that the registered person leads. In "
            "particular, the standard in paragraph (1) requires the registered person to ensure "
            "that staff: have the experience, qualifications and skills to meet the needs of "
            "each child; demonstrate that practice is informed.",
            "Have the experience, qualifications and skills to meet the needs of each child",
        ),
        (
            "In meeting the quality standards, the registered person must, and must ensure that "
            "staff— seek to secure the input and services required to meet each child's needs.",
            "Seek to secure the input and services required to meet each child's needs",
        ),
        (
            "The care planning standard is that children— receive effectively planned care in "
            "or through the children's home; and have a positive experience.",
            "Receive effectively planned care in or through the children's home",
        ),
        (
            "The registered person must recruit staff using recruitment procedures that are "
            "designed to ensure children's safety.",
            "The registered person must recruit staff using recruitment procedures that are "
            "designed to ensure children's safety",
        ),
    ],
)
def test_the_operative_clause_of_the_text(text, summary):
    assert requirement_summary(text=text) == summary


def test_a_long_clause_is_cut_at_a_word_with_an_ellipsis():
    line = requirement_summary(text="The registered person must " + "keep records " * 30)
    assert len(line) <= MAX_LENGTH and line.endswith("…") and not line.endswith(" …")
    assert requirement_summary(text="") == ""

"""Property tests: any text gives an extract or a ReportParseError, never another exception;
a rewrapped seed keeps its requirements."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.reports import ReportParseError, parse_text
from tests.inspections.reports.test_parser_seeds import (
    SEED_IDS,
    golden,
    needs_seeds,
    requirement_keys,
    rewrap,
    seed_text,
)

# Fragments real reports are made of, so random text reaches the parser's deeper paths.
REPORT_FRAGMENTS = [
    "Unique reference number: SC123456\n",
    "Statutory requirements\n",
    "Requirement\tDue date\n",
    "(Regulation 12(1)(2)(a)(i))",
    "(Regulation 13 $(1)(a)$)",
    "12: The protection of children standard *\t",
    "\t13/10/2017\n",
    "25 October 2020",
    "<p>",
    "</p>",
    "&amp;",
    "*",
    "^{*}",
    "This specifically relates to ",
    "Recommendations\n",
    "('Guide to the children's homes regulations', page 24, paragraph 4.22)",
    "Recent inspection history\n",
    "05/07/2017\tMonitoring\tNo judgement\n",
    "Inspection dates: 12 to 13 September 2017\n",
    "Inspection report for children's home: SC123456\n3\n",
    "Ofsted\n",
    "Children's home details\n",
    "Inspectors\n",
    "Registered manager: Post vacant\n",
    "\r\n",
    "\r",
    "\n\n",
    "\u2019",
    "\u00a0",
]

# Modest example counts keep this file to a few seconds; the parser is linear, so a long
# run finds nothing more (it was fuzzed far longer while being written).
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def parses_or_refuses(text: str) -> None:
    """The one property: a dict with the contract's keys, or ReportParseError."""
    try:
        extract = parse_text(text, source="fuzz.txt")
    except ReportParseError as error:
        assert error.source == "fuzz.txt"
        assert str(error).startswith("fuzz.txt: ")
        return
    assert isinstance(extract, dict)
    assert {"urn", "requirements", "warnings"} <= set(extract)
    assert all(isinstance(w, str) for w in extract["warnings"])


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes(text):
    parses_or_refuses(text)


@FAST
@given(st.lists(st.one_of(st.sampled_from(REPORT_FRAGMENTS), st.text(max_size=40)), max_size=60))
def test_report_fragments_in_any_order_never_crash(pieces):
    parses_or_refuses("".join(pieces))


@st.composite
def mutated_seed(draw):
    """A seed report with lines deleted, duplicated, swapped, junk inserted, characters
    replaced, line ends changed, or the text cut short."""
    lines = seed_text(draw(st.sampled_from(SEED_IDS))).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "junk", "replace"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "junk":
            lines.insert(
                index, draw(st.one_of(st.text(max_size=80), st.sampled_from(REPORT_FRAGMENTS)))
            )
        elif lines[index]:
            position = draw(st.integers(0, len(lines[index]) - 1))
            line = lines[index]
            lines[index] = line[:position] + draw(st.characters()) + line[position + 1 :]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n\n"])))
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


@needs_seeds
@FAST
@given(mutated_seed())
def test_mutated_seeds_never_crash(text):
    parses_or_refuses(text)


@needs_seeds
@settings(max_examples=60, deadline=None, database=None)
@given(stem=st.sampled_from(SEED_IDS), width=st.integers(40, 200))
def test_rewrapped_seed_keeps_its_requirements(stem, width):
    extract = parse_text(rewrap(seed_text(stem), width))
    assert requirement_keys(extract) == requirement_keys(golden(stem))


@pytest.mark.parametrize("text", ["", " ", "\n\r\t", "\x00" * 50, "(Regulation 1(" * 200])
def test_degenerate_inputs_are_refused_cleanly(text):
    parses_or_refuses(text)

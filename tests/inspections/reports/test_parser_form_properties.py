"""Property tests over the new shapes of issue 12: random re-wrapping (breaks before the
'This ... relates to' verbs too), injected stray bytes, page footers inside table cells.

Each starts from a report whose extract is known (the project's own samples, and the seeds
with their goldens) and checks the reshaped report reads the same.
"""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from inspections.reports import parse_bytes, parse_text, text_from_bytes
from tests.conftest import SAMPLES_DIR
from tests.inspections.reports.test_parser_forms import scored_fields, scorer
from tests.inspections.reports.test_parser_seeds import SEED_IDS, golden, seed_text

SAMPLE_TEXTS = {
    path.stem: path.read_text(encoding="utf-8") for path in sorted(SAMPLES_DIR.glob("*.txt"))
}
EXPECTED = {stem: scored_fields(parse_text(text)) for stem, text in SAMPLE_TEXTS.items()}
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
DETAIL_VERB_RE = re.compile(r" (?=(?:specifically |particularly )?(?:relates|refers)\b)")
TABLE_START = "Requirement\tDue date\n"


@st.composite
def rewrapped(draw, text: str) -> str:
    """`text` with every cell wrapped at a width of its own, and some breaks put right before
    the detail's verb ('This specifically' / 'relates to')."""
    text = DETAIL_VERB_RE.sub(lambda m: "\n" if draw(st.booleans()) else " ", text)
    lines = []
    for line in text.split("\n"):
        cells = []
        for cell in line.split("\t"):
            width = draw(st.integers(30, 140))  # narrower than any real wrapping
            words, out, length = cell.split(" "), [], 0
            for word in words:
                if out and length + len(word) > width:
                    out.append("\n")
                    length = 0
                elif out:
                    out.append(" ")
                out.append(word)
                length += len(word) + 1
            cells.append("".join(out))
        lines.append("\t".join(cells))
    return "\n".join(lines)


@PROPERTY
@given(data=st.data(), stem=st.sampled_from(sorted(SAMPLE_TEXTS)))
def test_random_rewrapping_of_a_sample_reads_the_same(data, stem):
    text = data.draw(rewrapped(SAMPLE_TEXTS[stem]))
    assert scored_fields(parse_text(text)) == EXPECTED[stem]


@PROPERTY
@given(data=st.data(), stem=st.sampled_from(SEED_IDS))
def test_random_rewrapping_of_a_seed_scores_fully(data, stem):
    results = list(scorer().pairs(golden(stem), parse_text(data.draw(rewrapped(seed_text(stem))))))
    assert [f for f, expected, got in results if expected != got] == []


STRAY = st.sampled_from([0x80, 0x85, 0x91, 0x92, 0x93, 0x96, 0x97, 0xA0, 0xE9, 0xA3, 0xBF])


@PROPERTY
@given(
    stem=st.sampled_from(sorted(SAMPLE_TEXTS)),
    bytes_at=st.lists(st.tuples(st.floats(0, 1), STRAY), min_size=1, max_size=6),
)
def test_injected_stray_bytes_keep_the_rest_of_the_text_exact(stem, bytes_at):
    text = SAMPLE_TEXTS[stem]
    # Stray bytes side by side may spell valid UTF-8 (E9 80 80 is '退'): no reader could
    # tell them from text, so each lands at a place of its own.
    assume(len({int(where * len(text)) for where, _ in bytes_at}) == len(bytes_at))
    pieces, expected, last = [], [], 0
    for where, byte in sorted(bytes_at):
        cut = int(where * len(text))
        pieces += [text[last:cut].encode("utf-8"), bytes([byte])]
        expected += [text[last:cut], bytes([byte]).decode("cp1252")]
        last = cut
    data = b"".join([*pieces, text[last:].encode("utf-8")])
    expected_text = "".join([*expected, text[last:]])
    assert text_from_bytes(data) == expected_text
    try:
        extract = parse_bytes(data, source="stray.txt")
    except Exception as error:  # a byte may land in a heading; the error names the file
        assert str(error).startswith("stray.txt: ")
        return
    assert any("Windows-1252" in warning for warning in extract["warnings"])


@PROPERTY
@given(
    stem=st.sampled_from(sorted(SAMPLE_TEXTS)),
    cuts=st.lists(st.floats(0, 1), min_size=1, max_size=3),
    page=st.integers(2, 30),
)
def test_page_footers_inside_table_cells_are_removed(stem, cuts, page):
    """A page break inside the requirements table: the footer and page number fall between
    two words of a cell (the cell continues on the next page)."""
    text = SAMPLE_TEXTS[stem]
    if TABLE_START not in text:
        return
    start = text.index(TABLE_START) + len(TABLE_START)
    end = text.index("\n\n", start)
    spaces = [m.start() for m in re.finditer(" ", text[start:end])]
    urn = EXPECTED[stem]["urn"]
    footer = f"\nInspection report for children's home: {urn}\n{page}\n"
    positions = sorted({start + spaces[int(cut * (len(spaces) - 1))] for cut in cuts})
    for pos in reversed(positions):
        text = text[:pos] + footer + text[pos + 1 :]
    assert scored_fields(parse_text(text)) == EXPECTED[stem]

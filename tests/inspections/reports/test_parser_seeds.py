"""The five shared seed reports read to their hand-checked goldens, as text, PDF and via the CLI.

Also holds the small helpers the other report tests share (seed loading, rewrapping, and a
comparison that mirrors shared/tools/score_extract.py's normalisation).
"""

import collections
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from compliance.devtools.render_pdf import render_report_pdf
from inspections.reports import extract_text, parse_file, parse_text

PROJECT_DIR = Path(__file__).resolve().parents[3]
SHARED_DIR = Path(os.environ.get("SHARED_DIR", PROJECT_DIR.parent / "shared"))
SEED_PATHS = sorted((SHARED_DIR / "seeds").glob("*.txt"))
SEED_IDS = [path.stem for path in SEED_PATHS]
# Rows are matched as multisets on these keys, as the scorer does.
ROW_KEYS = {
    "history": ("date", "type", "judgement"),
    "requirements": ("regulation", "due_date", "compliance_notice"),
    "recommendations": ("guide_page", "guide_paragraph"),
}

needs_seeds = pytest.mark.skipif(
    not SEED_PATHS and not os.environ.get("CI"), reason=f"no seed reports in {SHARED_DIR}"
)


def seed_text(stem: str) -> str:
    return (SHARED_DIR / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")


def golden(stem: str) -> dict:
    return json.loads((SHARED_DIR / "goldens" / f"{stem}.json").read_text(encoding="utf-8"))


def norm(value):
    """The scorer's normalisation: curly apostrophes, commas and spacing do not count."""
    if isinstance(value, str):
        return " ".join(value.replace("\u2019", "'").replace(",", " ").split()).casefold()
    return value


def golden_mismatches(expected: dict, actual: dict, prefix: str = "") -> list[str]:
    """Every field of `expected` that `actual` gets wrong, as 'path: expected != got'."""
    problems = []
    for key, want in expected.items():
        got = actual.get(key) if isinstance(actual, dict) else None
        path = f"{prefix}{key}"
        if isinstance(want, dict):
            problems += golden_mismatches(want, got if isinstance(got, dict) else {}, path + ".")
        elif isinstance(want, list) and key in ROW_KEYS:
            want_rows = row_counter(want, ROW_KEYS[key])
            got_rows = row_counter(got if isinstance(got, list) else [], ROW_KEYS[key])
            if want_rows != got_rows:
                problems.append(
                    f"{path}: {sorted(want_rows.items())} != {sorted(got_rows.items())}"
                )
        elif isinstance(want, list):
            if sorted(map(norm, want)) != sorted(map(norm, got or [])):
                problems.append(f"{path}: {want!r} != {got!r}")
        elif norm(want) != norm(got):
            problems.append(f"{path}: {want!r} != {got!r}")
    return problems


def row_counter(rows: list, keys: tuple) -> collections.Counter:
    return collections.Counter(tuple(norm(row.get(k)) for k in keys) for row in rows)


def requirement_keys(extract: dict) -> list[tuple]:
    return [
        (r["regulation"], r["due_date"], r["compliance_notice"]) for r in extract["requirements"]
    ]


def rewrap(text: str, width: int) -> str:
    """Every line wrapped at `width` columns (tabs become spaces, as in plain-text mail)."""
    lines = []
    for line in text.split("\n"):
        wrapped = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        lines.extend(wrapped or [""])
    return "\n".join(lines)


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_seed_text_matches_golden(stem):
    extract = parse_file(SHARED_DIR / "seeds" / f"{stem}.txt")
    assert golden_mismatches(golden(stem), extract) == []
    assert extract["warnings"] == []


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_seed_rendered_as_pdf_matches_golden(stem, tmp_path):
    pdf_path = render_report_pdf(seed_text(stem), tmp_path / f"{stem}.pdf")
    started = time.perf_counter()
    text = extract_text(pdf_path)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"{stem}: PDF text extracted in {elapsed_ms:.1f} ms")
    assert "Inspection report for children's home" in text  # the footers are really there
    extract = parse_file(pdf_path)
    assert golden_mismatches(golden(stem), extract) == []
    assert elapsed_ms < 1000


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_seed_parses_in_a_few_milliseconds(stem):
    text = seed_text(stem)
    parse_text(text)  # warm up
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        parse_text(text)
        timings.append(time.perf_counter() - started)
    # A few ms on a developer's machine; the bound leaves room for a slow CI runner.
    assert statistics.median(timings) < 0.05


@needs_seeds
def test_extract_has_every_field_of_the_contract():
    extract = parse_text(seed_text(SEED_IDS[0]))
    assert list(extract) == [
        "urn",
        "provider",
        "home",
        "inspection",
        "history",
        "requirements",
        "recommendations",
        "warnings",
    ]
    assert set(extract["provider"]) == {"name", "address"}
    assert set(extract["home"]) == {
        "provision_subtype",
        "capacity",
        "responsible_individual",
        "registered_manager",
        "description",
        "age_range",
    }
    assert set(extract["inspection"]) == {
        "type",
        "start_date",
        "end_date",
        "judgements",
        "previous_inspection",
        "inspectors",
        "enforcement_action",
    }
    for requirement in extract["requirements"]:
        assert set(requirement) == {
            "regulation",
            "citation",
            "due_date",
            "compliance_notice",
            "text",
            "detail",
        }
    for recommendation in extract["recommendations"]:
        assert set(recommendation) == {"text", "guide_page", "guide_paragraph"}
    json.dumps(extract)  # plain JSON-able data


@needs_seeds
@pytest.mark.parametrize("stem", SEED_IDS)
def test_requirement_text_is_clean(stem):
    for requirement in parse_text(seed_text(stem))["requirements"]:
        assert requirement["citation"].startswith(f"Regulation {requirement['regulation']}(")
        for text in (requirement["text"], requirement["detail"] or ""):
            for leftover in ("<p>", "</p>", "&amp;", "Inspection report", "$", "\t", "  "):
                assert leftover not in text
        assert "(Regulation" not in requirement["text"]
        assert len(requirement["text"]) > 40


@needs_seeds
def test_home_description_age_range_and_enforcement_action():
    extract = parse_text(seed_text("000_e6af802699246e61"))
    home = extract["home"]
    assert home["description"].startswith("This private home provides care and accommodation")
    assert home["age_range"] == {"min": 11, "max": 18}
    assert extract["inspection"]["enforcement_action"] is None
    assert parse_text(seed_text("003_12070b5366d9ee5c"))["home"]["age_range"] == {
        "min": 5,
        "max": 18,
    }


@needs_seeds
def test_citation_and_detail_are_read_whole():
    requirements = parse_text(seed_text("003_12070b5366d9ee5c"))["requirements"]
    first = requirements[0]
    assert first["citation"] == "Regulation 5(a)(b)(c)"
    assert first["text"].startswith("In meeting the quality standards, the registered person")
    assert first["detail"].startswith("This particularly refers to the registered manager")
    protection = requirements[3]
    assert protection["detail"].endswith("all aspects of the home are welcoming.")
    flattened = parse_text(seed_text("001_1ac69e05dfdcc041"))["requirements"][1]
    assert flattened["citation"] == (
        "Regulation 6(1)(a)(b)(2)(a)(b)(i)(ii)(iii)(iv)(vii)(ix) and (c)(i)(ii)"
    )
    assert "12,03,2013" not in flattened["text"]  # OCR noise in the due-date cell


def run_command_line(path: Path) -> subprocess.CompletedProcess:
    """`python -m inspections.reports PATH`, run from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "inspections.reports", str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        check=False,
    )


@needs_seeds
def test_command_line_prints_the_extract_as_json():
    path = SHARED_DIR / "seeds" / f"{SEED_IDS[0]}.txt"
    run = run_command_line(path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == parse_file(path)


def test_command_line_reports_an_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    run = run_command_line(empty)
    assert run.returncode == 1
    assert run.stdout == ""
    assert str(empty) in run.stderr and "empty" in run.stderr


@needs_seeds
def test_parse_report_runs_without_debug_or_a_secret_key():
    """The scorer calls `manage.py parse_report` as is: it needs no SECRET_KEY (it signs
    nothing), so the production settings' refusal does not stop it."""
    import os

    path = SHARED_DIR / "seeds" / f"{SEED_IDS[0]}.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    run = subprocess.run(
        [sys.executable, "manage.py", "parse_report", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == parse_file(path)

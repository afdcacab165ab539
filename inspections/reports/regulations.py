"""Titles of the Children's Homes (England) Regulations 2015, by number.

Requirement tables printed from PDFs often head each requirement with '12: The protection of
children standard'; knowing the titles tells such a heading from an ordinary 'N:' in the text.
Read from inspections/data/regulations.tsv, the same file the data migration loads, so the
catalogue lives in one place. Regulations whose title is unknown are left out.
"""

import csv
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "regulations.tsv"


def _load_catalogue() -> dict[int, str]:
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        return {int(row["number"]): row["title"] for row in csv.DictReader(f, delimiter="\t")}


_CATALOGUE = _load_catalogue()
REGULATION_TITLES = {number: title for number, title in _CATALOGUE.items() if title}
# Every regulation a requirement may cite (the importer's Regulation table holds the same).
REGULATION_NUMBERS = frozenset(_CATALOGUE)

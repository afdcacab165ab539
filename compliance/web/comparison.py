"""Comparing two inspections of a home: which requirements were repeated, resolved or new.
Pure: requirements in, three lists out. Requirements are matched on their regulation, as
the importer links repeats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Comparison:
    repeated: list[tuple] = field(default_factory=list)  # (later, earlier) pairs
    resolved: list = field(default_factory=list)  # earlier, no longer raised
    new: list = field(default_factory=list)  # later, not raised before


def compare_requirements(*, earlier: list, later: list) -> Comparison:
    """Each later requirement whose regulation was cited earlier is a repeat (paired with
    the first earlier one under that regulation); earlier regulations not cited later are
    resolved; the rest of the later ones are new."""
    first_earlier: dict[int, object] = {}
    for requirement in earlier:
        first_earlier.setdefault(requirement.regulation_id, requirement)
    later_regulations = {r.regulation_id for r in later}
    result = Comparison()
    for requirement in later:
        match = first_earlier.get(requirement.regulation_id)
        if match is None:
            result.new.append(requirement)
        else:
            result.repeated.append((requirement, match))
    result.resolved = [r for r in earlier if r.regulation_id not in later_regulations]
    return result

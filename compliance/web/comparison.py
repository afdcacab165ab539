"""Comparing two inspections of a home: which requirements were raised again, which were
not, and which are new. Pure: requirements in, three lists out. The pairs are the links
that resolution wrote (`replaced_by`, see compliance.services.resolution), so the page
says what the tracker holds, not a second guess."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Comparison:
    repeated: list[tuple] = field(default_factory=list)  # (later, earlier) pairs
    resolved: list = field(default_factory=list)  # earlier, not raised again by the later
    new: list = field(default_factory=list)  # later, raising nothing earlier again


def compare_requirements(*, earlier: list, later: list) -> Comparison:
    """Pairs each earlier requirement that the later inspection raised again with the
    requirement that replaces it, in the later report's order."""
    later_by_pk = {r.pk: r for r in later}
    pairs = {}
    for requirement in earlier:
        if requirement.replaced_by_id in later_by_pk:
            pairs.setdefault(requirement.replaced_by_id, []).append(requirement)
    result = Comparison()
    for requirement in later:
        for old in pairs.get(requirement.pk, ()):
            result.repeated.append((requirement, old))
        if requirement.pk not in pairs:
            result.new.append(requirement)
    result.resolved = [r for r in earlier if r.replaced_by_id not in later_by_pk]
    return result

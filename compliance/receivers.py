"""Compliance's part of a report import: resolving the home's earlier requirements in the
import's own transaction (connected in ComplianceConfig.ready)."""

from compliance.services.counts import counted_once
from compliance.services.resolution import resolve_home


def resolve_after_import(*, inspection, result, user=None, **kwargs) -> None:
    with counted_once():  # one recount of the home, not one per resolved requirement
        changes = resolve_home(home_id=inspection.home_id, user=user)
    for change in changes:
        result.resolutions.append(change.describe())
    if changes:
        result.count("earlier requirements resolved", len(changes))

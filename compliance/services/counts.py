"""Keep RequirementCounts true: recount a home's rows in the transaction that changed them.

Every save or delete of a requirement (a status change, a resolution by a later inspection
and its undoing, an import, the admin, a cascade from a deleted inspection or home) reaches
`requirement_changed` through the model signals and recounts that home's rows: one grouped
query over one home's requirements. Inside `counted_once()` (the resolution after an import,
a bulk owner change) the homes are collected and recounted once, at the end of the block.
Bulk writes that send no signals (`QuerySet.update`, `bulk_create`) must call `recount_homes`
or `recount_all` themselves.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import transaction
from django.db.models import Count, F

from compliance.counts import status_count_expressions
from compliance.models import RequirementCounts
from compliance.readcache.generations import changed
from inspections.models import Inspection, Requirement

# The homes waiting to be recounted by the innermost counted_once() block, if any.
_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "counts_pending", default=None
)


def recount_homes(*, home_ids) -> None:
    """Replace the kept counts of these homes by a fresh count of their requirements."""
    home_ids = sorted(set(home_ids))
    if not home_ids:
        return
    changed(home_ids=home_ids)  # and what the read cache keeps of them
    with transaction.atomic():
        RequirementCounts.objects.filter(home_id__in=home_ids).delete()
        _insert_counts(Requirement.objects.filter(inspection__home_id__in=home_ids))


def recount_all() -> int:
    """Rebuild every kept count from the requirements (after a bulk load; or to repair)."""
    changed(everything=True)
    with transaction.atomic():
        RequirementCounts.objects.all().delete()
        return _insert_counts(Requirement.objects.all())


def _insert_counts(requirements) -> int:
    rows = (
        requirements.order_by()
        .values("regulation_id", home_id=F("inspection__home_id"))
        .annotate(total=Count("pk"), **status_count_expressions())
    )
    created = RequirementCounts.objects.bulk_create(
        [RequirementCounts(**row) for row in rows], batch_size=2000
    )
    return len(created)


@contextlib.contextmanager
def counted_once():
    """Recount each home whose requirements change inside the block once, at its end."""
    if _pending.get() is not None:  # an outer block recounts
        yield
        return
    homes: set[int] = set()
    token = _pending.set(homes)
    try:
        yield
    finally:
        _pending.reset(token)
    recount_homes(home_ids=homes)


def requirement_changed(sender, instance: Requirement, **kwargs) -> None:
    """post_save and post_delete of a requirement: recount its home (now, or at the end of
    the enclosing counted_once block)."""
    if Requirement.inspection.is_cached(instance):  # no query when the caller holds it
        home_id = instance.inspection.home_id
    else:
        home_id = (
            Inspection.objects.filter(pk=instance.inspection_id)
            .values_list("home_id", flat=True)
            .first()
        )
    if home_id is None:  # its home is being deleted too: the counts go with it
        return
    pending = _pending.get()
    if pending is not None:
        pending.add(home_id)
    else:
        recount_homes(home_ids=[home_id])

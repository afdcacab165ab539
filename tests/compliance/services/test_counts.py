"""The kept requirement counts equal a fresh recount after every kind of write: an import, a
status change, a resolution by a later inspection and its undoing, an admin edit, and the
deletes of a requirement, an inspection and a home."""

import datetime as dt

import pytest
from django.urls import reverse

from compliance.counts import (
    STATUS_COUNTS,
    compliance_counts,
    compliance_counts_by_regulation,
    compliance_counts_by_regulation_of_homes,
    compliance_counts_of_homes,
    status_count_expressions,
)
from compliance.models import RequirementCounts
from compliance.selectors import homes_with_standing
from compliance.services.counts import counted_once, recount_all
from compliance.services.lifecycle import change_status
from compliance.services.resolution import undo_resolution
from inspections.importer import import_report
from inspections.models import Requirement
from providers.models import Home
from tests.conftest import SAMPLES_DIR
from tests.factories import InspectionFactory, RequirementFactory

MARCH = SAMPLES_DIR / "SC900102_2026-03-10_full.txt"
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"
TODAY = dt.date(2026, 10, 1)


def kept() -> dict:
    """Every kept row, as {(home, regulation): {count: n}}."""
    return {
        (row.pop("home_id"), row.pop("regulation_id")): row
        for row in RequirementCounts.objects.values(
            "home_id", "regulation_id", "total", *STATUS_COUNTS
        )
    }


def recounted() -> dict:
    """The same, counted now from the requirements themselves."""
    from django.db.models import Count, F

    rows = (
        Requirement.objects.order_by()
        .values("regulation_id", home=F("inspection__home_id"))
        .annotate(total=Count("pk"), **status_count_expressions())
    )
    return {(row.pop("home"), row.pop("regulation_id")): row for row in rows}


def assert_kept_counts_true():
    assert kept() == recounted()
    homes = Home.objects.all()
    fresh = compliance_counts(requirements=Requirement.objects.all(), today=TODAY)
    assert compliance_counts_of_homes(homes=homes, today=TODAY) == fresh
    assert compliance_counts_by_regulation_of_homes(
        homes=homes, today=TODAY
    ) == compliance_counts_by_regulation(requirements=Requirement.objects.all(), today=TODAY)


@pytest.fixture
def both_reports(db):
    import_report(path=MARCH)
    import_report(path=SEPTEMBER)
    return Home.objects.get(urn="SC900102")


def test_an_import_is_counted(db):
    import_report(path=MARCH)
    assert RequirementCounts.objects.exists()
    assert_kept_counts_true()


def test_a_later_inspection_resolving_the_earlier_is_counted(both_reports):
    assert Requirement.objects.filter(status="raised_again").exists()
    assert_kept_counts_true()
    # The repeated ones count as repeated while open.
    assert compliance_counts_of_homes(homes=Home.objects.all(), today=TODAY)["repeated_open"] == 2


def test_a_status_change_is_counted(both_reports, world):
    requirement = Requirement.objects.filter(status="open").first()
    change_status(requirement=requirement, user=world.admin, to_status="met", note="Seen")
    assert_kept_counts_true()


def test_undoing_a_resolution_is_counted(both_reports, world):
    resolved = Requirement.objects.filter(status="not_raised_again").first()
    undo_resolution(requirement=resolved, user=world.regulator, note="Not reviewed")
    assert_kept_counts_true()


def test_an_admin_edit_is_counted(both_reports, world, client):
    requirement = Requirement.objects.filter(status="open").first()
    client.force_login(world.admin)
    url = reverse("admin:inspections_requirement_change", args=[requirement.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    # Statuses change only through the lifecycle; the admin may correct the notice flag.
    data["compliance_notice"] = "" if requirement.compliance_notice else "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = Requirement.objects.get(pk=requirement.pk).compliance_notice
    assert changed is not requirement.compliance_notice
    assert_kept_counts_true()


def test_deleting_a_requirement_is_counted(both_reports):
    Requirement.objects.filter(inspection__home=both_reports, status="open").first().delete()
    assert_kept_counts_true()


@pytest.mark.parametrize("what", ["inspection", "home"])
def test_deleting_an_inspection_or_home_is_counted(db, what):
    # (Once a home has history, its inspections are protected; these have none yet.)
    inspection = InspectionFactory()
    RequirementFactory.create_batch(3, inspection=inspection, status="open")
    other = RequirementFactory(status="met")
    assert kept()[(inspection.home_id, inspection.requirements.first().regulation_id)]
    if what == "inspection":
        inspection.delete()
    else:
        inspection.home.delete()
    assert not RequirementCounts.objects.filter(home_id=inspection.home_id).exists()
    assert kept()[(other.inspection.home_id, other.regulation_id)]["met"] == 1
    assert_kept_counts_true()


def test_changes_inside_counted_once_are_recounted_at_its_end(db):
    inspection = InspectionFactory()
    with counted_once():
        for _ in range(3):
            RequirementFactory(inspection=inspection, status="open")
        assert not RequirementCounts.objects.exists()  # not yet: once, at the end
    assert kept()[(inspection.home_id, Requirement.objects.first().regulation_id)]["open"] == 3
    assert_kept_counts_true()


def test_recount_all_repairs_drifted_counts(both_reports):
    RequirementCounts.objects.update(open=99)
    Requirement.objects.filter(status="open").update(status="met")  # no signal
    assert kept() != recounted()
    recount_all()
    assert_kept_counts_true()


def test_homes_with_standing_agree_with_a_recount(both_reports):
    row = homes_with_standing(homes=Home.objects.all(), today=TODAY).get(pk=both_reports.pk)
    fresh = compliance_counts(
        requirements=Requirement.objects.filter(inspection__home=both_reports), today=TODAY
    )
    assert (row.open_count, row.overdue_count) == (fresh["open"], fresh["overdue"])
    assert row.open_count == 3

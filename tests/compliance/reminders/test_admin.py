"""The admin shows the reminder ledger (read-only, filters, search, send failed again) and
flags people who cannot be reminded."""

import datetime as dt

import pytest

from compliance.models import Reminder
from tests.factories import HomeFactory, RequirementFactory

DUE = dt.date(2026, 6, 30)


@pytest.fixture
def ledger(world):
    requirement = RequirementFactory(inspection__home=world.home, due_date=DUE)
    other = RequirementFactory(inspection__home=world.other_home, due_date=DUE)

    def row(requirement, kind, email, status, **fields):
        return Reminder.objects.create(
            requirement=requirement, kind=kind, for_date=DUE, email=email, status=status, **fields
        )

    return {
        "sent": row(requirement, "advance_7", "a@example.org", "sent"),
        "failed": row(
            requirement,
            "overdue_14",
            "b@example.org",
            "failed",
            attempts=5,
            error="SMTPRecipientsRefused: 550",
        ),
        "other": row(other, "overdue_7", "c@example.org", "sent"),
    }


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.admin)
    return client


def changelist(staff_client, query=""):
    response = staff_client.get(f"/admin/compliance/reminder/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_ledger_lists_every_reminder_with_its_error(staff_client, ledger):
    page = changelist(staff_client)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        assert email in page
    assert "SMTPRecipientsRefused: 550" in page


def test_filters_by_status_and_kind_and_search_by_urn_or_address(staff_client, ledger, world):
    page = changelist(staff_client, "?status__exact=failed")
    assert "b@example.org" in page and "a@example.org" not in page
    page = changelist(staff_client, "?family=overdue")
    assert "b@example.org" in page and "c@example.org" in page and "a@example.org" not in page
    page = changelist(staff_client, f"?q={world.other_home.urn}")
    assert "c@example.org" in page and "a@example.org" not in page
    page = changelist(staff_client, "?q=a@example.org")
    assert "a@example.org" in page and "c@example.org" not in page


def test_rows_cannot_be_added_or_deleted_and_failed_ones_can_be_sent_again(staff_client, ledger):
    assert staff_client.get("/admin/compliance/reminder/add/").status_code == 403
    pk = ledger["failed"].pk
    assert staff_client.get(f"/admin/compliance/reminder/{pk}/delete/").status_code == 403
    response = staff_client.post(
        "/admin/compliance/reminder/",
        {"action": "plan_again", "_selected_action": [pk, ledger["sent"].pk]},
    )
    assert response.status_code == 302
    ledger["failed"].refresh_from_db()
    ledger["sent"].refresh_from_db()
    assert (ledger["failed"].status, ledger["failed"].attempts) == ("planned", 0)
    assert ledger["sent"].status == "sent"  # only failed rows are touched


def test_people_admin_flags_who_is_not_being_reminded(staff_client, world):
    rm = world.home.registered_manager
    rm.name, rm.email = "Nomail Manager", ""
    rm.save()
    ri = world.home.responsible_individual
    ri.name = "Hasmail Individual"
    ri.save()
    elsewhere = HomeFactory().registered_manager
    elsewhere.name = "Elsewhere Manager"  # has an email: not flagged
    elsewhere.save()
    response = staff_client.get("/admin/providers/person/?not_reminded=yes")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nomail Manager" in page
    assert "Hasmail Individual" not in page
    assert "Elsewhere Manager" not in page
    full = staff_client.get("/admin/providers/person/").content.decode()
    assert "not reminded" in full.lower()

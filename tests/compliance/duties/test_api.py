"""The duty endpoints: the home's duties, the four resources, scoping as every role, and
history on every write."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compliance.duties.models import Action, Duty, DutyEvent, Notification, Visit
from compliance.duties.rules import add_months, month_end
from compliance.rules import today_in_london
from inspections.importer import import_report
from providers.models import Home
from tests.conftest import SEEDS_DIR
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
DUTIES = "/api/v1/homes/{urn}/duties/"


def by_code(response):
    return {row["code"]: row for row in response.json()["results"]}


def test_sc005045_from_the_seeds_lists_the_reg_44_and_45_duties(client_for, world):
    seed = SEEDS_DIR / "004_4ab334259c92a058.txt"
    if not seed.exists():
        pytest.skip(f"no seed {seed}")
    import_report(path=seed)
    home = Home.objects.get(urn="SC005045")
    today = today_in_london()
    response = client_for(world.regulator).get(DUTIES.format(urn=home.urn))
    assert response.status_code == 200, response.json()
    rows = by_code(response)
    assert rows["reg44_visit"]["regulation"] == 44
    assert rows["reg44_visit"]["paragraph"] == "44(1)"
    assert rows["reg44_visit"]["next_due"] == month_end(today).isoformat()
    assert rows["reg45_review"]["regulation"] == 45
    assert rows["reg45_review"]["next_due"] == today.isoformat()  # none recorded: due now
    assert rows["reg45_review"]["last_done"] is None
    assert rows["reg44_report_hmci"]["verified"] is False
    assert len(response.json()["results"]) == Duty.objects.count()


def test_next_due_follows_what_was_recorded(client_for, world, record_review):
    today = today_in_london()
    record_review(
        period_start=today - dt.timedelta(days=180),
        period_end=today - dt.timedelta(days=1),
        today=today,
    )
    rows = by_code(client_for(world.manager).get(DUTIES.format(urn=world.home.urn)))
    assert rows["reg45_review"]["next_due"] == add_months(today - dt.timedelta(1), 6).isoformat()
    assert rows["reg45_report_hmci"]["next_due"] == (today + dt.timedelta(27)).isoformat()
    assert rows["reg45_report_hmci"]["state"] == "upcoming"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("manager", True),
        ("responsible_individual", True),
        ("registered_manager", True),
        ("regulator", True),
        ("admin", True),
        ("outsider", False),
    ],
)
def test_scoping_as_every_role(client_for, world, record_visit, role, sees):
    visit = record_visit(
        independent_person="Ann Visitor",
        recommendations=["Review the missing-from-care log weekly"],
    )
    client = client_for(getattr(world, role))
    duties = client.get(DUTIES.format(urn=world.home.urn))
    detail = client.get(f"/api/v1/duty-visits/{visit.pk}/")
    listed = client.get("/api/v1/duty-visits/").json()["results"]
    actions = client.get("/api/v1/duty-actions/").json()["results"]
    if sees:
        assert duties.status_code == 200 and detail.status_code == 200
        assert [v["id"] for v in listed] == [visit.pk]
        assert len(actions) == 1
    else:
        assert duties.status_code == 404 and detail.status_code == 404
        assert listed == [] and actions == []


def test_anonymous_gets_401(client_for, world):
    assert client_for().get(DUTIES.format(urn=world.home.urn)).status_code == 401


def test_nobody_sees_another_providers_visits(client_for, world, record_visit):
    record_visit(home=world.other_home, user=_staff_of_other(world), independent_person="B")
    assert client_for(world.manager).get("/api/v1/duty-visits/").json()["results"] == []
    response = client_for(world.manager).get(DUTIES.format(urn=world.other_home.urn))
    assert response.status_code == 404


def _staff_of_other(world):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="elm-manager")
    MembershipFactory(user=user, provider=world.other_provider)
    return user


@pytest.mark.parametrize("role", ["manager", "registered_manager", "responsible_individual"])
def test_provider_staff_record_a_visit_with_its_report_and_history(client_for, world, role):
    today = today_in_london()
    report = SimpleUploadedFile("visit.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client_for(getattr(world, role)).post(
        "/api/v1/duty-visits/",
        {
            "home": world.home.urn,
            "visit_date": today.isoformat(),
            "independent_person": "Ann Visitor",
            "report_file": report,
            "recommendations": ["Train staff on restraint records", "Fix the fire door"],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    visit = Visit.objects.get(pk=response.json()["id"])
    assert visit.report_name == "visit.pdf" and visit.report.read() == b"%PDF-1.4 report"
    assert visit.actions.count() == 2
    events = DutyEvent.objects.filter(home=world.home)
    assert events.filter(record_type="visit", kind="created").count() == 1
    assert events.filter(record_type="action", kind="created").count() == 2
    assert set(events.values_list("actor", flat=True)) == {getattr(world, role).pk}


@pytest.mark.parametrize("role", ["regulator", "admin"])
def test_readers_cannot_write(client_for, world, role):
    response = client_for(getattr(world, role)).post(
        "/api/v1/duty-visits/",
        {"home": world.home.urn, "visit_date": "2025-01-01", "independent_person": "X"},
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_outsider_cannot_write_to_a_home_they_cannot_see(client_for, world):
    response = client_for(world.outsider).post(
        "/api/v1/duty-visits/",
        {"home": world.home.urn, "visit_date": "2025-01-01", "independent_person": "X"},
    )
    assert response.status_code == 400
    assert "home" in response.json()["fields"]
    assert not Visit.objects.exists()


def test_bad_input_names_the_field(client_for, world):
    today = today_in_london()
    response = client_for(world.manager).post(
        "/api/v1/duty-visits/",
        {
            "home": world.home.urn,
            "visit_date": today.isoformat(),
            "independent_person": "A",
            "sent_to_ofsted_on": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "sent_to_ofsted_on": ["A report cannot be sent before the visit."]
    }
    bad_file = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(world.manager).post(
        "/api/v1/duty-visits/",
        {
            "home": world.home.urn,
            "visit_date": today.isoformat(),
            "independent_person": "A",
            "report_file": bad_file,
        },
        format="multipart",
    )
    assert response.status_code == 400 and "report" in response.json()["fields"]
    assert not Visit.objects.exists()


def test_patch_records_the_report_sent_and_history(client_for, world, record_visit):
    today = today_in_london()
    visit = record_visit(today=today)
    response = client_for(world.manager).patch(
        f"/api/v1/duty-visits/{visit.pk}/", {"sent_to_ofsted_on": today.isoformat()}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["sent_to_ofsted_on"] == today.isoformat()
    assert DutyEvent.objects.filter(record_type="visit", kind="updated").count() == 1
    refused = client_for(world.manager).patch(
        f"/api/v1/duty-visits/{visit.pk}/", {"visit_date": "2020-01-01"}
    )
    assert refused.status_code == 400 and "visit_date" in refused.json()["fields"]


def test_notification_with_its_parties(client_for, world):
    now = timezone.now()
    response = client_for(world.manager).post(
        "/api/v1/duty-notifications/",
        {
            "home": world.home.urn,
            "duty": "reg40_referral",
            "description": "Staff member referred to the DBS",
            "happened_at": (now - dt.timedelta(hours=30)).isoformat(),
            "hmci_notified_at": (now - dt.timedelta(hours=29)).isoformat(),
        },
    )
    assert response.status_code == 201, response.json()
    parties = {p["party"]: p for p in response.json()["parties"]}
    assert parties["hmci"]["late"] is False and parties["hmci"]["outstanding"] is False
    assert parties["placing_authority"]["outstanding"] and parties["placing_authority"]["late"]
    rows = by_code(client_for(world.manager).get(DUTIES.format(urn=world.home.urn)))
    assert rows["reg40_referral"]["state"] == "overdue"
    assert rows["reg40_referral"]["late"] == 1
    assert Notification.objects.count() == 1


def test_actions_move_through_the_lifecycle_with_history_and_evidence(
    client_for, world, record_review
):
    today = today_in_london()
    owner = PersonFactory(provider=world.provider)
    record_review(
        period_start=today - dt.timedelta(days=100),
        period_end=today,
        today=today,
        actions=["Refresh the behaviour policy"],
        actions_due=today + dt.timedelta(days=10),
    )
    action = Action.objects.get()
    client = client_for(world.manager)
    response = client.patch(
        f"/api/v1/duty-actions/{action.pk}/",
        {"status": "in_progress", "owner": owner.pk, "note": "Started"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["due_state"] == "due_soon"
    evidence = SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy", content_type="application/pdf")
    response = client.patch(
        f"/api/v1/duty-actions/{action.pk}/",
        {"status": "met", "evidence_file": evidence},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "met"
    kinds = list(action.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("created", "", ""),
        ("status", "open", "in_progress"),
        ("owner", "", ""),
        ("status", "in_progress", "met"),
        ("evidence", "", ""),
    ]
    refused = client.patch(f"/api/v1/duty-actions/{action.pk}/", {"status": "open"})
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
    reader = client_for(world.regulator).patch(f"/api/v1/duty-actions/{action.pk}/", {"note": "x"})
    assert reader.status_code == 403


def test_history_is_append_only(record_visit):
    record_visit()
    from compliance.models import AppendOnlyError

    event = DutyEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        DutyEvent.objects.all().delete()


def test_filters_and_pagination(client_for, world, record_visit):
    today = today_in_london()
    for days in (0, 40, 80):
        record_visit(visit_date=today - dt.timedelta(days=days), today=today)
    client = client_for(world.manager)
    since = (today - dt.timedelta(days=50)).isoformat()
    response = client.get(
        "/api/v1/duty-visits/", {"visited_from": since, "page_size": 1, "count": "true"}
    )
    body = response.json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    assert client.get("/api/v1/duty-visits/", {"page": "x"}).status_code == 400


def test_duty_records_are_in_the_changes_feed_for_those_who_see_them(
    client_for, world, settings, record_visit
):
    settings.API_CHANGES_DELAY_SECONDS = 0
    visit = record_visit()
    response = client_for(world.regulator).get("/api/v1/changes/", {"kind": "duty_visit"})
    assert response.status_code == 200, response.json()
    (item,) = response.json()["results"]
    assert item["id"] == str(visit.pk) and item["url"].endswith(f"/duty-visits/{visit.pk}/")
    outsider = client_for(world.outsider).get("/api/v1/changes/", {"kind": "duty_visit"})
    assert outsider.json()["results"] == []


def test_the_database_refuses_to_rewrite_duty_history(record_visit):
    from django.db import DatabaseError, connection, transaction

    record_visit()
    for sql in ("UPDATE duties_dutyevent SET note = 'x'", "DELETE FROM duties_dutyevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert DutyEvent.objects.count() == 1


def test_an_action_cannot_be_given_another_providers_person(client_for, world, record_visit):
    record_visit(recommendations=["x"])
    action = Action.objects.get()
    stranger = PersonFactory(provider=world.other_provider)
    response = client_for(world.manager).patch(
        f"/api/v1/duty-actions/{action.pk}/", {"owner": stranger.pk}
    )
    assert response.status_code == 400 and "owner" in response.json()["fields"]
    assert Action.objects.get().owner is None

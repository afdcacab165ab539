"""The duty pages: the home's monitoring section, recording a visit, the catalogue, the
dashboard counts and the regulators' gaps (paginated with fixed query counts)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.duties.models import Visit
from compliance.rules import today_in_london
from tests.factories import HomeFactory

pytestmark = pytest.mark.django_db


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "status", "can_record"),
    [
        ("manager", 200, True),
        ("registered_manager", 200, True),
        ("responsible_individual", 200, True),
        ("regulator", 200, False),
        ("outsider", 404, False),
    ],
)
def test_home_page_monitoring_section_by_role(world, role, status, can_record):
    response = client_as(getattr(world, role)).get(f"/homes/{world.home.urn}/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Monitoring duties" in html and "Regulation 44(1)" in html
        assert ("Record a visit" in html) is can_record
    record = client_as(getattr(world, role)).get(f"/duties/homes/{world.home.urn}/visits/new/")
    assert record.status_code == (200 if can_record else 404 if status == 404 else 403)


def test_recording_a_visit_on_the_page(world):
    today = today_in_london()
    client = client_as(world.manager)
    url = f"/duties/homes/{world.home.urn}/visits/new/"
    bad = client.post(url, {"visit_date": "31/02/2026", "independent_person": ""})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    assert not Visit.objects.exists()
    response = client.post(
        url,
        {
            "visit_date": today.strftime("%d/%m/%Y"),
            "independent_person": "Ann Visitor",
            "recommendations": "Check the fire doors\n\nUpdate the missing log",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "recorded" in html and "Ann Visitor" in html
    visit = Visit.objects.get()
    assert visit.actions.count() == 2
    assert "Check the fire doors" in html


def test_catalogue_page_shows_sources_and_unverified_rules(world):
    html = client_as(world.regulator).get("/duties/").content.decode()
    assert "https://www.legislation.gov.uk/uksi/2015/541/regulation/45/made" in html
    assert "Unverified" in html and "45(4)(a)" in html


def test_dashboard_counts_duties_beside_requirements(world, record_review):
    today = today_in_london()
    record_review(
        period_start=today - dt.timedelta(days=200),
        period_end=today - dt.timedelta(days=200),
        today=today,
        actions=["Late action"],
        actions_due=today - dt.timedelta(days=1),
    )
    html = client_as(world.manager).get("/").content.decode()
    assert "duties overdue" in html
    # The review is over 6 months old (overdue), its report is unsent past 28 days
    # (overdue) and its action is overdue: 3.
    assert '<span class="count__number">3</span><span class="count__label">duties overdue' in html


def test_gaps_are_for_regulators_and_paginated_with_fixed_queries(world, settings, record_visit):
    settings.DASHBOARD_PAGE_SIZE = 5
    record_visit()
    assert client_as(world.manager).get("/duties/gaps/").status_code == 403
    regulator = client_as(world.regulator)
    html = regulator.get("/duties/gaps/").content.decode()
    assert world.other_home.urn in html and world.home.urn not in html

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert regulator.get("/duties/gaps/").status_code == 200
        return len(ctx)

    few = queries()
    for n in range(12):
        HomeFactory(urn=f"SC9{n:05d}")
    assert queries() == few
    assert "Page 1 of 3" in regulator.get("/duties/gaps/").content.decode()


def test_recording_a_review_and_a_serious_event_on_the_pages(world):
    from compliance.duties.models import Notification, Review

    today = today_in_london()
    client = client_as(world.manager)
    base = f"/duties/homes/{world.home.urn}"
    bad = client.post(
        f"{base}/reviews/new/",
        {
            "period_start": "01/06/2026",
            "period_end": "01/01/2026",
            "completed_on": today.strftime("%d/%m/%Y"),
        },
    )
    assert "The period must end on or after its start." in bad.content.decode()
    assert not Review.objects.exists()
    response = client.post(
        f"{base}/reviews/new/",
        {
            "period_start": (today - dt.timedelta(days=180)).strftime("%d/%m/%Y"),
            "period_end": today.strftime("%d/%m/%Y"),
            "completed_on": today.strftime("%d/%m/%Y"),
            "actions": "Refresh the behaviour policy",
        },
        follow=True,
    )
    assert "recorded" in response.content.decode()
    assert Review.objects.get().actions.count() == 1
    happened = timezone.localtime() - dt.timedelta(hours=3)
    response = client.post(
        f"{base}/notifications/new/",
        {
            "duty": "reg40_police",
            "description": "Police called after an assault",
            "happened_at": happened.strftime("%d/%m/%Y %H:%M"),
            "hmci_notified_at": (happened + dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Serious event recorded." in html and "Police called after an assault" in html
    notification = Notification.objects.get()
    assert notification.duty_id == "reg40_police" and notification.hmci_notified_at
    assert client_as(world.regulator).get(f"{base}/notifications/new/").status_code == 403


def test_duty_counts_add_up_each_part(world, record_visit, record_review):
    from compliance.duties.selectors import duty_counts
    from providers.models import Home

    today = dt.date(2026, 12, 10)
    record_visit(
        visit_date=dt.date(2026, 12, 3),  # this month, report unsent: due soon
        today=today,
        recommendations=["Soon"],
        actions_due=today + dt.timedelta(days=5),  # due soon
    )
    record_visit(visit_date=dt.date(2026, 11, 3), today=today)  # last month, unsent: overdue
    record_review(
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 11, 19),
        completed_on=dt.date(2026, 11, 20),  # report due 18 December: soon
        today=today,
    )
    counts = duty_counts(homes=Home.objects.filter(pk=world.home.pk), today=today)
    assert (counts.overdue, counts.due_soon) == (1, 3)
    # The other home has no review at all: one overdue review.
    both = duty_counts(homes=Home.objects.all(), today=today)
    assert (both.overdue, both.due_soon) == (2, 3)


def test_acting_on_an_action_on_its_page(world, record_visit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from compliance.duties.models import Action

    record_visit(independent_person="Ann", recommendations=["Check the fire doors"])
    action = Action.objects.get()
    url = f"/duties/actions/{action.pk}/"
    assert client_as(world.outsider).get(url).status_code == 404
    regulator = client_as(world.regulator).get(url)
    assert regulator.status_code == 200 and "Update the action" not in regulator.content.decode()
    assert client_as(world.regulator).post(url, {"note": "x"}).status_code == 403
    client = client_as(world.registered_manager)
    response = client.post(
        url,
        {
            "status": "action_completed",
            "note": "Doors adjusted",
            "evidence": SimpleUploadedFile("doors.pdf", b"%PDF-1.4 doors"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Action updated." in html and "Doors adjusted" in html and "doors.pdf" in html
    assert Action.objects.get().status == "action_completed"
    evidence = action.evidence.get()
    download = client.get(f"/duties/action-evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 doors"
    assert (
        client_as(world.outsider).get(f"/duties/action-evidence/{evidence.pk}/").status_code == 404
    )
    bad = client.post(url, {"status": "open"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()


def test_notification_times_are_recorded_later_by_provider_staff(world):
    from compliance.duties.models import DutyEvent, Notification

    client = client_as(world.manager)
    happened = timezone.localtime() - dt.timedelta(hours=5)
    client.post(
        f"/duties/homes/{world.home.urn}/notifications/new/",
        {
            "duty": "reg40_police",
            "description": "Police called after an assault",
            "happened_at": happened.strftime("%d/%m/%Y %H:%M"),
            "hmci_notified_at": (happened + dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M"),
        },
    )
    notification = Notification.objects.get()
    url = f"/duties/notifications/{notification.pk}/times/"
    home_page = client.get(f"/homes/{world.home.urn}/").content.decode()
    assert url in home_page  # the monitoring section links to it
    form = client.get(url).context["form"]
    assert form.initial["hmci_notified_at"] == notification.hmci_notified_at
    moment = (happened + dt.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M")
    too_early = (happened - dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    kept = (happened + dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    refused = client.post(url, {"hmci_notified_at": kept, "police_notified_at": too_early})
    assert "between the event and now" in refused.content.decode()
    assert refused.context["form"]["police_notified_at"].value() == too_early  # kept as typed
    response = client.post(
        url, {"hmci_notified_at": kept, "police_notified_at": moment}, follow=True
    )
    assert "Notification times recorded." in response.content.decode()
    notification.refresh_from_db()
    assert notification.police_notified_at and notification.hmci_notified_at
    assert (
        DutyEvent.objects.filter(record_type="notification", record_id=notification.pk).count() == 2
    )
    # Regulators read; outsiders see nothing.
    assert client_as(world.regulator).post(url, {"police_notified_at": ""}).status_code == 403
    assert client_as(world.outsider).get(url).status_code == 404

"""A requirement's page: what it says and where it stands, its history and evidence, and
the status and evidence forms by role, through the lifecycle service."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import Evidence, RequirementEvent
from inspections.models import Regulation, RequirementStatus
from tests.compliance.web.conftest import grow
from tests.factories import InspectionFactory, ReminderFactory, RequirementFactory


@pytest.fixture
def requirement(world, today):
    return RequirementFactory(
        inspection=InspectionFactory(home=world.home),
        regulation=Regulation.objects.get(number=12),
        citation="Regulation 12(1)(2)(a)(i)",
        text="Keep each child safe.",
        detail="Risk assessments were out of date.",
        due_date=today - dt.timedelta(days=3),
    )


def url(requirement):
    return reverse("requirement-detail", kwargs={"pk": requirement.pk})


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def test_shows_citation_title_text_detail_and_days_over(client, world, requirement):
    client.force_login(world.manager)

    html = client.get(url(requirement)).content.decode()

    assert "Regulation 12(1)(2)(a)(i)" in html
    assert Regulation.objects.get(number=12).title in html
    assert "Keep each child safe." in html and "Risk assessments were out of date." in html
    assert "3 days overdue" in html and "Overdue" in html


def test_shows_days_left_before_the_due_date(client, world, today):
    requirement = RequirementFactory(
        inspection=InspectionFactory(home=world.home), due_date=today + dt.timedelta(days=1)
    )
    client.force_login(world.manager)

    assert "1 day left" in client.get(url(requirement)).content.decode()


def test_provider_staff_see_their_steps_and_the_evidence_form(client, world, requirement):
    client.force_login(world.manager)

    response = client.get(url(requirement))

    choices = [value for value, _ in response.context["status_form"].fields["to_status"].choices]
    assert choices == ["in_progress", "action_completed"]
    assert response.context["evidence_form"] is not None


def test_regulators_see_confirmation_steps_only(client, world, requirement):
    client.force_login(world.regulator)

    response = client.get(url(requirement))

    choices = [value for value, _ in response.context["status_form"].fields["to_status"].choices]
    assert choices == ["met", "not_met"]
    assert response.context["evidence_form"] is None


def test_a_closed_requirement_offers_provider_staff_no_form(client, world, requirement):
    requirement.status = RequirementStatus.MET
    requirement.save()
    client.force_login(world.responsible_individual)

    response = client.get(url(requirement))

    assert response.context["status_form"] is None
    assert "Move the status" not in response.content.decode()


def test_moving_the_status_with_evidence(client, world, requirement):
    client.force_login(world.manager)
    owner = world.home.registered_manager

    response = client.post(
        url(requirement),
        {
            "action": "status",
            "to_status": "action_completed",
            "owner": owner.pk,
            "note": "New risk assessments written.",
            "files": [pdf("plan.pdf"), pdf("log.pdf")],
        },
    )

    assert response.status_code == 302 and response["Location"] == url(requirement)
    requirement.refresh_from_db()
    assert requirement.status == "action_completed" and requirement.owner == owner
    event = requirement.events.get(kind="status")
    assert (event.from_status, event.to_status) == ("open", "action_completed")
    assert sorted(e.original_name for e in event.files.all()) == ["log.pdf", "plan.pdf"]
    page = client.get(url(requirement)).content.decode()
    assert "Status changed to Action completed." in page
    assert "New risk assessments written." in page and "plan.pdf" in page


def test_errors_keep_what_the_user_typed(client, world, requirement):
    client.force_login(world.manager)

    response = client.post(
        url(requirement),
        {"action": "status", "to_status": "action_completed", "note": "Half done, I think."},
    )

    assert response.status_code == 200
    form = response.context["status_form"]
    # The service's error is put on the field it names.
    assert form.errors["files"] == ["Attach at least one evidence file."]
    html = response.content.decode()
    assert "Half done, I think." in html
    assert re.search(r'<input type="radio"[^>]*value="action_completed"[^>]*checked', html)
    assert "There is a problem" in html and "Error: " in html
    assert requirement.events.count() == 0


def test_missing_fields_are_named(client, world, requirement):
    client.force_login(world.manager)

    response = client.post(url(requirement), {"action": "status"})

    errors = response.context["status_form"].errors
    assert errors["to_status"] == ["Choose the new status."]
    assert errors["note"] == ["Write a note of what was done or is planned."]


def test_every_problem_shows_at_once(client, world, requirement):
    """The service's rules beside the form's own: no note and no owner to start work, or no
    note and no evidence to complete it, are named together on the first post."""
    client.force_login(world.manager)
    errors = client.post(url(requirement), {"action": "status", "to_status": "in_progress"})
    errors = errors.context["status_form"].errors
    assert errors["note"] == ["Write a note of what was done or is planned."]
    assert errors["owner"] == ["Name an owner before starting work."]

    done = {"action": "status", "to_status": "action_completed"}
    errors = client.post(url(requirement), done).context["status_form"].errors
    assert errors["note"] and errors["files"] == ["Attach at least one evidence file."]
    page = client.post(url(requirement), done).content.decode()
    assert page.count("<li><a href=") >= 2  # both in the summary, each linked to its field
    assert 'tabindex="-1" autofocus' in page  # the summary takes the focus


def test_a_bad_evidence_file_is_refused_on_its_field(client, world, requirement):
    client.force_login(world.manager)
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post(
        url(requirement),
        {
            "action": "status",
            "to_status": "in_progress",
            "owner": world.home.registered_manager.pk,
            "note": "Plan.",
            "files": [fake],
        },
    )

    assert response.context["status_form"].errors["files"] == [
        "report.pdf does not look like a pdf file."
    ]
    assert "Browsers do not keep chosen files" in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.status == "open"


def test_a_step_the_role_may_not_take_is_refused(client, world, requirement):
    client.force_login(world.manager)

    response = client.post(
        url(requirement), {"action": "status", "to_status": "met", "note": "Done."}
    )

    assert "to_status" in response.context["status_form"].errors
    requirement.refresh_from_db()
    assert requirement.status == "open"


def test_adding_evidence_without_a_status_change(client, world, requirement):
    client.force_login(world.registered_manager)

    response = client.post(
        url(requirement), {"action": "evidence", "files": [pdf()], "note": "Signed plan."}
    )

    assert response.status_code == 302
    assert requirement.evidence.get().original_name == "plan.pdf"
    assert requirement.events.get().kind == RequirementEvent.Kind.EVIDENCE


def test_regulators_confirm_but_are_offered_no_owner_or_evidence(client, world, requirement):
    from django.utils.html import escape

    from compliance.services.lifecycle import STAFF_ONLY

    client.force_login(world.regulator)
    before = requirement.status
    form = client.get(url(requirement)).context["status_form"]
    assert "owner" not in form.fields and "files" not in form.fields
    crafted = {
        "action": "status",
        "to_status": "met",
        "note": "Seen at the visit",
        "owner": str(world.home.registered_manager.pk),
    }
    response = client.post(url(requirement), crafted)
    assert response.status_code == 200
    assert escape(STAFF_ONLY) in response.content.decode()  # the message the API gives
    assert response.context["status_form"]["note"].value() == "Seen at the visit"
    requirement.refresh_from_db()
    assert requirement.status == before and requirement.owner_id is None


def test_regulators_cannot_post_evidence(client, world, requirement):
    client.force_login(world.regulator)

    response = client.post(url(requirement), {"action": "evidence", "files": [pdf()]})

    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_outside_scope_is_404(client, world, requirement):
    client.force_login(world.outsider)
    assert client.get(url(requirement)).status_code == 404
    assert client.post(url(requirement), {"action": "status"}).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed(client, world, size, django_assert_num_queries):
    made = grow(world.home, inspections=1, requirements=1)
    requirement = made[0]
    for n in range(size * 5):
        event = RequirementEvent.objects.create(
            requirement=requirement, kind="evidence", actor_name="Test", note=f"Note {n}"
        )
        Evidence.objects.create(
            requirement=requirement,
            event=event,
            file=f"evidence/{requirement.pk}/{n}.txt",
            original_name=f"{n}.txt",
            content_type="text/plain",
            size=1,
            sha256="0" * 64,
        )
        ReminderFactory(requirement=requirement, kind=f"overdue_{7 * (n + 1)}")
    client.force_login(world.manager)
    # + the count and page of its reminders
    with django_assert_num_queries(14):
        response = client.get(url(requirement))
    assert len(response.context["history_rows"]) == min(size * 5 + 1, 25)
    assert len(response.context["evidence"].items) == min(size * 5 + 1, 25)
    assert len(response.context["reminder_rows"]) == min(size * 5, 25)


def test_a_regulator_confirms_through_the_form_without_owner_or_evidence(
    client, world, requirement
):
    requirement.status = RequirementStatus.ACTION_COMPLETED
    requirement.save()
    client.force_login(world.regulator)
    response = client.post(
        url(requirement), {"action": "status", "to_status": "met", "note": "Seen at the visit"}
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.MET


def test_the_page_shows_who_was_reminded_and_when(client, world, requirement):
    from django.utils import timezone

    sent = ReminderFactory(
        requirement=requirement, kind="advance_7", status="sent", sent_at=timezone.now()
    )
    ReminderFactory(requirement=requirement, kind="escalation_14", email="boss@example.org")
    client.force_login(world.regulator)
    html = client.get(url(requirement)).content.decode()
    assert "Reminders" in html and sent.email in html and "boss@example.org" in html
    assert "7 days before" in html and "Escalation at 14 days overdue" in html
    assert "Sent" in html and "Planned" in html
    client.force_login(world.outsider)
    assert client.get(url(requirement)).status_code == 404  # nobody else sees the addresses


def test_a_note_posted_after_the_session_ended_is_back_after_sign_in(client, world, requirement):
    typed = "Risk assessments rewritten for both children; training booked for May."
    post = {"action": "status", "to_status": "in_progress", "note": typed}
    response = client.post(url(requirement), post)  # nobody signed in: the session had ended
    assert response.status_code == 302 and response["Location"].startswith("/signin/?next=")
    assert (
        "Sign in, and what you typed will be back"
        in client.get(response["Location"]).content.decode()
    )
    client.force_login(world.manager)  # signing in keeps the session's data

    page = client.get(url(requirement))
    html = page.content.decode()
    assert typed in html  # in the note box, to check and send again
    assert 'value="in_progress" checked' in html or 'value="in_progress" id' in html
    assert "What you typed before signing in is back in the form" in html
    assert requirement.events.count() == 0  # nothing was saved on the user's behalf
    assert typed not in client.get(url(requirement)).content.decode()  # given back once


def test_a_kept_post_is_only_given_back_on_its_own_page(client, world, requirement):
    other = RequirementFactory(inspection=requirement.inspection, sequence=99)
    client.post(url(requirement), {"action": "status", "note": "For the first one."})
    client.force_login(world.manager)
    assert "For the first one." not in client.get(url(other)).content.decode()
    assert "For the first one." in client.get(url(requirement)).content.decode()

"""Writes through the API: provider staff move requirements through the lifecycle with a
note and evidence; regulators confirm; every refusal is a 400 naming the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance.models import Evidence, RequirementEvent
from compliance.services.lifecycle import STAFF_ONLY
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def pdf(name="fire drill log.pdf", content=b"%PDF-1.4 evidence"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def status_url(requirement):
    return f"/api/v1/requirements/{requirement.pk}/status/"


def test_the_whole_journey_through_the_api(world, findings, client_for):
    requirement = findings.due_soon
    owner = world.home.registered_manager
    manager = client_for(world.manager)
    started = manager.post(
        status_url(requirement),
        {"to_status": "in_progress", "note": "Retrain staff by Friday", "owner": owner.pk},
    )
    assert started.status_code == 200, started.content
    body = started.json()
    assert body["status"] == "in_progress"
    assert body["owner"] == {"id": owner.pk, "name": owner.name}
    assert [s["to_status"] for s in body["allowed_steps"]] == ["action_completed"]

    completed = client_for(world.responsible_individual).post(
        status_url(requirement),
        {"to_status": "action_completed", "note": "Training done", "files": [pdf()]},
        format="multipart",
    )
    assert completed.status_code == 200, completed.content
    evidence = completed.json()["evidence"]
    assert [e["original_name"] for e in evidence] == ["fire drill log.pdf"]

    confirmed = client_for(world.regulator).post(
        status_url(requirement), {"to_status": "MET".lower(), "note": "Seen at visit"}
    )
    assert confirmed.status_code == 200
    history = [(h["kind"], h["from_status"], h["to_status"]) for h in confirmed.json()["history"]]
    assert history == [
        ("owner", "", ""),
        ("status", "open", "in_progress"),
        ("status", "in_progress", "action_completed"),
        ("status", "action_completed", "met"),
    ]
    assert confirmed.json()["history"][2]["files"][0]["original_name"] == "fire drill log.pdf"
    requirement.refresh_from_db()
    assert requirement.status == "met"


@pytest.mark.parametrize(
    ("role", "data", "field"),
    [
        ("manager", {"to_status": "in_progress", "note": "Plan"}, "owner"),
        ("manager", {"to_status": "action_completed", "note": "Done"}, "files"),
        ("manager", {"to_status": "in_progress", "note": "  ", "owner": 1}, "note"),
        ("manager", {"to_status": "met", "note": "We think it is met"}, "to_status"),
        ("regulator", {"to_status": "in_progress", "note": "x"}, "to_status"),
        ("manager", {"to_status": "closed", "note": "x"}, "to_status"),
        ("manager", {"note": "x"}, "to_status"),
        ("manager", {"to_status": "in_progress", "note": "x", "owner": "abc"}, "owner"),
    ],
)
def test_each_refusal_names_the_field_and_changes_nothing(
    world, findings, client_for, role, data, field
):
    requirement = findings.due_soon
    if data.get("owner") == 1:
        data = {**data, "owner": world.home.registered_manager.pk}
    response = client_for(getattr(world, role)).post(status_url(requirement), data)
    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [field]
    requirement.refresh_from_db()
    assert requirement.status == "open"
    assert not RequirementEvent.objects.exists()


def test_the_owner_must_work_for_the_homes_provider(world, findings, client_for):
    stranger = PersonFactory(provider=world.other_provider)
    response = client_for(world.manager).post(
        status_url(findings.due_soon),
        {"to_status": "in_progress", "note": "Plan", "owner": stranger.pk},
    )
    assert response.status_code == 400
    assert response.json()["fields"]["owner"] == [
        "No person with this id works for this home's provider."
    ]


def test_bad_evidence_is_refused_by_name_and_nothing_is_stored(world, findings, client_for):
    response = client_for(world.manager).post(
        f"/api/v1/requirements/{findings.due_soon.pk}/evidence/",
        {"files": [pdf("virus.exe", b"MZ...")], "note": "x"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "virus.exe" in response.json()["fields"]["files"][0]
    assert not Evidence.objects.exists()
    assert not RequirementEvent.objects.exists()


def test_evidence_added_without_a_status_change_and_downloaded_by_those_in_scope(
    world, findings, client_for
):
    requirement = findings.due_soon
    added = client_for(world.registered_manager).post(
        f"/api/v1/requirements/{requirement.pk}/evidence/",
        {"files": [pdf(), pdf("rota.csv", b"day,name\nMon,Sam\n")], "note": "Drill log"},
        format="multipart",
    )
    assert added.status_code == 201, added.content
    files = added.json()["evidence"]
    assert [f["original_name"] for f in files] == ["fire drill log.pdf", "rota.csv"]
    assert added.json()["status"] == "open"
    url = files[0]["url"]
    download = client_for(world.regulator).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    assert 'filename="fire drill log.pdf"' in download["Content-Disposition"]
    assert client_for(world.outsider).get(url).status_code == 404
    other = f"/api/v1/requirements/{findings.elsewhere.pk}/evidence/{files[0]['id']}/"
    assert client_for(world.admin).get(other).status_code == 404


def test_regulators_do_not_add_evidence(world, findings, client_for):
    response = client_for(world.regulator).post(
        f"/api/v1/requirements/{findings.due_soon.pk}/evidence/",
        {"files": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"files": [STAFF_ONLY]}


@pytest.mark.parametrize("extra", ["owner", "files"])
def test_regulators_confirm_but_neither_set_an_owner_nor_attach_evidence(
    world, findings, client_for, extra
):
    """Read-only on provider data: the status endpoint refuses what the evidence one does."""
    data = {"to_status": "met", "note": "Seen at visit"}
    if extra == "owner":
        data["owner"] = world.home.registered_manager.pk
    else:
        data["files"] = [pdf()]
    response = client_for(world.regulator).post(
        status_url(findings.awaiting), data, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {extra: [STAFF_ONLY]}
    findings.awaiting.refresh_from_db()
    assert findings.awaiting.status == "action_completed"
    assert not findings.awaiting.events.exists()


def test_an_evidence_upload_without_files_is_a_400_on_files(world, findings, client_for):
    response = client_for(world.manager).post(
        f"/api/v1/requirements/{findings.due_soon.pk}/evidence/", {}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["files"]


def test_reads_only_for_everything_else(world, findings, client_for):
    client = client_for(world.admin)
    assert client.delete(f"/api/v1/requirements/{findings.due_soon.pk}/").status_code == 405
    assert client.put(f"/api/v1/homes/{world.home.urn}/", {}).status_code == 405
    assert client.post("/api/v1/homes/", {}).status_code == 405

"""Report import by upload: parse, preview (nothing saved), commit; regulators and staff only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Inspection, Requirement, SourceDocument
from providers.models import Home
from tests.conftest import SAMPLES_DIR

pytestmark = pytest.mark.django_db

MARCH = SAMPLES_DIR / "SC900102_2026-03-10_full.txt"
SEPTEMBER = SAMPLES_DIR / "SC900102_2026-09-15_full.txt"


def upload(path=MARCH, content=None, name=None):
    data = path.read_bytes() if content is None else content
    return SimpleUploadedFile(name or path.name, data, content_type="text/plain")


def post(client, url, file):
    return client.post(url, {"file": file}, format="multipart")


def test_preview_says_what_would_happen_and_saves_nothing(world, client_for):
    response = post(client_for(world.regulator), "/api/v1/imports/preview/", upload())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["committed"] is False
    assert body["outcome"] == "created"
    assert body["urn"] == "SC900102"
    assert body["inspection"] is None
    assert body["counts"]["requirements created"] > 0
    assert not Home.objects.filter(urn="SC900102").exists()
    assert not SourceDocument.objects.exists()


def test_commit_imports_once_and_a_second_time_changes_nothing(world, client_for):
    client = client_for(world.admin)
    first = post(client, "/api/v1/imports/", upload())
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["committed"] is True
    inspection = Inspection.objects.get(home__urn="SC900102", known_from_history_only=False)
    assert body["inspection"].endswith(f"/api/v1/inspections/{inspection.pk}/")
    requirements = Requirement.objects.count()
    assert requirements == body["counts"]["requirements created"]
    again = post(client, "/api/v1/imports/", upload())
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert Requirement.objects.count() == requirements


def test_the_preview_of_a_later_report_lists_what_it_would_resolve(world, client_for):
    client = client_for(world.regulator)
    assert post(client, "/api/v1/imports/", upload(MARCH)).status_code == 201
    preview = post(client, "/api/v1/imports/preview/", upload(SEPTEMBER)).json()
    lines = preview["resolutions"]
    assert len(lines) == 3, preview
    assert sum(x.endswith("closed as not met") for x in lines) == 2
    assert sum(" not raised again at the full inspection of 15/09/2026" in x for x in lines) == 1
    # A preview saves nothing: the March requirements are still open.
    statuses = Requirement.objects.filter(inspection__start_date="2026-03-10")
    assert set(statuses.values_list("status", flat=True)) == {"open"}


def test_a_file_that_is_not_a_report_is_a_400_naming_it(world, client_for):
    response = post(
        client_for(world.regulator),
        "/api/v1/imports/preview/",
        upload(content=b"Shopping list: eggs, milk\n", name="shopping.txt"),
    )
    assert response.status_code == 400
    message = response.json()["fields"]["file"][0]
    assert message.startswith("shopping.txt: ")
    assert not SourceDocument.objects.exists()


def test_a_missing_or_too_large_file_is_a_400_on_file(world, client_for, settings):
    client = client_for(world.regulator)
    assert list(client.post("/api/v1/imports/", {}, format="multipart").json()["fields"]) == [
        "file"
    ]
    settings.REPORT_MAX_BYTES = 100
    response = post(client, "/api/v1/imports/", upload())
    assert response.status_code == 400
    assert "limit" in response.json()["fields"]["file"][0]


@pytest.mark.parametrize("role", ["manager", "responsible_individual", "registered_manager"])
def test_provider_staff_may_not_import(world, client_for, role):
    for url in ["/api/v1/imports/preview/", "/api/v1/imports/"]:
        response = post(client_for(getattr(world, role)), url, upload())
        assert response.status_code == 403
        assert response.json()["message"] == "Only regulators and staff admins import reports."
    assert not SourceDocument.objects.exists()


def test_imports_take_multipart_only(world, client_for):
    response = client_for(world.regulator).post("/api/v1/imports/", {"file": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_file_type_not_accepted_is_a_400_naming_the_types(world, client_for):
    response = post(client_for(world.regulator), "/api/v1/imports/", upload(name="report.docx"))
    assert response.status_code == 400
    message = response.json()["fields"]["file"][0]
    assert "report.docx" in message and "PDF, .txt, .md, .html or .htm" in message
    assert not SourceDocument.objects.exists()

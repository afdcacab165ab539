"""Evidence uploads through the API: the per-request file cap and the provider's storage
quota, the same limits as the dashboard (compliance.services.evidence.check_batch); API
answers are never cached."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance.models import Evidence, RequirementEvent

pytestmark = pytest.mark.django_db


def pdf(name, content=b"%PDF-1.4 evidence"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_more_files_than_the_cap_are_refused_and_nothing_is_stored(
    world, findings, client_for, settings
):
    settings.EVIDENCE_MAX_FILES_PER_REQUEST = 3
    response = client_for(world.manager).post(
        f"/api/v1/requirements/{findings.due_soon.pk}/evidence/",
        {"files": [pdf(f"f{n}.pdf") for n in range(4)], "note": "x"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["files"] == ["Attach at most 3 files at a time; you chose 4."]
    assert not Evidence.objects.exists() and not RequirementEvent.objects.exists()


def test_the_providers_storage_quota_is_enforced(world, findings, client_for, settings):
    settings.PROVIDER_STORAGE_QUOTA_BYTES = 40
    post = client_for(world.manager).post
    url = f"/api/v1/requirements/{findings.due_soon.pk}/evidence/"
    assert post(url, {"files": [pdf("a.pdf")]}, format="multipart").status_code == 201  # 17 B

    refused = post(url, {"files": [pdf("b.pdf"), pdf("c.pdf")]}, format="multipart")

    assert refused.status_code == 400
    assert "evidence storage is full" in refused.json()["fields"]["files"][0]
    assert Evidence.objects.count() == 1
    assert post(url, {"files": [pdf("d.pdf")]}, format="multipart").status_code == 201


def test_api_answers_are_not_stored_by_caches(world, client_for):
    response = client_for(world.manager).get("/api/v1/homes/")
    assert "no-store" in response["Cache-Control"]
    anonymous = client_for().get("/api/v1/homes/")
    assert anonymous.status_code == 401 and "no-store" in anonymous["Cache-Control"]


def test_an_oversized_api_request_is_refused_before_the_body_is_read(world, settings, client):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.generic(
        "POST",
        "/api/v1/imports/preview/",
        b"x" * 10,  # the declared length is what counts: the body is never read
        content_type="application/octet-stream",
        CONTENT_LENGTH="5000",
        HTTP_AUTHORIZATION="Token cht_whatever",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"

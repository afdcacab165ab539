"""Evidence files are served only to users who may see their requirement, as downloads."""

import pytest
from django.urls import Resolver404, resolve, reverse

from compliance.services.evidence import EvidenceUpload
from compliance.services.lifecycle import add_evidence
from tests.factories import InspectionFactory, RequirementFactory


@pytest.fixture
def evidence(world):
    requirement = RequirementFactory(inspection=InspectionFactory(home=world.home))
    add_evidence(
        requirement=requirement,
        user=world.manager,
        files=[EvidenceUpload(name="fire log.pdf", content=b"%PDF-1.4 the log")],
    )
    return requirement.evidence.get()


def url(evidence):
    return reverse("evidence-download", kwargs={"pk": evidence.pk})


@pytest.mark.parametrize("role", ["manager", "responsible_individual", "regulator", "admin"])
def test_people_in_scope_download_it_as_an_attachment(client, world, evidence, role):
    client.force_login(getattr(world, role))

    response = client.get(url(evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the log"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "fire log.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_others_get_404(client, world, evidence):
    client.force_login(world.outsider)
    assert client.get(url(evidence)).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, evidence):
    response = client.get(url(evidence))
    assert response.status_code == 302 and "/signin/" in response["Location"]


def test_the_file_has_no_public_url(evidence, settings):
    # Stored under MEDIA_ROOT, which no URL serves: only the view above reads it.
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(Resolver404):
        resolve(f"/{settings.MEDIA_URL.strip('/')}/{evidence.file.name}")


def test_a_missing_file_is_404_not_500(client, world, evidence):
    evidence.file.delete(save=False)
    client.force_login(world.manager)
    assert client.get(url(evidence)).status_code == 404


@pytest.mark.parametrize("files", [1, 8])
def test_query_count_is_fixed(client, world, evidence, files, django_assert_num_queries):
    for n in range(files - 1):
        add_evidence(
            requirement=evidence.requirement,
            user=world.manager,
            files=[EvidenceUpload(name=f"{n}.pdf", content=b"%PDF-1.4 more")],
        )
    client.force_login(world.manager)
    with django_assert_num_queries(3):
        response = client.get(url(evidence))
    assert response.status_code == 200

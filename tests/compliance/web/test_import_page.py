"""Importing a report through the page: upload, preview (nothing saved), confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.web import staging
from inspections.models import Inspection, SourceDocument
from providers.models import Home

UPLOAD = reverse("import-report")
CONFIRM = reverse("import-confirm")


@pytest.fixture
def seed(seed_paths):
    path = seed_paths[0]
    return path.name, path.read_bytes()


def upload(client, name, data):
    return client.post(UPLOAD, {"report": SimpleUploadedFile(name, data)})


def test_preview_shows_the_extract_and_saves_nothing(client, world, seed):
    client.force_login(world.regulator)

    response = upload(client, *seed)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.outcome == "created" and preview.urn
    html = response.content.decode()
    assert "Check before you import" in html and preview.urn in html
    assert "Requirements created" in html
    assert not Inspection.objects.exists() and not SourceDocument.objects.exists()


def test_confirm_imports_and_goes_to_the_home(client, world, seed):
    client.force_login(world.regulator)
    preview = upload(client, *seed)
    token = preview.context["confirm_form"].initial["token"]

    response = client.post(CONFIRM, {"token": token})

    urn = preview.context["preview"].urn
    assert response.status_code == 302
    assert response["Location"] == reverse("home-detail", kwargs={"urn": urn})
    assert Home.objects.get(urn=urn).inspections.exists()
    # The staged file is gone: confirming twice cannot import twice.
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 400
    assert "already imported or its preview has expired" in again.content.decode()


def test_a_report_already_imported_says_nothing_would_change_and_offers_no_import(
    client, world, seed
):
    client.force_login(world.regulator)
    first = upload(client, *seed)
    assert "Import the report" in first.content.decode()
    client.post(CONFIRM, {"token": first.context["confirm_form"].initial["token"]})

    again = upload(client, *seed)

    assert again.context["preview"].outcome == "unchanged"
    html = again.content.decode()
    assert "Nothing would change." in html and "there is nothing to import" in html
    assert "Import the report" not in html and CONFIRM not in html


def test_a_file_that_is_not_a_report_names_the_file_and_the_problem(client, world):
    client.force_login(world.regulator)

    response = upload(client, "shopping.txt", b"Milk\nEggs\nBread\n")

    errors = response.context["form"].errors["report"]
    assert len(errors) == 1 and errors[0].startswith("shopping.txt could not be imported: ")
    assert "There is a problem" in response.content.decode()


def test_no_file_is_asked_for(client, world):
    client.force_login(world.regulator)
    response = client.post(UPLOAD, {})
    assert response.context["form"].errors["report"] == ["Choose a report file."]


def test_a_too_large_file_is_refused(client, world, settings):
    settings.REPORT_MAX_BYTES = 10
    client.force_login(world.regulator)
    response = upload(client, "big.txt", b"x" * 11)
    assert "the limit is" in response.context["form"].errors["report"][0]


def test_another_users_token_is_refused(client, world, seed):
    client.force_login(world.regulator)
    token = upload(client, *seed).context["confirm_form"].initial["token"]
    client.force_login(world.admin)

    response = client.post(CONFIRM, {"token": token})

    assert response.status_code == 400 and not Inspection.objects.exists()


def test_a_tampered_or_expired_token_is_refused(client, world, seed, settings):
    client.force_login(world.regulator)
    token = upload(client, *seed).context["confirm_form"].initial["token"]

    assert client.post(CONFIRM, {"token": token + "x"}).status_code == 400
    settings.IMPORT_PREVIEW_MAX_AGE = -1
    assert "too old" in client.post(CONFIRM, {"token": token}).content.decode()
    assert not Inspection.objects.exists()


def test_staged_files_are_private_and_swept(world, settings, seed):
    token = staging.stage_report(data=b"abc", name="r.txt", user_id=world.regulator.pk)
    files = list((settings.MEDIA_ROOT / staging.FOLDER).glob("*.bin"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert staging.load_staged_report(token=token, user_id=world.regulator.pk) == ("r.txt", b"abc")
    settings.IMPORT_PREVIEW_MAX_AGE = -1
    staging.sweep_stale_reports()
    assert not files[0].exists()


@pytest.mark.parametrize("role", ["manager", "responsible_individual", "outsider"])
def test_only_regulators_and_admins_import(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403


def test_upload_page_query_count(client, world, django_assert_num_queries):
    client.force_login(world.regulator)
    with django_assert_num_queries(2):
        client.get(UPLOAD)


def test_a_file_type_not_accepted_is_refused_with_the_list(client, world, seed):
    client.force_login(world.regulator)
    response = upload(client, "report.docx", seed[1])
    assert response.status_code == 200
    assert "PDF, .txt, .md, .html or .htm" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_a_saved_html_page_is_previewed(client, world, seed):
    from compliance.devtools.report_forms import as_html

    client.force_login(world.regulator)
    response = upload(client, "report.html", as_html(seed[1].decode("utf-8")).encode())
    assert response.status_code == 200
    assert response.context["preview"].outcome == "created"

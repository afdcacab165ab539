"""One JSON error format for every failure, and no input that makes the server fail."""

import pytest
from rest_framework.test import APIClient

from compliance.api.errors import flatten_field_errors

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "message"}


def test_unknown_addresses_under_the_api_are_json_404s(world, client_for):
    client = client_for(world.admin)
    for url in ["/api/v1/nothing/", "/api/v1/homes/SC111111/nothing/", "/api/v1/requirements/x/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == SHAPE


def test_ids_too_long_for_the_database_are_404_not_500(world, client_for):
    client = client_for(world.admin)
    for url in [f"/api/v1/requirements/{10**30}/", f"/api/v1/regulations/{2**63}/"]:
        assert client.get(url).status_code == 404


def test_wrong_method_malformed_json_and_wrong_media_type(world, findings, client_for):
    client = client_for(world.manager)
    url = f"/api/v1/requirements/{findings.due_soon.pk}/status/"
    wrong = client.get(url)
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    broken = client.post(url, data="{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["code"] == "parse_error"
    assert set(broken.json()) == SHAPE
    text = client.post(url, data="to_status=met", content_type="text/plain")
    assert text.status_code == 415


def test_validation_errors_list_each_field(world, findings, client_for):
    response = client_for(world.manager).post(
        f"/api/v1/requirements/{findings.due_soon.pk}/status/",
        {"to_status": "nope", "owner": -3},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert body["message"] == "Some fields are not valid."
    assert set(body["fields"]) == {"to_status", "note", "owner"}
    assert all(isinstance(m, list) and m for m in body["fields"].values())


def test_nul_characters_are_refused_not_sent_to_the_database(world, findings, client_for):
    client = client_for(world.admin)
    for query in ["search=a%00b", "home=SC%00", "status=open%00", "since=2025%00"]:
        response = client.get(f"/api/v1/requirements/?{query}")
        assert response.status_code == 400, query
    note = client.post(
        f"/api/v1/requirements/{findings.due_soon.pk}/status/",
        {"to_status": "met", "note": "a\x00b"},
    )
    assert note.status_code == 400
    assert list(note.json()["fields"]) == ["note"]
    assert client.get("/api/v1/homes/SC%00/").status_code == 404


def test_percent_signs_in_values_are_just_text(world, client_for):
    # Messages are %-formatted by django-filter; a value holding "%s" once made that a 500.
    response = client_for(world.admin).get("/api/v1/requirements/?judgement=%25s&regulation=%25d")
    assert response.status_code == 400
    assert response.json()["fields"]["judgement"][0].startswith("'%s' is not one of")
    assert response.json()["fields"]["regulation"] == ["'%d' is not a whole number."]


def test_anonymous_callers_get_401_everywhere_but_the_docs(db):
    client = APIClient()
    assert client.get("/api/v1/homes/").status_code == 401
    assert client.post("/api/v1/imports/", {}).status_code == 401
    assert client.get("/api/v1/schema/").status_code == 200


def test_nested_errors_are_flattened_to_dotted_names():
    assert flatten_field_errors({"a": {"b": ["x"]}, "files": [["y"], ["z"]], "c": ["w"]}) == {
        "a.b": ["x"],
        "files.0": ["y"],
        "files.1": ["z"],
        "c": ["w"],
    }
    assert flatten_field_errors(["only"]) == {"non_field_errors": ["only"]}

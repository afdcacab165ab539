"""The OpenAPI schema: valid, every endpoint with its filters, errors and an example; and the
Swagger UI and ReDoc pages load only files served by this site (no CDN)."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from compliance.api import filters

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_resource_of_the_issue_is_there(schema):
    paths = set(schema["paths"])
    for expected in [
        "/api/v1/providers/",
        "/api/v1/providers/{id}/compliance/",
        "/api/v1/providers/{id}/action-plan/",
        "/api/v1/homes/{urn}/",
        "/api/v1/homes/{urn}/inspections/",
        "/api/v1/homes/{urn}/requirements/",
        "/api/v1/homes/{urn}/compliance/",
        "/api/v1/homes/{urn}/action-plan/",
        "/api/v1/inspections/",
        "/api/v1/requirements/{id}/status/",
        "/api/v1/requirements/{id}/evidence/",
        "/api/v1/recommendations/",
        "/api/v1/regulations/",
        "/api/v1/people/",
        "/api/v1/changes/",
        "/api/v1/imports/preview/",
        "/api/v1/imports/",
        "/api/v1/tokens/",
        "/api/v1/tokens/{id}/",
    ]:
        assert expected in paths, expected


def test_every_operation_documents_errors_and_an_example(schema):
    for path, method, operation in operations(schema):
        name = f"{method.upper()} {path}"
        responses = operation["responses"]
        assert operation.get("summary"), name
        errors = [code for code in responses if code.startswith("4")]
        assert "401" in errors and "429" in errors, name
        for code in errors:
            content = responses[code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, name
            assert content["examples"], name
        success = [r for code, r in responses.items() if code.startswith("2")]
        examples = [
            example
            for r in success
            for media in (r.get("content") or {}).values()
            for example in (media.get("examples") or {}).values()
        ]
        bodiless = all("content" not in r for r in success)  # 204
        binary = any(
            media.get("schema", {}).get("format") == "binary"
            for r in success
            for media in (r.get("content") or {}).values()
        )
        assert examples or bodiless or binary, name


@pytest.mark.parametrize(
    ("path", "filterset"),
    [
        ("/api/v1/requirements/", filters.RequirementFilter),
        ("/api/v1/homes/{urn}/requirements/", filters.RequirementFilter),
        ("/api/v1/homes/{urn}/action-plan/", filters.RequirementFilter),
        ("/api/v1/inspections/", filters.InspectionFilter),
        ("/api/v1/recommendations/", filters.RecommendationFilter),
        ("/api/v1/homes/", filters.HomeFilter),
        ("/api/v1/people/", filters.PersonFilter),
    ],
)
def test_lists_document_each_filter_with_a_description(schema, path, filterset):
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    for name in [*filterset.base_filters, "search", "ordering"]:
        assert name in parameters, f"{path} {name}"
        assert parameters[name].get("description"), f"{path} {name}"
    status = parameters.get("status")
    if status:
        assert status["schema"]["type"] == "array"
        assert status["explode"] is False  # comma-separated


def test_token_authentication_is_described(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": scheme["description"],
    }


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_docs_pages_load_only_files_from_this_site(db, page):
    response = APIClient().get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html), "an external file"
    assert "googleapis" not in html
    local = re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", html)
    assert local, "the page loads its scripts from /static/"
    for name in local:
        assert finders.find(name), name


def test_redoc_is_served_without_its_cdn_logo(db):
    response = APIClient().get("/api/v1/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    bundle = response.content.decode()
    assert "Redoc" in bundle and len(bundle) > 100_000  # the real bundle
    assert "cdn.redoc.ly" not in bundle
    html = APIClient().get("/api/v1/redoc/").content.decode()
    assert 'src="/api/v1/redoc/redoc.standalone.js"' in html


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.")

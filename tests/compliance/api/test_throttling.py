"""Throttling: over the limit answers 429 with Retry-After, in the one error format."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_over_the_user_rate_is_429_with_retry_after(world, client_for, settings):
    settings.API_THROTTLE_USER = "3/minute"
    client = client_for(world.manager)
    answers = [client.get("/api/v1/regulations/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get("/api/v1/regulations/")
    assert response.status_code == 429
    retry = int(response["Retry-After"])
    assert 0 < retry <= 60
    body = response.json()
    assert body["status"] == 429 and body["code"] == "throttled"
    assert body["retry_after"] == retry
    # Another user has a budget of their own.
    assert client_for(world.regulator).get("/api/v1/regulations/").status_code == 200


def test_anonymous_callers_are_limited_by_address(db, settings):
    settings.API_THROTTLE_ANON = "2/minute"
    client = APIClient()
    answers = [client.get("/api/v1/schema/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_imports_have_a_tighter_limit_of_their_own(world, client_for, settings):
    settings.API_THROTTLE_IMPORT = "1/hour"
    client = client_for(world.regulator)
    assert client.post("/api/v1/imports/preview/", {}, format="multipart").status_code == 400
    assert client.post("/api/v1/imports/preview/", {}, format="multipart").status_code == 429
    assert client.get("/api/v1/homes/").status_code == 200


def test_a_made_up_forwarded_for_does_not_escape_the_anonymous_limit(db, settings):
    settings.API_THROTTLE_ANON = "2/minute"
    client = APIClient()
    answers = [
        client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]


def test_behind_a_trusted_proxy_the_anonymous_limit_is_per_client(db, settings):
    settings.API_THROTTLE_ANON = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    client = APIClient()

    def get(forwarded):
        return client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("198.51.100.1"), get("198.51.100.1"), get("198.51.100.2")] == [200, 429, 200]


def test_invalid_tokens_are_throttled_per_address(world, settings):
    from compliance.api.tokens import create_token

    settings.API_MAX_INVALID_TOKENS = 3
    client = APIClient()
    for n in range(3):
        bad = client.get("/api/v1/homes/", HTTP_AUTHORIZATION=f"Token cht_wrong{n}")
        assert bad.status_code == 401
    key = create_token(user=world.manager, name="sync").key

    refused = client.get("/api/v1/homes/", HTTP_AUTHORIZATION=f"Token {key}")

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # Another address is not affected.
    other = client.get("/api/v1/homes/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR="10.3.3.3")
    assert other.status_code == 200

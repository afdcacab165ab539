"""API tokens: created by their user, the key shown once and stored only as SHA-256,
revoked at once; and how requests authenticate (token, session, nothing)."""

import hashlib

import pytest
from rest_framework.test import APIClient

from providers.models import ApiToken

pytestmark = pytest.mark.django_db


def create(client, name="Rota sync"):
    response = client.post("/api/v1/tokens/", {"name": name})
    assert response.status_code == 201, response.content
    return response.json()


def with_key(key, scheme="Token"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
    return client


def test_a_new_token_shows_its_key_once_and_stores_only_its_hash(world, client_for):
    client = client_for(world.manager)
    made = create(client)
    key = made["key"]
    assert key.startswith("cht_") and len(key) > 40
    assert made["prefix"] == key[:12]
    stored = ApiToken.objects.get(pk=made["id"])
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {getattr(stored, f.attname) for f in ApiToken._meta.fields}
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert [t["prefix"] for t in listed] == [key[:12]]
    assert "key" not in listed[0]
    assert "key" not in client.get(f"/api/v1/tokens/{made['id']}/").json()


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token"])
def test_a_token_authenticates_as_its_user(world, findings, client_for, scheme):
    key = create(client_for(world.registered_manager))["key"]
    response = with_key(key, scheme).get("/api/v1/homes/")
    assert response.status_code == 200
    assert [h["urn"] for h in response.json()["results"]] == ["SC111111"]
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working_at_once(world, client_for):
    client = client_for(world.manager)
    made = create(client)
    assert with_key(made["key"]).get("/api/v1/homes/").status_code == 200
    assert client.delete(f"/api/v1/tokens/{made['id']}/").status_code == 204
    response = with_key(made["key"]).get("/api/v1/homes/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    revoked_at = ApiToken.objects.get().revoked_at
    assert revoked_at is not None
    # Revoking twice is harmless and keeps the first time.
    assert client.delete(f"/api/v1/tokens/{made['id']}/").status_code == 204
    assert ApiToken.objects.get().revoked_at == revoked_at
    assert client.get("/api/v1/tokens/").json()["results"][0]["revoked_at"] is not None


def test_users_cannot_see_or_revoke_each_others_tokens(world, client_for):
    made = create(client_for(world.manager))
    other = client_for(world.regulator)
    assert other.get("/api/v1/tokens/?count=true").json()["count"] == 0
    assert other.get(f"/api/v1/tokens/{made['id']}/").status_code == 404
    assert other.delete(f"/api/v1/tokens/{made['id']}/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_a_wrong_or_malformed_key_is_401_with_the_scheme_to_use(world):
    for header in ["Token cht_not-a-real-key", "Token", "Token a b", "Bearer \u00e9\u00e9"]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/v1/homes/")
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == "Token"
        assert set(response.json()) == {"status", "code", "message"}


def test_no_credentials_is_401_not_403(db):
    response = APIClient().get("/api/v1/requirements/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deactivated_user_is_refused(world, client_for):
    key = create(client_for(world.manager))["key"]
    world.manager.is_active = False
    world.manager.save()
    assert with_key(key).get("/api/v1/homes/").status_code == 401


def test_the_dashboard_session_works_and_needs_csrf_for_writes(world, findings):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.manager)
    assert client.get("/api/v1/homes/").status_code == 200
    response = client.post("/api/v1/tokens/", {"name": "x"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_a_token_needs_a_name(world, client_for):
    response = client_for(world.manager).post("/api/v1/tokens/", {"name": ""})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["name"]
    assert ApiToken.objects.count() == 0

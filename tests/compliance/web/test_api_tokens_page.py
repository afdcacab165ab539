"""The API tokens page: create (the key shown once and working), list, revoke; each user
sees and revokes only their own."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from providers.models import ApiToken
from tests.factories import ApiTokenFactory

URL = reverse("api-tokens")


def test_create_shows_the_key_once_and_it_works(client, world):
    client.force_login(world.manager)
    response = client.post(URL, {"name": "Nightly sync"})
    key = response.context["new_key"]
    assert key.startswith("cht_") and key in response.content.decode()
    token = ApiToken.objects.get(user=world.manager)
    assert token.name == "Nightly sync" and key.startswith(token.prefix)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/homes/").status_code == 200
    # Shown once: the list afterwards holds the prefix, never the key.
    later = client.get(URL).content.decode()
    assert key not in later and token.prefix in later and "Nightly sync" in later


def test_a_name_is_needed_and_the_error_is_named(client, world):
    client.force_login(world.manager)
    response = client.post(URL, {"name": "  "})
    assert "Give the token a name." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_key_and_only_the_owner_may(client, world):
    mine = ApiTokenFactory(user=world.manager)
    theirs = ApiTokenFactory(user=world.regulator, name="Regulator's")
    client.force_login(world.manager)
    assert "Regulator&#x27;s" not in client.get(URL).content.decode()  # not listed
    refused = client.post(URL, {"action": "revoke", "token": theirs.pk})
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    done = client.post(URL, {"action": "revoke", "token": mine.pk}, follow=True)
    assert "no longer works" in done.content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is not None


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_is_paginated_in_fixed_queries(client, world, size, django_assert_num_queries):
    ApiTokenFactory.create_batch(size * 5, user=world.manager)
    client.force_login(world.manager)
    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get(URL)
    assert len(response.context["tokens"].items) == min(size * 5, 25)


def test_signed_out_users_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302

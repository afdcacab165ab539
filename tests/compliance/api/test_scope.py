"""Who sees what through the API: the one scoping rule, and 404 for anything outside it."""

import pytest

from tests.factories import PersonFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ROLES_SEEING_ONLY_THEIR_HOME = ["manager", "responsible_individual", "registered_manager"]
ROLES_SEEING_EVERYTHING = ["regulator", "admin"]


def urns(response):
    assert response.status_code == 200, response.content
    return sorted(row["urn"] for row in response.json()["results"])


@pytest.mark.parametrize("role", ROLES_SEEING_ONLY_THEIR_HOME)
def test_provider_staff_see_their_homes_only(world, findings, client_for, role):
    client = client_for(getattr(world, role))
    assert urns(client.get("/api/v1/homes/")) == ["SC111111"]
    requirements = client.get("/api/v1/requirements/").json()["results"]
    assert {r["home"]["urn"] for r in requirements} == {"SC111111"}
    assert len(requirements) == len(findings.all_of_home())
    providers = client.get("/api/v1/providers/").json()["results"]
    assert [p["name"] for p in providers] == ["Oak Tree Care Limited"]


@pytest.mark.parametrize("role", ROLES_SEEING_EVERYTHING)
def test_regulators_and_staff_admins_see_every_home(world, findings, client_for, role):
    client = client_for(getattr(world, role))
    assert urns(client.get("/api/v1/homes/")) == ["SC111111", "SC222222"]
    assert (
        client.get("/api/v1/requirements/?count=true").json()["count"]
        == len(findings.all_of_home()) + 1
    )


def test_an_outsider_sees_empty_lists(world, findings, client_for):
    client = client_for(world.outsider)
    for url in ["homes", "providers", "inspections", "requirements", "recommendations", "people"]:
        response = client.get(f"/api/v1/{url}/?count=true")
        assert response.status_code == 200
        assert response.json()["count"] == 0, url
        assert response.json()["results"] == [], url


def test_a_manager_of_several_providers_sees_all_their_homes(world, client_for):
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.manager, provider=world.other_provider)
    assert urns(client_for(world.manager).get("/api/v1/homes/")) == ["SC111111", "SC222222"]


def other_provider_urls(world, findings):
    elsewhere = findings.elsewhere
    other_home = world.other_home
    recommendation = RecommendationFactory(inspection=elsewhere.inspection)
    return [
        f"/api/v1/homes/{other_home.urn}/",
        f"/api/v1/homes/{other_home.urn}/inspections/",
        f"/api/v1/homes/{other_home.urn}/requirements/",
        f"/api/v1/homes/{other_home.urn}/compliance/",
        f"/api/v1/homes/{other_home.urn}/action-plan/",
        f"/api/v1/providers/{world.other_provider.pk}/",
        f"/api/v1/providers/{world.other_provider.pk}/compliance/",
        f"/api/v1/providers/{world.other_provider.pk}/action-plan/",
        f"/api/v1/inspections/{elsewhere.inspection_id}/",
        f"/api/v1/requirements/{elsewhere.pk}/",
        f"/api/v1/recommendations/{recommendation.pk}/",
        f"/api/v1/people/{other_home.registered_manager_id}/",
    ]


@pytest.mark.parametrize("role", [*ROLES_SEEING_ONLY_THEIR_HOME, "outsider"])
def test_anything_outside_scope_is_404_like_something_that_does_not_exist(
    world, findings, client_for, role
):
    client = client_for(getattr(world, role))
    for url in other_provider_urls(world, findings):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"status": 404, "code": "not_found", "message": "Not found."}
    # ... and the same answer as for a URN that no home has.
    assert client.get("/api/v1/homes/SC999999/").json() == response.json()


@pytest.mark.parametrize("role", [*ROLES_SEEING_ONLY_THEIR_HOME, "outsider"])
def test_writes_outside_scope_are_404_too(world, findings, client_for, role):
    client = client_for(getattr(world, role))
    url = f"/api/v1/requirements/{findings.elsewhere.pk}"
    status = client.post(f"{url}/status/", {"to_status": "in_progress", "note": "x"})
    assert status.status_code == 404
    evidence = client.post(f"{url}/evidence/", {}, format="multipart")
    assert evidence.status_code == 404
    findings.elsewhere.refresh_from_db()
    assert findings.elsewhere.status == "open"


def test_regulators_see_other_providers_people_and_inspectors(world, client_for):
    inspector = PersonFactory(provider=None, name="Alex Inspector")
    regulator = client_for(world.regulator)
    assert regulator.get(f"/api/v1/people/{inspector.pk}/").status_code == 200
    manager = client_for(world.manager)
    assert manager.get(f"/api/v1/people/{inspector.pk}/").status_code == 404
    names = {p["name"] for p in manager.get("/api/v1/people/").json()["results"]}
    assert names == {world.home.responsible_individual.name, world.home.registered_manager.name}


def test_a_registered_manager_does_not_see_colleagues_of_other_homes(world, client_for):
    from tests.factories import HomeFactory

    HomeFactory(provider=world.provider, urn="SC333333")
    rm = client_for(world.registered_manager)
    assert urns(rm.get("/api/v1/homes/")) == ["SC111111"]
    names = {p["name"] for p in rm.get("/api/v1/people/").json()["results"]}
    assert names == {world.home.responsible_individual.name, world.home.registered_manager.name}
    # The provider manager sees both homes and everyone at the provider.
    assert urns(client_for(world.manager).get("/api/v1/homes/")) == ["SC111111", "SC333333"]
    assert client_for(world.manager).get("/api/v1/people/?count=true").json()["count"] == 4


def test_a_deactivated_user_with_a_live_session_sees_nothing(world, findings, client_for):
    world.manager.is_active = False
    world.manager.save()
    response = client_for(world.manager).get("/api/v1/homes/?count=true")
    assert response.status_code == 200
    assert response.json()["count"] == 0

"""The hand-written parts of the serializers stay true to what they declare: the fast rows
(requirements, homes, inspections) equal DRF's own rendering of the declared fields, and
the URL builder equals Django's reverse() for every resource."""

import pytest
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory

from compliance.api.fields import Links
from compliance.api.resources.homes import HomeSerializer
from compliance.api.resources.inspections import InspectionSerializer
from compliance.api.resources.requirement_rows import (
    RequirementDetailSerializer,
    RequirementSerializer,
)
from compliance.rules import today_in_london
from compliance.selectors import inspections_visible_to, requirements_visible_to
from compliance.services.evidence import EvidenceUpload
from providers.access import homes_visible_to
from tests.factories import PersonFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(world):
    request = APIRequestFactory().get("/api/v1/requirements/", SERVER_NAME="localhost")
    request.user = world.admin
    return request


def context(request):
    return {"request": request, "today": today_in_london()}


@pytest.mark.parametrize("serializer_class", [RequirementSerializer, RequirementDetailSerializer])
def test_fast_rows_equal_drfs_rendering_of_the_declared_fields(
    world, findings, request_, manager_moves, serializer_class
):
    manager_moves(
        findings.upcoming,
        "action_completed",
        "Done",
        files=[EvidenceUpload(name="log.txt", content=b"done\n")],
    )
    rows = requirements_visible_to(user=world.admin).prefetch_related("events__files", "evidence")
    for requirement in rows:
        serializer = serializer_class(requirement, context=context(request_))
        fast = serializer.data
        generic = serializers.ModelSerializer.to_representation(serializer, requirement)
        if serializer_class is RequirementDetailSerializer:
            generic = {**generic, "allowed_steps": []}
        assert fast == dict(generic), requirement.pk
        assert list(fast) == list(serializer.fields)


@pytest.mark.parametrize(
    ("serializer_class", "rows"),
    [
        (
            HomeSerializer,
            lambda user: homes_visible_to(user=user).select_related(
                "provider", "responsible_individual", "registered_manager"
            ),
        ),
        (
            InspectionSerializer,
            lambda user: inspections_visible_to(user=user).prefetch_related("inspectors"),
        ),
    ],
)
def test_fast_homes_and_inspections_equal_drfs_rendering(
    world, findings, request_, serializer_class, rows
):
    findings.met.inspection.inspectors.add(PersonFactory(provider=None))
    world.other_home.registered_manager = None
    world.other_home.save()
    for row in rows(world.admin):
        serializer = serializer_class(row, context=context(request_))
        generic = serializers.ModelSerializer.to_representation(serializer, row)
        assert serializer.data == dict(generic), row.pk
        assert list(serializer.data) == list(serializer.fields)


def test_links_equal_reverse(world, findings, request_):
    links = Links(request_)
    recommendation = RecommendationFactory(inspection=findings.due_soon.inspection)

    def reversed_(name, **kwargs):
        return reverse(f"api:{name}", kwargs=kwargs, request=request_)

    assert links.provider(world.provider.pk) == reversed_("provider-detail", pk=world.provider.pk)
    assert links.home("SC111111") == reversed_("home-detail", urn="SC111111")
    assert links.inspection(7) == reversed_("inspection-detail", pk=7)
    assert links.requirement(8) == reversed_("requirement-detail", pk=8)
    assert links.evidence(8, 9) == reversed_("requirement-evidence-file", pk=8, evidence_id=9)
    assert links.recommendation(recommendation.pk) == reversed_(
        "recommendation-detail", pk=recommendation.pk
    )
    assert links.regulation(12) == reversed_("regulation-detail", pk=12)
    assert links.person(3) == reversed_("person-detail", pk=3)
    assert links.root == "http://localhost/api/v1/"

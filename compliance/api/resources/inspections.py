"""/api/v1/inspections/ and a home's inspections: representation, views and schema."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from compliance.api import docs
from compliance.api.base import ReadOnlyViewSet, list_schema, resource_schema
from compliance.api.fields import (
    TIMESTAMP,
    TIMESTAMPS,
    HomeRefsMixin,
    ResourceSerializer,
    home_ref,
    judgement_field,
    links_of,
    provider_ref,
)
from compliance.api.filters import InspectionFilter
from compliance.api.resources.homes import HomeScopedMixin
from compliance.selectors import inspections_of_home, inspections_visible_to
from inspections.models import Inspection
from providers.models import Person


class InspectionSerializer(HomeRefsMixin, ResourceSerializer):
    link = "inspection"
    overall_experiences = judgement_field()
    help_and_protection = judgement_field()
    leadership_and_management = judgement_field()
    outcome = judgement_field()
    headline_judgement = judgement_field()
    previous_inspection_judgement = judgement_field()
    inspectors = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "url",
            "home",
            "provider",
            "inspection_type",
            "start_date",
            "end_date",
            "headline_judgement",
            "overall_experiences",
            "help_and_protection",
            "leadership_and_management",
            "outcome",
            "previous_inspection_date",
            "previous_inspection_judgement",
            "enforcement_action",
            "known_from_history_only",
            "inspectors",
            "requirements",
            *TIMESTAMPS,
        ]

    def get_inspectors(self, inspection) -> list[str]:
        return [person.name for person in inspection.inspectors.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_requirements(self, inspection) -> str:
        day = inspection.start_date.isoformat()
        home = links_of(self).home(inspection.home.urn)
        return f"{home}requirements/?inspected_after={day}&inspected_before={day}"

    def to_representation(self, i: Inspection) -> dict:
        """The declared fields, written out, as RequirementSerializer does (and tested so)."""
        links = links_of(self)
        home = i.home
        return {
            "id": i.pk,
            "url": links.inspection(i.pk),
            "home": home_ref(links, home),
            "provider": provider_ref(links, home.provider),
            "inspection_type": i.inspection_type,
            "start_date": i.start_date.isoformat(),
            "end_date": i.end_date.isoformat() if i.end_date else None,
            "headline_judgement": i.headline_judgement or None,
            "overall_experiences": i.overall_experiences or None,
            "help_and_protection": i.help_and_protection or None,
            "leadership_and_management": i.leadership_and_management or None,
            "outcome": i.outcome or None,
            "previous_inspection_date": (
                i.previous_inspection_date.isoformat() if i.previous_inspection_date else None
            ),
            "previous_inspection_judgement": i.previous_inspection_judgement or None,
            "enforcement_action": i.enforcement_action,
            "known_from_history_only": i.known_from_history_only,
            "inspectors": self.get_inspectors(i),
            "requirements": self.get_requirements(i),
            "created_at": TIMESTAMP.to_representation(i.created_at),
            "updated_at": TIMESTAMP.to_representation(i.updated_at),
        }


@resource_schema(
    docs.INSPECTION,
    list="Inspections",
    detail="An inspection",
    description="Newest first by default.",
)
class InspectionViewSet(HomeScopedMixin, ReadOnlyViewSet):
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    searched = {
        "home__urn": "home URN",
        "inspection_type": "inspection type",
        "enforcement_action": "enforcement action",
    }
    ordering_fields = {
        "start_date": "start_date",
        "home": "home__urn",
        "id": "pk",
        "updated_at": "updated_at",
    }
    ordering = ["-start_date"]

    def visible(self):
        home = self.home()
        if home is not None:
            inspections = inspections_of_home(home=home)
        else:
            inspections = inspections_visible_to(user=self.request.user)
        inspectors = Person.objects.only("pk", "name")
        return inspections.prefetch_related(Prefetch("inspectors", queryset=inspectors))


@extend_schema_view(
    list=list_schema(
        "Home inspections",
        summary="A home's inspections",
        description="Newest first by default.",
        serializer=InspectionSerializer,
        example_value=docs.INSPECTION,
    ),
)
class HomeInspectionViewSet(InspectionViewSet):
    pass

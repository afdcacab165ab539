"""/api/v1/homes/: the representation, the view and its schema."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from compliance.api import docs
from compliance.api.base import URN, ReadOnlyViewSet, detail_schema, item_action, resource_schema
from compliance.api.fields import (
    TIMESTAMP,
    TIMESTAMPS,
    PersonRefSerializer,
    ProviderRefSerializer,
    Ref,
    ResourceSerializer,
    links_of,
    person_ref,
    provider_ref,
    uri_map,
)
from compliance.api.filters import HomeFilter
from compliance.api.resources.summaries import HomeComplianceSerializer
from compliance.api.summaries import home_compliance
from providers.access import homes_visible_to
from providers.models import Home


class HomeSerializer(ResourceSerializer):
    link = "home"
    link_key = "urn"
    provider = Ref(ProviderRefSerializer)
    responsible_individual = Ref(PersonRefSerializer(allow_null=True))
    registered_manager = Ref(PersonRefSerializer(allow_null=True))
    links = serializers.SerializerMethodField()

    class Meta:
        model = Home
        fields = [
            "urn",
            "url",
            "name",
            "provider",
            "provision_subtype",
            "capacity",
            "age_min",
            "age_max",
            "description",
            "responsible_individual",
            "registered_manager",
            "links",
            *TIMESTAMPS,
        ]

    def get_provider(self, home) -> dict:
        return provider_ref(links_of(self), home.provider)

    def get_responsible_individual(self, home) -> dict | None:
        return person_ref(home.responsible_individual)

    def get_registered_manager(self, home) -> dict | None:
        return person_ref(home.registered_manager)

    @extend_schema_field(uri_map("inspections", "requirements", "compliance", "action_plan"))
    def get_links(self, home) -> dict:
        own = links_of(self).home(home.urn)
        return {
            "inspections": f"{own}inspections/",
            "requirements": f"{own}requirements/",
            "compliance": f"{own}compliance/",
            "action_plan": f"{own}action-plan/",
        }

    def to_representation(self, h: Home) -> dict:
        """The declared fields, written out, as RequirementSerializer does (and tested so)."""
        links = links_of(self)
        return {
            "urn": h.urn,
            "url": links.home(h.urn),
            "name": h.name,
            "provider": provider_ref(links, h.provider),
            "provision_subtype": h.provision_subtype,
            "capacity": h.capacity,
            "age_min": h.age_min,
            "age_max": h.age_max,
            "description": h.description,
            "responsible_individual": person_ref(h.responsible_individual),
            "registered_manager": person_ref(h.registered_manager),
            "links": self.get_links(h),
            "created_at": TIMESTAMP.to_representation(h.created_at),
            "updated_at": TIMESTAMP.to_representation(h.updated_at),
        }


@resource_schema(
    docs.HOME,
    list="Homes",
    detail="A home, by URN",
    detail_parameters=[docs.URN_PARAMETER],
)
class HomeViewSet(ReadOnlyViewSet):
    serializer_class = HomeSerializer
    lookup_field = "urn"
    lookup_value_regex = URN
    filterset_class = HomeFilter
    searched = {"urn": "URN", "name": "home name", "provider__name": "provider name"}
    ordering_fields = {"urn": "urn", "name": "name", "updated_at": "updated_at"}
    ordering = ["urn"]

    def visible(self):
        return homes_visible_to(user=self.request.user).select_related(
            "provider", "responsible_individual", "registered_manager"
        )

    @detail_schema(
        "Home compliance",
        summary="A home's compliance summary",
        description=(
            "Counts (open, due within 14 and 28 days, overdue, awaiting confirmation, met), "
            "the same per regulation, the latest inspection and latest full inspection with "
            "their judgements, repeated breaches, open compliance notices and people without "
            "an email address."
        ),
        serializer=HomeComplianceSerializer,
        example_value=docs.HOME_COMPLIANCE,
        parameters=[docs.URN_PARAMETER],
        filters=False,
    )
    @item_action("compliance")
    def compliance(self, request, urn=None):
        home = self.get_object()
        list_url = reverse("api:home-requirements", kwargs={"urn": home.urn}, request=request)
        summary = home_compliance(home=home, today=self.today, list_url=list_url)
        return Response(
            HomeComplianceSerializer(summary, context=self.get_serializer_context()).data
        )


class HomeScopedMixin:
    """For /homes/{urn}/...: the home must be one the user may see, else 404."""

    def home(self) -> Home | None:
        if "urn" not in self.kwargs:
            return None
        if not hasattr(self, "_home"):
            self._home = get_object_or_404(
                homes_visible_to(user=self.request.user), urn=self.kwargs["urn"]
            )
        return self._home

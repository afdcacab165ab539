"""/api/v1/providers/: the representation, the view and its schema."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from compliance.api import docs
from compliance.api.base import ReadOnlyViewSet, detail_schema, item_action, resource_schema
from compliance.api.fields import ResourceSerializer, links_of, uri_map
from compliance.api.filters import ProviderFilter
from compliance.api.resources.summaries import ProviderComplianceSerializer
from compliance.api.summaries import provider_compliance
from compliance.selectors import providers_visible_to
from providers.models import Provider


class ProviderSerializer(ResourceSerializer):
    link = "provider"
    links = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = ["id", "url", "name", "address", "links", "created_at", "updated_at"]

    @extend_schema_field(uri_map("homes", "compliance", "action_plan"))
    def get_links(self, provider) -> dict:
        links = links_of(self)
        own = links.provider(provider.pk)
        return {
            "homes": f"{links.root}homes/?provider={provider.pk}",
            "compliance": f"{own}compliance/",
            "action_plan": f"{own}action-plan/",
        }


@resource_schema(
    docs.PROVIDER,
    list="Providers",
    detail="A provider",
    description="Providers with at least one home you may see.",
)
class ProviderViewSet(ReadOnlyViewSet):
    serializer_class = ProviderSerializer
    filterset_class = ProviderFilter
    searched = {"name": "name"}
    ordering_fields = {"name": "name", "id": "pk", "updated_at": "updated_at"}
    ordering = ["name"]

    def visible(self):
        return providers_visible_to(user=self.request.user)

    @detail_schema(
        "Provider compliance",
        summary="A provider's compliance summary",
        description=(
            "Across the provider's homes that you may see: counts (open, due within 14 and "
            "28 days, overdue, awaiting confirmation, met), the same per regulation, homes by "
            "latest full-inspection judgement, repeated breaches, open compliance notices and "
            "people without an email address."
        ),
        serializer=ProviderComplianceSerializer,
        example_value=docs.PROVIDER_COMPLIANCE,
        filters=False,
    )
    @item_action("compliance")
    def compliance(self, request, pk=None):
        provider = self.get_object()
        list_url = reverse("api:requirement-list", request=request) + f"?provider={provider.pk}"
        summary = provider_compliance(
            user=request.user, provider=provider, today=self.today, list_url=list_url
        )
        return Response(
            ProviderComplianceSerializer(summary, context=self.get_serializer_context()).data
        )

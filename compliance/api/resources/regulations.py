"""/api/v1/regulations/: the representation, the view and its schema."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_view,
)
from rest_framework import serializers

from compliance.api import docs
from compliance.api.base import (
    ReadOnlyViewSet,
    detail_schema,
    list_schema,
)
from compliance.api.fields import links_of
from compliance.api.filters import (
    RegulationFilter,
)
from inspections.models import (
    Regulation,
)


class RegulationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Regulation
        fields = ["number", "url", "title", "part", "title_verified"]

    def get_url(self, regulation) -> str:
        return links_of(self).regulation(regulation.pk)


@extend_schema_view(
    list=list_schema(
        "Regulations",
        summary="The Children's Homes (England) Regulations 2015",
        serializer=RegulationSerializer,
        example_value=docs.REGULATION,
    ),
    retrieve=detail_schema(
        "Regulation",
        summary="A regulation, by number",
        serializer=RegulationSerializer,
        example_value=docs.REGULATION,
    ),
)
class RegulationViewSet(ReadOnlyViewSet):
    serializer_class = RegulationSerializer
    queryset = Regulation.objects.all()
    filterset_class = RegulationFilter
    search_fields = ["title", "part"]
    search_help = "title, part"
    ordering_fields = {"number": "number"}
    ordering = ["number"]

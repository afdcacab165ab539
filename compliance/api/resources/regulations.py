"""/api/v1/regulations/: the representation, the view and its schema."""

from __future__ import annotations

from compliance.api import docs
from compliance.api.base import ReadOnlyViewSet, resource_schema
from compliance.api.fields import ResourceSerializer
from compliance.api.filters import RegulationFilter
from inspections.models import Regulation


class RegulationSerializer(ResourceSerializer):
    link = "regulation"

    class Meta:
        model = Regulation
        fields = ["number", "url", "title", "part", "title_verified"]


@resource_schema(
    docs.REGULATION,
    list="The Children's Homes (England) Regulations 2015",
    detail="A regulation, by number",
)
class RegulationViewSet(ReadOnlyViewSet):
    serializer_class = RegulationSerializer
    filterset_class = RegulationFilter
    searched = {"title": "title", "part": "part"}
    ordering_fields = {"number": "number"}
    ordering = ["number"]

    def visible(self):
        return Regulation.objects.all()  # published facts: everyone signed in sees them all

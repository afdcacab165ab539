"""/api/v1/recommendations/: the representation, the view and its schema."""

from __future__ import annotations

from compliance.api import docs
from compliance.api.base import ReadOnlyViewSet, resource_schema
from compliance.api.fields import FINDING_FIELDS, TIMESTAMPS, FindingRefsMixin, ResourceSerializer
from compliance.api.filters import RecommendationFilter
from compliance.selectors import recommendations_visible_to
from inspections.models import Recommendation


class RecommendationSerializer(FindingRefsMixin, ResourceSerializer):
    link = "recommendation"

    class Meta:
        model = Recommendation
        fields = [
            *FINDING_FIELDS,
            "sequence",
            "text",
            "guide_page",
            "guide_paragraph",
            *TIMESTAMPS,
        ]


@resource_schema(docs.RECOMMENDATION, list="Recommendations", detail="A recommendation")
class RecommendationViewSet(ReadOnlyViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter
    searched = {"text": "recommendation text", "inspection__home__urn": "home URN"}
    ordering_fields = {
        "id": "pk",
        "inspected": "inspection__start_date",
        "updated_at": "updated_at",
    }
    ordering = ["id"]

    def visible(self):
        return recommendations_visible_to(user=self.request.user)

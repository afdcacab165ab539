"""/api/v1/people/: the representation, the view and its schema."""

from __future__ import annotations

from compliance.api import docs
from compliance.api.base import ReadOnlyViewSet, resource_schema
from compliance.api.fields import (
    TIMESTAMPS,
    ProviderRefSerializer,
    Ref,
    ResourceSerializer,
    links_of,
    provider_ref,
)
from compliance.api.filters import PersonFilter
from compliance.selectors import people_visible_to
from providers.models import Person


class PersonSerializer(ResourceSerializer):
    link = "person"
    provider = Ref(ProviderRefSerializer(allow_null=True))

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "name",
            "provider",
            "email",
            "advance_reminders",
            *TIMESTAMPS,
        ]

    def get_provider(self, person) -> dict | None:
        return provider_ref(links_of(self), person.provider) if person.provider_id else None


@resource_schema(
    docs.PERSON,
    list="People",
    detail="A person",
    description=(
        "Responsible individuals, registered managers and requirement owners of the homes "
        "you may see; provider managers see everyone at their providers; regulators and "
        "staff admins see everyone, inspectors included."
    ),
)
class PersonViewSet(ReadOnlyViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    searched = {"name": "name", "email": "email"}
    ordering_fields = {"name": "name", "id": "pk", "updated_at": "updated_at"}
    ordering = ["name"]

    def visible(self):
        return people_visible_to(user=self.request.user).select_related("provider")

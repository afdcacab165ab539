"""Shared pieces of the API's representations: absolute links built once per request,
small references to other resources, the due state, judgement fields."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from compliance.rules import Due, due_state
from inspections.models import Inspection, Judgement, Regulation, Requirement, RequirementStatus
from providers.models import Home, Person, Provider

BIGGEST_ID = 2**31 - 1


def _link(collection: str):
    """A Links method: the address of one row of `collection`, by its key."""

    def link(self, key) -> str:
        return f"{self.root}{collection}/{key}/"

    link.__name__ = collection
    return link


class Links:
    """Absolute URLs of the API's resources, built from the API root reversed once per
    request: reversing a URL per field of each row costs more than the rest of a page.
    tests/compliance/api/test_serializers.py (test_links_equal_reverse) checks each against
    Django's reverse()."""

    def __init__(self, request=None):
        root = reverse("api:root")
        self.root = request.build_absolute_uri(root) if request is not None else root

    provider = _link("providers")
    home = _link("homes")  # by URN
    inspection = _link("inspections")
    requirement = _link("requirements")
    recommendation = _link("recommendations")
    regulation = _link("regulations")  # by number
    person = _link("people")

    def evidence(self, requirement_pk, pk) -> str:
        return f"{self.root}requirements/{requirement_pk}/evidence/{pk}/"


def links_of(serializer: serializers.Serializer) -> Links:
    """The one Links of this response (nested serializers share the root's context)."""
    context = serializer.context
    if "links" not in context:
        context["links"] = Links(context.get("request"))
    return context["links"]


# A resource's representation, whose `url` is its own address: the Links method named
# `link`, given the attribute `link_key` of the object. (A comment, not a docstring: the
# schema would take a docstring as the description of every resource.)
class ResourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    link = ""
    link_key = "pk"

    def get_url(self, resource) -> str:
        return getattr(links_of(self), self.link)(getattr(resource, self.link_key))


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as '' when absent; the API says null."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


def judgement_field(source: str | None = None) -> BlankAsNullChoiceField:
    kwargs = {"source": source} if source else {}
    return BlankAsNullChoiceField(choices=Judgement.choices, **kwargs)


def _reference(component: str, /, **fields) -> type[serializers.Serializer]:
    """The schema of a reference to another resource, as the *_ref functions below write
    it: only the named fields (each given as its field class)."""
    declared = {field: kind() for field, kind in fields.items()}
    return type(f"{component}Serializer", (serializers.Serializer,), declared)


INT, TEXT, URL = serializers.IntegerField, serializers.CharField, serializers.URLField
ProviderRefSerializer = _reference("ProviderRef", id=INT, name=TEXT, url=URL)
HomeRefSerializer = _reference("HomeRef", urn=TEXT, name=TEXT, url=URL)
PersonRefSerializer = _reference("PersonRef", id=INT, name=TEXT)
InspectionRefSerializer = _reference(
    "InspectionRef", id=INT, inspection_type=TEXT, start_date=serializers.DateField, url=URL
)
RegulationRefSerializer = _reference("RegulationRef", number=INT, title=TEXT)


def provider_ref(links: Links, provider: Provider) -> dict:
    return {"id": provider.pk, "name": provider.name, "url": links.provider(provider.pk)}


def home_ref(links: Links, home: Home) -> dict:
    return {"urn": home.urn, "name": home.name, "url": links.home(home.urn)}


def person_ref(person: Person | None) -> dict | None:
    return {"id": person.pk, "name": person.name} if person is not None else None


def inspection_ref(links: Links, inspection: Inspection) -> dict:
    return {
        "id": inspection.pk,
        "inspection_type": inspection.inspection_type,
        "start_date": inspection.start_date.isoformat(),
        "url": links.inspection(inspection.pk),
    }


def regulation_ref(regulation: Regulation) -> dict:
    return {"number": regulation.number, "title": regulation.title}


class Ref(serializers.SerializerMethodField):
    """A reference to another resource, documented by `schema` (a ref serializer)."""

    def __init__(self, schema, **kwargs):
        super().__init__(**kwargs)
        extend_schema_field(schema)(self)


STATUS_LABELS = dict(RequirementStatus.choices)


TIMESTAMP = serializers.DateTimeField(read_only=True)  # renders as ModelSerializer would


def uri_map(*names: str) -> dict:
    return {
        "type": "object",
        "properties": {name: {"type": "string", "format": "uri"} for name in names},
    }


class DueStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[(d.value, d.value) for d in Due])
    label = serializers.CharField()
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Positive before the due date, 0 on it, negative after."
    )
    description = serializers.CharField(help_text="For people: '3 days left', '12 days overdue'.")


def due_state_dict(requirement: Requirement, today) -> dict:
    state = due_state(status=requirement.status, due_date=requirement.due_date, today=today)
    return {
        "state": state.state.value,
        "label": state.label,
        "days_left": state.days_left,
        "description": state.describe(),
    }


# The home an object belongs to (`home_of`) and its provider, as small references. (A
# comment, not a docstring: the schema would take a docstring as the description of every
# resource that uses it.)
class HomeRefsMixin(serializers.Serializer):
    home = Ref(HomeRefSerializer)
    provider = Ref(ProviderRefSerializer)

    def home_of(self, obj) -> Home:
        return obj.home

    def get_home(self, obj) -> dict:
        return home_ref(links_of(self), self.home_of(obj))

    def get_provider(self, obj) -> dict:
        return provider_ref(links_of(self), self.home_of(obj).provider)


class FindingRefsMixin(HomeRefsMixin):
    """Where a finding (requirement or recommendation) belongs: its home, provider and
    inspection, as the same small references every resource uses."""

    inspection = Ref(InspectionRefSerializer)

    def home_of(self, finding) -> Home:
        return finding.inspection.home

    def get_inspection(self, finding) -> dict:
        return inspection_ref(links_of(self), finding.inspection)


# How every finding's representation begins.
FINDING_FIELDS = ["id", "url", "home", "provider", "inspection"]
# How every resource's representation ends: when it was created and last changed.
TIMESTAMPS = ["created_at", "updated_at"]

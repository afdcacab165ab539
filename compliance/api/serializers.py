"""What the API says about each resource, and what its writes accept. Thin: no queries here
beyond what the view's selector already loaded (select_related / prefetch_related)."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from compliance.models import Evidence, RequirementEvent
from compliance.rules import Due, due_state
from inspections.models import (
    Inspection,
    Judgement,
    Recommendation,
    Regulation,
    Requirement,
    RequirementStatus,
)
from inspections.reports import ACCEPTED_TYPES
from providers.models import ApiToken, Home, Person, Provider

BIGGEST_ID = 2**31 - 1


class Links:
    """Absolute URLs of the API's resources, built from the API root reversed once per
    request: reversing a URL per field of each row costs more than the rest of a page.
    tests/api/test_links.py checks each against Django's reverse()."""

    def __init__(self, request=None):
        root = reverse("api:root")
        self.root = request.build_absolute_uri(root) if request is not None else root

    def provider(self, pk) -> str:
        return f"{self.root}providers/{pk}/"

    def home(self, urn) -> str:
        return f"{self.root}homes/{urn}/"

    def inspection(self, pk) -> str:
        return f"{self.root}inspections/{pk}/"

    def requirement(self, pk) -> str:
        return f"{self.root}requirements/{pk}/"

    def evidence(self, requirement_pk, pk) -> str:
        return f"{self.root}requirements/{requirement_pk}/evidence/{pk}/"

    def recommendation(self, pk) -> str:
        return f"{self.root}recommendations/{pk}/"

    def regulation(self, number) -> str:
        return f"{self.root}regulations/{number}/"

    def person(self, pk) -> str:
        return f"{self.root}people/{pk}/"


def links_of(serializer: serializers.Serializer) -> Links:
    """The one Links of this response (nested serializers share the root's context)."""
    context = serializer.context
    if "links" not in context:
        context["links"] = Links(context.get("request"))
    return context["links"]


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as '' when absent; the API says null."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


def judgement_field(source: str | None = None) -> BlankAsNullChoiceField:
    kwargs = {"source": source} if source else {}
    return BlankAsNullChoiceField(choices=Judgement.choices, **kwargs)


# -- small references to other resources, as plain dicts (cheap for long lists) -----------


class ProviderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()


class HomeRefSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InspectionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    inspection_type = serializers.CharField()
    start_date = serializers.DateField()
    url = serializers.URLField()


class RegulationRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()


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


# -- resources ------------------------------------------------------------------------------

STATUS_LABELS = dict(RequirementStatus.choices)
TIMESTAMP = serializers.DateTimeField(read_only=True)  # renders as ModelSerializer would


def uri_map(*names: str) -> dict:
    return {
        "type": "object",
        "properties": {name: {"type": "string", "format": "uri"} for name in names},
    }


class ProviderSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = ["id", "url", "name", "address", "links", "created_at", "updated_at"]

    def get_url(self, provider) -> str:
        return links_of(self).provider(provider.pk)

    @extend_schema_field(uri_map("homes", "compliance", "action_plan"))
    def get_links(self, provider) -> dict:
        links = links_of(self)
        own = links.provider(provider.pk)
        return {
            "homes": f"{links.root}homes/?provider={provider.pk}",
            "compliance": f"{own}compliance/",
            "action_plan": f"{own}action-plan/",
        }


class HomeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
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
            "created_at",
            "updated_at",
        ]

    def get_url(self, home) -> str:
        return links_of(self).home(home.urn)

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


class InspectionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    home = Ref(HomeRefSerializer)
    provider = Ref(ProviderRefSerializer)
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
            "created_at",
            "updated_at",
        ]

    def get_url(self, inspection) -> str:
        return links_of(self).inspection(inspection.pk)

    def get_home(self, inspection) -> dict:
        return home_ref(links_of(self), inspection.home)

    def get_provider(self, inspection) -> dict:
        return provider_ref(links_of(self), inspection.home.provider)

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


class DueStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[(d.value, d.value) for d in Due])
    label = serializers.CharField()
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Positive before the due date, 0 on it, negative after."
    )
    description = serializers.CharField(help_text="For people: '3 days left', '12 days over'.")


def due_state_dict(requirement: Requirement, today) -> dict:
    state = due_state(status=requirement.status, due_date=requirement.due_date, today=today)
    return {
        "state": state.state.value,
        "label": state.label,
        "days_left": state.days_left,
        "description": state.describe(),
    }


class FindingRefsMixin(serializers.Serializer):
    """Where a finding (requirement or recommendation) belongs: its home, provider and
    inspection, as the same small references every resource uses."""

    home = Ref(HomeRefSerializer)
    provider = Ref(ProviderRefSerializer)
    inspection = Ref(InspectionRefSerializer)

    def get_home(self, finding) -> dict:
        return home_ref(links_of(self), finding.inspection.home)

    def get_provider(self, finding) -> dict:
        return provider_ref(links_of(self), finding.inspection.home.provider)

    def get_inspection(self, finding) -> dict:
        return inspection_ref(links_of(self), finding.inspection)


class RequirementSerializer(FindingRefsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    regulation = Ref(RegulationRefSerializer)
    status_label = serializers.CharField(source="get_status_display")
    due_state = Ref(DueStateSerializer)
    owner = Ref(PersonRefSerializer(allow_null=True))
    repeat_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "url",
            "home",
            "provider",
            "inspection",
            "regulation",
            "sequence",
            "citation",
            "text",
            "detail",
            "due_date",
            "compliance_notice",
            "status",
            "status_label",
            "due_state",
            "owner",
            "repeat_of",
            "created_at",
            "updated_at",
        ]

    def get_url(self, requirement) -> str:
        return links_of(self).requirement(requirement.pk)

    def get_regulation(self, requirement) -> dict:
        return regulation_ref(requirement.regulation)

    def get_due_state(self, requirement) -> dict:
        return due_state_dict(requirement, self.context["today"])

    def get_owner(self, requirement) -> dict | None:
        return person_ref(requirement.owner)

    def to_representation(self, r: Requirement) -> dict:
        """The declared fields, written out: lists of requirements are the API's busiest
        answer, and DRF's field-by-field machinery cost more than the queries. The
        declared fields still define the schema; tests hold the two together."""
        links = links_of(self)
        inspection = r.inspection
        home = inspection.home
        return {
            "id": r.pk,
            "url": links.requirement(r.pk),
            "home": home_ref(links, home),
            "provider": provider_ref(links, home.provider),
            "inspection": inspection_ref(links, inspection),
            "regulation": regulation_ref(r.regulation),
            "sequence": r.sequence,
            "citation": r.citation,
            "text": r.text,
            "detail": r.detail,
            "due_date": r.due_date.isoformat() if r.due_date else None,
            "compliance_notice": r.compliance_notice,
            "status": r.status,
            "status_label": STATUS_LABELS.get(r.status, r.status),
            "due_state": due_state_dict(r, self.context["today"]),
            "owner": person_ref(r.owner) if r.owner_id else None,
            "repeat_of": r.repeat_of_id,
            "created_at": TIMESTAMP.to_representation(r.created_at),
            "updated_at": TIMESTAMP.to_representation(r.updated_at),
        }


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "url", "original_name", "content_type", "size", "sha256", "created_at"]

    def get_url(self, evidence) -> str:
        return links_of(self).evidence(evidence.requirement_id, evidence.pk)


class EventSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    files = EvidenceSerializer(many=True)

    class Meta:
        model = RequirementEvent
        fields = [
            "id",
            "kind",
            "actor_name",
            "from_status",
            "to_status",
            "note",
            "created_at",
            "files",
        ]


class StepSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=RequirementStatus.choices)
    label = serializers.CharField()


class RequirementDetailSerializer(RequirementSerializer):
    history = EventSerializer(many=True, source="events")
    evidence = EvidenceSerializer(many=True)
    allowed_steps = serializers.SerializerMethodField()

    class Meta(RequirementSerializer.Meta):
        fields = [*RequirementSerializer.Meta.fields, "history", "evidence", "allowed_steps"]

    def to_representation(self, requirement: Requirement) -> dict:
        fields = self.fields
        return {
            **super().to_representation(requirement),
            "history": fields["history"].to_representation(requirement.events.all()),
            "evidence": fields["evidence"].to_representation(requirement.evidence.all()),
            "allowed_steps": self.get_allowed_steps(requirement),
        }

    @extend_schema_field(StepSerializer(many=True))
    def get_allowed_steps(self, requirement) -> list[dict]:
        return [
            {"to_status": step.to_status, "label": step.label}
            for step in self.context.get("allowed_steps", [])
        ]


class RecommendationSerializer(FindingRefsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "url",
            "home",
            "provider",
            "inspection",
            "sequence",
            "text",
            "guide_page",
            "guide_paragraph",
            "created_at",
            "updated_at",
        ]

    def get_url(self, recommendation) -> str:
        return links_of(self).recommendation(recommendation.pk)


class RegulationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Regulation
        fields = ["number", "url", "title", "part", "title_verified"]

    def get_url(self, regulation) -> str:
        return links_of(self).regulation(regulation.pk)


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
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
            "created_at",
            "updated_at",
        ]

    def get_url(self, person) -> str:
        return links_of(self).person(person.pk)

    def get_provider(self, person) -> dict | None:
        return provider_ref(links_of(self), person.provider) if person.provider_id else None


# -- tokens -------------------------------------------------------------------------------


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret: shown this once, never again. Keep it safe."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for.")


# -- writes -------------------------------------------------------------------------------


class StatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=RequirementStatus.choices)
    note = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="What was done or is planned, and why."
    )
    owner = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=BIGGEST_ID,
        help_text="Id of one of the provider's people, who will do the work.",
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10, help_text="Evidence files."
    )


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=10)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=f"The report: {ACCEPTED_TYPES}.")


class ImportResultSerializer(serializers.Serializer):
    committed = serializers.BooleanField(help_text="False for a preview: nothing was saved.")
    source = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    urn = serializers.CharField()
    inspection_label = serializers.CharField()
    inspection = serializers.CharField(
        allow_null=True, help_text="URL of the inspection (null for a preview)."
    )
    counts = serializers.DictField(child=serializers.IntegerField())
    changes = serializers.ListField(child=serializers.CharField())
    repeated = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())


# -- compliance summaries ------------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    open = serializers.IntegerField(help_text="Open or in progress.")
    due_14 = serializers.IntegerField(help_text="Open, due from today to 14 days ahead.")
    due_28 = serializers.IntegerField(help_text="Open, due from today to 28 days ahead.")
    overdue = serializers.IntegerField()
    awaiting_confirmation = serializers.IntegerField(help_text="Action completed.")
    met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    compliance_notices_open = serializers.IntegerField()
    repeated_open = serializers.IntegerField()


class RegulationCountsSerializer(CountsSerializer):
    regulation = RegulationRefSerializer()


class LatestInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    inspection_type = serializers.CharField()
    start_date = serializers.DateField()
    headline_judgement = judgement_field()
    overall_experiences = judgement_field()
    help_and_protection = judgement_field()
    leadership_and_management = judgement_field()
    outcome = judgement_field()

    def get_url(self, inspection) -> str:
        return links_of(self).inspection(inspection.pk)


class RequirementBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    home = Ref(HomeRefSerializer)
    citation = serializers.CharField()
    regulation = serializers.IntegerField(source="regulation_id")
    inspection_date = serializers.DateField(source="inspection.start_date")
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=RequirementStatus.choices)
    due_state = serializers.SerializerMethodField()

    def get_url(self, requirement) -> str:
        return links_of(self).requirement(requirement.pk)

    def get_home(self, requirement) -> dict:
        return home_ref(links_of(self), requirement.inspection.home)

    @extend_schema_field(DueStateSerializer)
    def get_due_state(self, requirement) -> dict:
        return due_state_dict(requirement, self.context["today"])


class RepeatSerializer(RequirementBriefSerializer):
    repeats = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "citation": {"type": "string"},
                "inspection_date": {"type": "string", "format": "date"},
                "status": {"type": "string"},
            },
        }
    )
    def get_repeats(self, requirement) -> dict:
        earlier = requirement.repeat_of
        return {
            "id": earlier.pk,
            "citation": earlier.citation,
            "inspection_date": earlier.inspection.start_date.isoformat(),
            "status": earlier.status,
        }


class ListedSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All of them, however many are listed.")
    list_url = serializers.CharField(help_text="The full, paginated list.")


class RepeatedBreachesSerializer(ListedSerializer):
    items = RepeatSerializer(many=True)


class NoticesSerializer(ListedSerializer):
    items = RequirementBriefSerializer(many=True)


class MissingEmailSerializer(serializers.Serializer):
    home = Ref(HomeRefSerializer)
    role = serializers.CharField()
    person = Ref(PersonRefSerializer)

    def get_home(self, row) -> dict:
        return home_ref(links_of(self), row["home"])

    def get_person(self, row) -> dict:
        return person_ref(row["person"])


class HomeComplianceSerializer(serializers.Serializer):
    home = Ref(HomeRefSerializer)
    today = serializers.DateField()
    counts = CountsSerializer()
    by_regulation = RegulationCountsSerializer(many=True)
    latest_inspection = LatestInspectionSerializer(allow_null=True)
    latest_full_inspection = LatestInspectionSerializer(allow_null=True)
    repeated_breaches = RepeatedBreachesSerializer()
    open_compliance_notices = NoticesSerializer()
    people_without_email = MissingEmailSerializer(many=True)

    def get_home(self, summary) -> dict:
        return home_ref(links_of(self), summary["home"])


class ProviderComplianceSerializer(serializers.Serializer):
    provider = Ref(ProviderRefSerializer)
    today = serializers.DateField()
    homes = serializers.IntegerField(help_text="Homes of this provider you can see.")
    counts = CountsSerializer()
    by_regulation = RegulationCountsSerializer(many=True)
    latest_judgements = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Homes by overall experiences judgement at their latest full inspection.",
    )
    repeated_breaches = RepeatedBreachesSerializer()
    open_compliance_notices = NoticesSerializer()
    people_without_email = MissingEmailSerializer(many=True)

    def get_provider(self, summary) -> dict:
        return provider_ref(links_of(self), summary["provider"])


# -- changes feed -------------------------------------------------------------------------


def utc_field(**kwargs) -> serializers.DateTimeField:
    """Feed times in UTC: exact to the microsecond, and safe to send back as `since`."""
    return serializers.DateTimeField(default_timezone=dt.UTC, **kwargs)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField(help_text="The resource's id (the URN for a home).")
    url = serializers.CharField()
    change = serializers.ChoiceField(choices=["created", "updated"])
    changed_at = utc_field()


class ChangesPageSerializer(serializers.Serializer):
    since = utc_field(allow_null=True)
    until = utc_field(help_text="Changes up to this moment are complete in this feed.")
    next = serializers.CharField(
        allow_null=True, help_text="The next page; null when you are up to date."
    )
    results = ChangeSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """The one error format (see compliance.api.errors)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Only for 400: the messages for each field or query parameter at fault.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="Only for 429: seconds.")

"""The representations of a requirement in the API: the list row, and the detail with its
history, evidence and next steps (compliance.api.resources.requirements serves them)."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from compliance.api.fields import (
    FINDING_FIELDS,
    STATUS_LABELS,
    TIMESTAMP,
    TIMESTAMPS,
    DueStateSerializer,
    FindingRefsMixin,
    PersonRefSerializer,
    Ref,
    RegulationRefSerializer,
    ResourceSerializer,
    due_state_dict,
    home_ref,
    inspection_ref,
    links_of,
    person_ref,
    provider_ref,
    regulation_ref,
)
from compliance.models import Evidence, RequirementEvent
from inspections.models import Requirement, RequirementStatus


class RequirementSerializer(FindingRefsMixin, ResourceSerializer):
    link = "requirement"
    regulation = Ref(RegulationRefSerializer)
    status_label = serializers.CharField(source="get_status_display")
    due_state = Ref(DueStateSerializer)
    owner = Ref(PersonRefSerializer(allow_null=True))
    resolved_by = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The later inspection that resolved it (status raised_again or "
        "not_raised_again), or null.",
    )
    replaced_by = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The requirement of the later inspection that raises it again, or null.",
    )
    replaces = serializers.SerializerMethodField(
        help_text="The earlier requirements of the home that this one raises again."
    )
    summary = serializers.CharField(
        read_only=True,
        help_text="What it is about, in one line of at most 140 characters: the inspector's "
        "detail, else the regulation text's operative clause (inspections/summaries.py).",
    )

    class Meta:
        model = Requirement
        fields = [
            *FINDING_FIELDS,
            "regulation",
            "sequence",
            "citation",
            "summary",
            "text",
            "detail",
            "due_date",
            "compliance_notice",
            "status",
            "status_label",
            "due_state",
            "owner",
            "resolved_by",
            "replaced_by",
            "replaces",
            *TIMESTAMPS,
        ]

    def get_replaces(self, requirement) -> list[int]:
        return [earlier.pk for earlier in requirement.replaces.all()]

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
            "summary": r.summary,
            "text": r.text,
            "detail": r.detail,
            "due_date": r.due_date.isoformat() if r.due_date else None,
            "compliance_notice": r.compliance_notice,
            "status": r.status,
            "status_label": STATUS_LABELS.get(r.status, r.status),
            "due_state": due_state_dict(r, self.context["today"]),
            "owner": person_ref(r.owner) if r.owner_id else None,
            "resolved_by": r.resolved_by_id,
            "replaced_by": r.replaced_by_id,
            "replaces": [earlier.pk for earlier in r.replaces.all()],
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

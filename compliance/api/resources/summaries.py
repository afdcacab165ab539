"""The representations of the compliance summaries of a home and of a provider."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.api.fields import (
    DueStateSerializer,
    HomeRefSerializer,
    PersonRefSerializer,
    ProviderRefSerializer,
    Ref,
    RegulationRefSerializer,
    due_state_dict,
    home_ref,
    judgement_field,
    links_of,
    person_ref,
    provider_ref,
)
from inspections.models import RequirementStatus


class CountsSerializer(serializers.Serializer):
    open = serializers.IntegerField(help_text="Open, in progress or confirmed not met.")
    due_14 = serializers.IntegerField(help_text="Open, due from today to 14 days ahead.")
    due_28 = serializers.IntegerField(help_text="Open, due from today to 28 days ahead.")
    overdue = serializers.IntegerField()
    awaiting_confirmation = serializers.IntegerField(help_text="Action completed.")
    met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    compliance_notices_open = serializers.IntegerField()
    repeated_open = serializers.IntegerField(help_text="Open, and raising again an earlier one.")
    raised_again = serializers.IntegerField(
        help_text="Closed: not met, and raised again at a later inspection."
    )
    not_raised_again = serializers.IntegerField(
        help_text="Closed: not raised again at a later inspection."
    )


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
        """The earlier requirement it raises again (annotated by repeated_breaches)."""
        day = requirement.repeats_inspection_date
        return {
            "id": requirement.repeats_id,
            "citation": requirement.repeats_citation,
            "inspection_date": day.isoformat() if hasattr(day, "isoformat") else day,
            "status": requirement.repeats_status,
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

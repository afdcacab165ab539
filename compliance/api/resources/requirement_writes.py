"""What the requirement writes accept: a status change and an evidence upload
(compliance.api.resources.requirements holds their views)."""

from rest_framework import serializers

from compliance.api.fields import BIGGEST_ID
from inspections.models import RequirementStatus


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


class UndoResolutionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, help_text="Why the resolution is wrong.")


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=10)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)

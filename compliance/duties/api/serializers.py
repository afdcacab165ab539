"""Serializers of the duty resources: one row shape per record."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compliance.api.fields import TIMESTAMPS
from compliance.duties import selectors
from compliance.duties.models import Action, Duty, Notification, Review, Visit
from providers.access import homes_visible_to
from providers.models import Person

# -- serializers ------------------------------------------------------------------------


class DutyRowSerializer(serializers.Serializer):
    code = serializers.CharField(source="duty.code")
    regulation = serializers.IntegerField(source="duty.regulation")
    paragraph = serializers.CharField(source="duty.paragraph")
    title = serializers.CharField(source="duty.title")
    kind = serializers.CharField(source="duty.kind")
    frequency = serializers.CharField(source="duty.frequency")
    send_what = serializers.CharField(source="duty.send_what")
    send_to = serializers.CharField(source="duty.send_to")
    deadline = serializers.CharField(source="duty.deadline")
    verified = serializers.BooleanField(source="duty.verified")
    deadline_verified = serializers.BooleanField(source="duty.deadline_verified")
    source_url = serializers.URLField(source="duty.source_url")
    last_done = serializers.DateField(allow_null=True)
    next_due = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    state_label = serializers.CharField()
    late = serializers.IntegerField(help_text="Times done late or missed in the records.")
    detail = serializers.CharField()


class HomeField(serializers.SlugRelatedField):
    """A home by URN, among the homes the user may see (others are 'not found')."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="urn", **kwargs)

    def get_queryset(self):
        return homes_visible_to(user=self.context["request"].user)


class ReportUploadMixin(serializers.Serializer):
    report_file = serializers.FileField(write_only=True, required=False)
    report_name = serializers.CharField(read_only=True)


class VisitSerializer(ReportUploadMixin, serializers.ModelSerializer):
    home = HomeField()
    recommendations = serializers.ListField(
        child=serializers.CharField(max_length=2000), write_only=True, required=False
    )
    actions_due = serializers.DateField(write_only=True, required=False)
    report_late = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "home",
            "visit_date",
            "independent_person",
            "report_name",
            "report_file",
            "sent_to_ofsted_on",
            "sent_to_provider_on",
            "notes",
            "recommendations",
            "actions_due",
            "report_late",
            *TIMESTAMPS,
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_report_late(self, visit) -> bool:
        from compliance.duties import rules

        deadline = rules.month_end(visit.visit_date)
        return rules.was_late(
            sent_on=visit.sent_to_ofsted_on, deadline=deadline, today=self.context["today"]
        )


class ReviewSerializer(ReportUploadMixin, serializers.ModelSerializer):
    home = HomeField()
    actions = serializers.ListField(
        child=serializers.CharField(max_length=2000), write_only=True, required=False
    )
    actions_due = serializers.DateField(write_only=True, required=False)

    class Meta:
        model = Review
        fields = [
            "id",
            "home",
            "period_start",
            "period_end",
            "completed_on",
            "report_name",
            "report_file",
            "sent_to_ofsted_on",
            "notes",
            "actions",
            "actions_due",
            *TIMESTAMPS,
        ]
        read_only_fields = ["created_at", "updated_at"]


class PartySerializer(serializers.Serializer):
    party = serializers.CharField()
    notified_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    outstanding = serializers.BooleanField()


class NotificationSerializer(serializers.ModelSerializer):
    home = HomeField()
    duty = serializers.SlugRelatedField(
        slug_field="code", queryset=Duty.objects.filter(kind=Duty.Kind.NOTIFICATION)
    )
    parties = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "home",
            "duty",
            "description",
            "happened_at",
            *Notification.PARTY_FIELDS.values(),
            "parties",
            *TIMESTAMPS,
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, notification):
        states = selectors.party_states(notification, now=self.context["now"])
        return PartySerializer(states, many=True).data


class ActionSerializer(serializers.ModelSerializer):
    home = serializers.CharField(source="home.urn", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, required=False
    )
    due_state = serializers.SerializerMethodField()
    note = serializers.CharField(write_only=True, required=False, allow_blank=True)
    evidence_file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = Action
        fields = [
            "id",
            "home",
            "source",
            "visit",
            "review",
            "text",
            "owner",
            "due_date",
            "status",
            "due_state",
            "note",
            "evidence_file",
            *TIMESTAMPS,
        ]
        read_only_fields = ["source", "visit", "review", "text", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "owner" in self.fields:
            # Only people of providers the user sees: another provider's ids are 'not found'.
            providers = homes_visible_to(user=request.user).values("provider_id")
            self.fields["owner"].queryset = Person.objects.filter(provider_id__in=providers)

    def get_due_state(self, action) -> str:
        from compliance.rules import due_state

        return str(
            due_state(
                status=action.status, due_date=action.due_date, today=self.context["today"]
            ).state
        )

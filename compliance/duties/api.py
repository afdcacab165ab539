"""/api/v1/ resources of the monitoring duties. Thin: scope from the selectors, writes
through compliance.duties.services, errors in the API's one format.

    GET  homes/{urn}/duties/             each catalogue duty: last done, next due, state
    GET/POST        duty-visits/         Regulation 44 visits (PATCH: report sent dates)
    GET/POST        duty-reviews/        Regulation 45 reviews (PATCH: sent to Ofsted on)
    GET/POST        duty-notifications/  Regulation 40 events (PATCH: who was told, when)
    GET/PATCH       duty-actions/        actions from visits and reviews (status, owner, due)
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView

from compliance.api import docs
from compliance.api.base import ApiMixin
from compliance.api.errors import FieldError
from compliance.duties import selectors, services
from compliance.duties.models import Action, Duty, Notification, Review, Visit
from compliance.services.evidence import EvidenceUpload
from inspections.models import RequirementStatus
from providers.access import homes_visible_to, is_provider_staff_for
from providers.models import Person

TAG = ["duties"]
WRITE_ERRORS = {**docs.WRITE_ERRORS, **docs.errors(403)}
EX_VISIT = {
    "id": 12,
    "home": "SC005045",
    "visit_date": "2026-11-14",
    "independent_person": "Jo Patel",
    "report_name": "visit-november.pdf",
    "sent_to_ofsted_on": "2026-11-20",
    "sent_to_provider_on": "2026-11-20",
    "notes": "",
    "report_late": False,
    "created_at": "2026-11-14T16:02:11Z",
    "updated_at": "2026-11-20T09:15:40Z",
}
EX_REVIEW = {
    "id": 3,
    "home": "SC005045",
    "period_start": "2026-05-01",
    "period_end": "2026-10-31",
    "completed_on": "2026-11-09",
    "report_name": "",
    "sent_to_ofsted_on": None,
    "notes": "",
    "created_at": "2026-11-09T12:00:00Z",
    "updated_at": "2026-11-09T12:00:00Z",
}
EX_NOTIFICATION = {
    "id": 5,
    "home": "SC005045",
    "duty": "reg40_police",
    "description": "Serious incident; police called.",
    "happened_at": "2026-10-30T22:10:00Z",
    "hmci_notified_at": "2026-10-31T08:30:00Z",
    "placing_authority_notified_at": "2026-10-31T09:00:00Z",
    "local_authority_notified_at": None,
    "provider_notified_at": None,
    "police_notified_at": "2026-10-30T22:15:00Z",
    "parties": [
        {
            "party": "hmci",
            "notified_at": "2026-10-31T08:30:00Z",
            "late": False,
            "outstanding": False,
        }
    ],
    "created_at": "2026-10-31T08:31:00Z",
    "updated_at": "2026-10-31T09:00:00Z",
}
EX_ACTION = {
    "id": 40,
    "home": "SC005045",
    "source": "visit",
    "visit": 12,
    "review": None,
    "text": "Review the missing-from-care log with staff each week",
    "owner": 31,
    "due_date": "2026-12-12",
    "status": "in_progress",
    "due_state": "due_soon",
    "created_at": "2026-11-14T16:02:11Z",
    "updated_at": "2026-11-21T10:00:00Z",
}
EX_DUTY = {
    "code": "reg45_review",
    "regulation": 45,
    "paragraph": "45(1)",
    "title": "Review of the quality of care",
    "kind": "review",
    "frequency": "every 6 months",
    "send_what": "",
    "send_to": "",
    "deadline": "months:6",
    "verified": True,
    "deadline_verified": True,
    "source_url": "https://www.legislation.gov.uk/uksi/2015/541/regulation/45/made",
    "last_done": "2026-11-09",
    "next_due": "2027-05-09",
    "state": "upcoming",
    "state_label": "Upcoming",
    "late": 0,
    "detail": "",
}


def _schemas(name: str, serializer, example: dict, *, writes: bool = True, create: bool = True):
    """Summaries, errors and examples of one resource's operations."""
    many = serializer(many=True)
    ops = {
        "list": extend_schema(
            summary=f"{name}s",
            tags=TAG,
            responses={200: many, **docs.LIST_ERRORS},
            examples=[docs.example(name, example)],
        ),
        "retrieve": extend_schema(
            summary=f"A {name.lower()}",
            tags=TAG,
            responses={200: serializer, **docs.READ_ERRORS},
            examples=[docs.example(name, example)],
        ),
        "update": extend_schema(exclude=True),
    }
    if writes:
        ops["partial_update"] = extend_schema(
            summary=f"Change a {name.lower()} (provider staff)",
            tags=TAG,
            responses={200: serializer, **WRITE_ERRORS},
            examples=[docs.example(name, example)],
        )
    if create:
        ops["create"] = extend_schema(
            summary=f"Record a {name.lower()} (provider staff)",
            tags=TAG,
            responses={201: serializer, **WRITE_ERRORS},
            examples=[docs.example(name, example)],
        )
    return extend_schema_view(**ops)


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
            "created_at",
            "updated_at",
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
            "created_at",
            "updated_at",
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
            "created_at",
            "updated_at",
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
            "created_at",
            "updated_at",
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


# -- filters ----------------------------------------------------------------------------


class HomeFilterSet(django_filters.FilterSet):
    home = django_filters.CharFilter(field_name="home__urn", help_text="A home's URN.")


class VisitFilter(HomeFilterSet):
    visited_from = django_filters.DateFilter(field_name="visit_date", lookup_expr="gte")
    visited_to = django_filters.DateFilter(field_name="visit_date", lookup_expr="lte")
    unsent = django_filters.BooleanFilter(
        field_name="sent_to_ofsted_on", lookup_expr="isnull", help_text="Report not yet sent."
    )

    class Meta:
        model = Visit
        fields = ["home"]


class ReviewFilter(HomeFilterSet):
    completed_from = django_filters.DateFilter(field_name="completed_on", lookup_expr="gte")
    completed_to = django_filters.DateFilter(field_name="completed_on", lookup_expr="lte")

    class Meta:
        model = Review
        fields = ["home"]


class NotificationFilter(HomeFilterSet):
    duty = django_filters.CharFilter(field_name="duty_id", help_text="A duty code.")
    happened_from = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__gte")
    happened_to = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__lte")

    class Meta:
        model = Notification
        fields = ["home"]


class ActionFilter(HomeFilterSet):
    status = django_filters.ChoiceFilter(choices=RequirementStatus.choices)
    source = django_filters.ChoiceFilter(choices=Action.Source.choices)

    class Meta:
        model = Action
        fields = ["home"]


# -- views ------------------------------------------------------------------------------


def _raise(exc: services.DutyError):
    raise FieldError(exc.field or "non_field_errors", exc.message)


def _upload(file) -> EvidenceUpload | None:
    return EvidenceUpload.from_uploaded_file(file) if file else None


class DutyViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Scoped to the homes the user may see; writes only by the home's provider staff."""

    lookup_value_regex = r"[0-9]{1,10}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields: dict = {}
    search_fields: list = []
    visible = None  # selector

    def get_queryset(self):
        if self.schema_only:
            return self.serializer_class.Meta.model.objects.none()
        return type(self).visible(user=self.request.user).select_related("home")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["now"] = timezone.now()
        return context

    def check_staff(self, home):
        if not is_provider_staff_for(user=self.request.user, home=home):
            raise PermissionDenied("Only the provider's staff record monitoring duties.")


@_schemas("Regulation 44 visit", VisitSerializer, EX_VISIT)
class VisitViewSet(DutyViewSet):
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    ordering_fields = {"visit_date": "visit_date", "id": "pk"}
    ordering = ["-visit_date", "-id"]
    visible = staticmethod(selectors.visits_visible_to)

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_staff(data["home"])
        try:
            serializer.instance = services.record_visit(
                home=data["home"],
                user=self.request.user,
                today=self.today,
                visit_date=data["visit_date"],
                independent_person=data["independent_person"],
                report=_upload(data.get("report_file")),
                sent_to_ofsted_on=data.get("sent_to_ofsted_on"),
                sent_to_provider_on=data.get("sent_to_provider_on"),
                notes=data.get("notes", ""),
                recommendations=data.get("recommendations", ()),
                actions_due=data.get("actions_due"),
            )
        except services.DutyError as exc:
            _raise(exc)

    def perform_update(self, serializer):
        visit = serializer.instance
        self.check_staff(visit.home)
        fields = {"sent_to_ofsted_on", "sent_to_provider_on", "notes"}
        extra = set(serializer.validated_data) - fields
        if extra:
            raise FieldError(sorted(extra)[0], "This field cannot be changed after recording.")
        try:
            services.update_visit(
                visit=visit, user=self.request.user, today=self.today, **serializer.validated_data
            )
        except services.DutyError as exc:
            _raise(exc)


@_schemas("Regulation 45 review", ReviewSerializer, EX_REVIEW)
class ReviewViewSet(DutyViewSet):
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = {"completed_on": "completed_on", "id": "pk"}
    ordering = ["-completed_on", "-id"]
    visible = staticmethod(selectors.reviews_visible_to)

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_staff(data["home"])
        try:
            serializer.instance = services.record_review(
                home=data["home"],
                user=self.request.user,
                today=self.today,
                period_start=data["period_start"],
                period_end=data["period_end"],
                completed_on=data["completed_on"],
                report=_upload(data.get("report_file")),
                sent_to_ofsted_on=data.get("sent_to_ofsted_on"),
                notes=data.get("notes", ""),
                actions=data.get("actions", ()),
                actions_due=data.get("actions_due"),
            )
        except services.DutyError as exc:
            _raise(exc)

    def perform_update(self, serializer):
        review = serializer.instance
        self.check_staff(review.home)
        extra = set(serializer.validated_data) - {"sent_to_ofsted_on", "notes"}
        if extra:
            raise FieldError(sorted(extra)[0], "This field cannot be changed after recording.")
        try:
            services.update_review(
                review=review, user=self.request.user, today=self.today, **serializer.validated_data
            )
        except services.DutyError as exc:
            _raise(exc)


@_schemas("Regulation 40 notification", NotificationSerializer, EX_NOTIFICATION)
class NotificationViewSet(DutyViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = {"happened_at": "happened_at", "id": "pk"}
    ordering = ["-happened_at", "-id"]
    visible = staticmethod(selectors.notifications_visible_to)

    def get_queryset(self):
        return super().get_queryset().select_related("duty")

    def _notified(self, data) -> dict:
        return {
            party: data[field]
            for party, field in Notification.PARTY_FIELDS.items()
            if field in data
        }

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_staff(data["home"])
        try:
            serializer.instance = services.record_notification(
                home=data["home"],
                user=self.request.user,
                duty=data["duty"],
                description=data["description"],
                happened_at=data["happened_at"],
                now=timezone.now(),
                notified=self._notified(data),
            )
        except services.DutyError as exc:
            _raise(exc)

    def perform_update(self, serializer):
        notification = serializer.instance
        self.check_staff(notification.home)
        extra = set(serializer.validated_data) - set(Notification.PARTY_FIELDS.values())
        if extra:
            raise FieldError(sorted(extra)[0], "This field cannot be changed after recording.")
        try:
            services.update_notification(
                notification=notification,
                user=self.request.user,
                now=timezone.now(),
                notified=self._notified(serializer.validated_data),
            )
        except services.DutyError as exc:
            _raise(exc)


@_schemas("Visit or review action", ActionSerializer, EX_ACTION, create=False)
class ActionViewSet(DutyViewSet):
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = {"due_date": "due_date", "id": "pk"}
    ordering = ["due_date", "id"]
    http_method_names = ["get", "patch", "head", "options"]
    visible = staticmethod(selectors.actions_visible_to)

    def get_queryset(self):
        return super().get_queryset().select_related("owner")

    def perform_update(self, serializer):
        action = serializer.instance
        self.check_staff(action.home)
        data = serializer.validated_data
        try:
            services.change_action(
                action=action,
                user=self.request.user,
                status=data.get("status"),
                owner=data.get("owner", False),
                due_date=data.get("due_date", False),
                note=data.get("note", ""),
            )
            if data.get("evidence_file"):
                services.add_action_evidence(
                    action=action,
                    user=self.request.user,
                    upload=EvidenceUpload.from_uploaded_file(data["evidence_file"]),
                )
        except services.DutyError as exc:
            _raise(exc)
        serializer.instance = Action.objects.select_related("home", "owner").get(pk=action.pk)


@extend_schema(
    summary="A home's monitoring duties",
    description=(
        "Each duty of the catalogue (Regulations 40, 44, 45) for this home: last done, next "
        "due, state (the requirements' due-state rule; `nothing_due` when nothing is "
        "pending), how often it was late, and whether the rule was verified in the source."
    ),
    tags=TAG,
    filters=False,
    parameters=[docs.URN_PARAMETER],
    responses={200: DutyRowSerializer(many=True), **docs.LIST_ERRORS},
    examples=[docs.example("Duties", EX_DUTY)],
)
class HomeDutiesView(ApiMixin, ListAPIView):
    serializer_class = DutyRowSerializer

    def get_queryset(self):
        return Visit.objects.none()  # for the schema; list() computes the rows

    def list(self, request, *args, **kwargs):
        home = get_object_or_404(homes_visible_to(user=request.user), urn=kwargs["urn"])
        rows = selectors.duty_rows(home=home, today=self.today)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

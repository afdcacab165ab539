"""Views of the duty resources: thin, scope from the selectors, writes through services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView

from compliance.api import docs
from compliance.api.base import ApiMixin
from compliance.api.errors import FieldError
from compliance.duties import selectors, services
from compliance.duties.api.filters import (
    ActionFilter,
    NotificationFilter,
    ReviewFilter,
    VisitFilter,
)
from compliance.duties.api.schema import (
    EX_ACTION,
    EX_DUTY,
    EX_NOTIFICATION,
    EX_REVIEW,
    EX_VISIT,
    TAG,
    schemas,
)
from compliance.duties.api.serializers import (
    ActionSerializer,
    DutyRowSerializer,
    NotificationSerializer,
    ReviewSerializer,
    VisitSerializer,
)
from compliance.duties.models import Action, Notification, Visit
from compliance.services.evidence import EvidenceUpload
from providers.access import homes_visible_to, is_provider_staff_for

# -- views ------------------------------------------------------------------------------


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
    searched: dict = {}  # see compliance.api.filters.Search
    visible = None  # selector
    changeable: frozenset = frozenset()  # the fields a PATCH may change

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

    def creation(self, serializer) -> dict:
        """A new visit's or review's fields as its service takes them (staff only)."""
        data = dict(serializer.validated_data)
        self.check_staff(data["home"])
        report = data.pop("report_file", None)
        return {**data, "user": self.request.user, "today": self.today, "report": _upload(report)}

    def changes(self, serializer) -> dict:
        """A PATCH's fields (staff only), refusing any that cannot change after recording."""
        self.check_staff(serializer.instance.home)
        extra = set(serializer.validated_data) - self.changeable
        if extra:
            raise FieldError(sorted(extra)[0], "This field cannot be changed after recording.")
        return serializer.validated_data


class ReportRecordViewSet(DutyViewSet):
    # A visit or a review, written through services.record_<kind> and update_<kind>, and
    # listed newest first by its own date (`dated_by`). (No docstring: the schema shows
    # DutyViewSet's.)
    kind = ""
    dated_by = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.ordering_fields = {cls.dated_by: cls.dated_by, "id": "pk"}
        cls.ordering = [f"-{cls.dated_by}", "-id"]

    def perform_create(self, serializer):
        record = getattr(services, f"record_{self.kind}")
        serializer.instance = record(**self.creation(serializer))

    def perform_update(self, serializer):
        update = getattr(services, f"update_{self.kind}")
        update(
            **{self.kind: serializer.instance},
            user=self.request.user,
            today=self.today,
            **self.changes(serializer),
        )


@schemas("Regulation 44 visit", VisitSerializer, EX_VISIT)
class VisitViewSet(ReportRecordViewSet):
    kind, dated_by = "visit", "visit_date"
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    visible = staticmethod(selectors.visits_visible_to)
    changeable = frozenset({"sent_to_ofsted_on", "sent_to_provider_on", "notes"})


@schemas("Regulation 45 review", ReviewSerializer, EX_REVIEW)
class ReviewViewSet(ReportRecordViewSet):
    kind, dated_by = "review", "completed_on"
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    visible = staticmethod(selectors.reviews_visible_to)
    changeable = frozenset({"sent_to_ofsted_on", "notes"})


@schemas("Regulation 40 notification", NotificationSerializer, EX_NOTIFICATION)
class NotificationViewSet(DutyViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = {"happened_at": "happened_at", "id": "pk"}
    ordering = ["-happened_at", "-id"]
    visible = staticmethod(selectors.notifications_visible_to)
    changeable = frozenset(Notification.PARTY_FIELDS.values())

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
        serializer.instance = services.record_notification(
            home=data["home"],
            user=self.request.user,
            duty=data["duty"],
            description=data["description"],
            happened_at=data["happened_at"],
            now=timezone.now(),
            notified=self._notified(data),
        )

    def perform_update(self, serializer):
        services.update_notification(
            notification=serializer.instance,
            user=self.request.user,
            now=timezone.now(),
            notified=self._notified(self.changes(serializer)),
        )


@schemas("Visit or review action", ActionSerializer, EX_ACTION, create=False)
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

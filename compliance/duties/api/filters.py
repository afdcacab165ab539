"""List filters of the duty resources."""

from __future__ import annotations

import django_filters

from compliance.duties.models import Action, Notification, Review, Visit
from inspections.models import RequirementStatus

# -- filters ----------------------------------------------------------------------------


class HomeFilterSet(django_filters.FilterSet):
    home = django_filters.CharFilter(field_name="home__urn", help_text="A home's URN.")

    class Meta:
        fields = ["home"]


class VisitFilter(HomeFilterSet):
    visited_from = django_filters.DateFilter(field_name="visit_date", lookup_expr="gte")
    visited_to = django_filters.DateFilter(field_name="visit_date", lookup_expr="lte")
    unsent = django_filters.BooleanFilter(
        field_name="sent_to_ofsted_on", lookup_expr="isnull", help_text="Report not yet sent."
    )

    class Meta(HomeFilterSet.Meta):
        model = Visit


class ReviewFilter(HomeFilterSet):
    completed_from = django_filters.DateFilter(field_name="completed_on", lookup_expr="gte")
    completed_to = django_filters.DateFilter(field_name="completed_on", lookup_expr="lte")

    class Meta(HomeFilterSet.Meta):
        model = Review


class NotificationFilter(HomeFilterSet):
    duty = django_filters.CharFilter(field_name="duty_id", help_text="A duty code.")
    happened_from = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__gte")
    happened_to = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__lte")

    class Meta(HomeFilterSet.Meta):
        model = Notification


class ActionFilter(HomeFilterSet):
    status = django_filters.ChoiceFilter(choices=RequirementStatus.choices)
    source = django_filters.ChoiceFilter(choices=Action.Source.choices)

    class Meta(HomeFilterSet.Meta):
        model = Action

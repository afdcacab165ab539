"""Template tags that put the duties on pages owned by others (the home page, the
dashboard) with one line each, so those views need not change."""

from django import template

from compliance.duties import selectors
from compliance.duties.models import Notification
from compliance.rules import today_in_london
from providers.access import homes_visible_to, is_provider_staff_for

register = template.Library()

STATE_TAGS = {
    "overdue": "tag--red",
    "due_today": "tag--orange",
    "due_soon": "tag--yellow",
    "upcoming": "tag--blue",
    "nothing_due": "tag--green",
    "visited": "tag--green",
    "missing": "tag--red",
    "due": "tag--yellow",
}


@register.filter
def state_tag(state: str) -> str:
    return STATE_TAGS.get(str(state), "tag--grey")


@register.filter
def party_label(code: str) -> str:
    return Notification.PARTY_LABELS.get(code, code)


@register.inclusion_tag("duties/monitoring_section.html", takes_context=True)
def monitoring_section(context, home):
    """The home page's monitoring section (the home view already checked who asks)."""
    user = context["request"].user
    return {
        "home": home,
        "monitoring": selectors.monitoring(home=home, today=today_in_london()),
        "can_record": is_provider_staff_for(user=user, home=home),
    }


@register.inclusion_tag("duties/dashboard_counts.html", takes_context=True)
def duty_counts(context):
    """Due and overdue duties across the user's homes, beside the requirement counts."""
    user = context["request"].user
    return {
        "duty_counts": selectors.duty_counts(
            homes=homes_visible_to(user=user), today=today_in_london()
        ),
        "access": context["access"],  # from providers.access.context
    }

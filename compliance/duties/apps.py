from django.apps import AppConfig


class DutiesConfig(AppConfig):
    """Statutory monitoring duties: Regulation 44 visits, 45 reviews, 40 notifications."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance.duties"
    label = "duties"
    verbose_name = "Monitoring duties"

    def ready(self):
        register_changes_feed()


def register_changes_feed():
    """Adds the duty records to GET /api/v1/changes/ from here, so the feed's own module
    needs no edit: its kind registry (and the list of names the schema's enum and the
    `kind` filter read, updated in place) gains four kinds."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from compliance.api import changes, feed
    from compliance.duties import selectors

    kinds = {
        "duty_visit": (selectors.visits_visible_to, "api:duty-visit-detail"),
        "duty_review": (selectors.reviews_visible_to, "api:duty-review-detail"),
        "duty_notification": (selectors.notifications_visible_to, "api:duty-notification-detail"),
        "duty_action": (selectors.actions_visible_to, "api:duty-action-detail"),
    }
    for kind, (visible, url_name) in kinds.items():
        changes.KINDS[kind] = (
            lambda user, visible=visible: visible(user=user),
            Cast("pk", CharField()),
            "updated_at",
        )
        feed.CHANGE_URLS[kind] = (url_name, "pk")
    changes.KIND_NAMES[:] = sorted(changes.KINDS)

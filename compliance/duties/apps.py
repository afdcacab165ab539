from django.apps import AppConfig


class DutiesConfig(AppConfig):
    """Statutory monitoring duties: Regulation 44 visits, 45 reviews, 40 notifications."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance.duties"
    label = "duties"
    verbose_name = "Monitoring duties"

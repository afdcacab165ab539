from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Only here so Django finds the development management commands."""

    name = "compliance.devtools"
    label = "devtools"

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from compliance.receivers import resolve_after_import
        from inspections.signals import report_imported

        report_imported.connect(resolve_after_import, dispatch_uid="compliance.resolve")

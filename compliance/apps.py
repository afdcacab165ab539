from django.apps import AppConfig
from django.core import checks


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from compliance.receivers import resolve_after_import
        from inspections.signals import report_imported

        report_imported.connect(resolve_after_import, dispatch_uid="compliance.resolve")

        from django.db.models.signals import post_delete, post_save

        from compliance.services.counts import requirement_changed
        from inspections.models import Requirement

        for signal in (post_save, post_delete):
            signal.connect(requirement_changed, sender=Requirement, dispatch_uid="counts")

        from compliance.readcache import receivers as readcache_receivers

        readcache_receivers.connect()

        from django.contrib.auth.signals import user_logged_in

        from compliance import security

        user_logged_in.connect(security.note_sign_in, dispatch_uid="compliance-note-sign-in")
        checks.register(secret_key_check, checks.Tags.security)


def secret_key_check(app_configs=None, **kwargs):
    """An error (so `manage.py check`, migrate and runserver stop) when DEBUG is off and
    SECRET_KEY is missing or a published default."""
    from django.conf import settings

    from compliance.security import secret_key_problem

    problem = secret_key_problem(key=settings.SECRET_KEY, debug=settings.DEBUG)
    return [checks.Error(problem, id="compliance.E001")] if problem else []

"""What a write changes, for the read cache: each model's save or delete names the providers
whose cached answers it makes out of date (connected in ComplianceConfig.ready).

Saves name the nearest owner they hold (a home, an inspection, a requirement), resolved to
providers once, when the transaction commits. Deletes resolve at once, while the rows they
point to still exist. Bulk writes that send no signals call `generations.changed` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from compliance.readcache.generations import changed, enabled

# model label -> the field naming what it belongs to, and what that field points at
OWNERS = {
    "providers.Provider": ("pk", "provider"),
    "providers.Person": ("provider_id", "provider"),
    "providers.ProviderMembership": ("provider_id", "provider"),
    "providers.Home": ("provider_id", "provider"),
    "inspections.Inspection": ("home_id", "home"),
    "inspections.Requirement": ("inspection_id", "inspection"),
    "inspections.Recommendation": ("inspection_id", "inspection"),
    "compliance.RequirementEvent": ("requirement_id", "requirement"),
    "compliance.Evidence": ("requirement_id", "requirement"),
    "compliance.Reminder": ("requirement_id", "requirement"),
    "duties.Visit": ("home_id", "home"),
    "duties.Review": ("home_id", "home"),
    "duties.Notification": ("home_id", "home"),
    "duties.Action": ("home_id", "home"),
    "duties.DutyEvent": ("home_id", "home"),
    "duties.ActionEvidence": ("action_id", "action"),
}
SCOPE_MODELS = ("providers.ProviderMembership", "providers.Person", "providers.Home")
# Reference data every page may show.
EVERYWHERE = ("inspections.Regulation", "duties.Duty")


def _owner_changed(instance, *, deleted: bool) -> None:
    field, kind = OWNERS[instance._meta.label]
    value = getattr(instance, field)
    # Who works on which homes may have changed: every user's scope is looked up again.
    scopes = instance._meta.label in SCOPE_MODELS
    if deleted or kind == "action":  # resolve now: after the commit the rows may be gone
        changed(provider_ids=[provider_of(kind, value)], scopes=scopes)
    else:
        changed(**{f"{kind}_ids": [value]}, scopes=scopes)


def provider_of(kind: str, value) -> int | None:
    from compliance.duties.models import Action
    from inspections.models import Inspection, Requirement
    from providers.models import Home

    lookups = {
        "provider": None,
        "home": (Home, "provider_id"),
        "inspection": (Inspection, "home__provider_id"),
        "requirement": (Requirement, "inspection__home__provider_id"),
        "action": (Action, "home__provider_id"),
    }
    if lookups[kind] is None or value is None:
        return value
    model, path = lookups[kind]
    return model.objects.filter(pk=value).values_list(path, flat=True).first()


def saved(sender, instance, **kwargs) -> None:
    if enabled():
        _owner_changed(instance, deleted=False)


def deleted(sender, instance, **kwargs) -> None:
    if enabled():
        _owner_changed(instance, deleted=True)


def home_moving(sender, instance, **kwargs) -> None:
    """A home moved to another provider leaves its old provider's answers out of date too."""
    if enabled() and instance.pk is not None:
        changed(provider_ids=[provider_of("home", instance.pk)])


def reference_changed(sender, instance, **kwargs) -> None:
    changed(everything=True)


def connect() -> None:
    from django.apps import apps

    for label in OWNERS:
        model = apps.get_model(label)
        post_save.connect(saved, sender=model, dispatch_uid=f"readcache-save-{label}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"readcache-delete-{label}")
    pre_save.connect(home_moving, sender=apps.get_model("providers.Home"), dispatch_uid="rc-home")
    for label in EVERYWHERE:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(reference_changed, sender=model, dispatch_uid=f"readcache-{label}")

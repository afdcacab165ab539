"""Reads about providers and homes, and the one scoping rule every view and endpoint uses."""

from django.db.models import QuerySet

from .models import Home, ProviderMembership, User


def sees_everything(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.is_staff or user.is_regulator)


def homes_visible_to(*, user: User) -> QuerySet[Home]:
    """The homes this user may see.

    Staff admins and regulators see every home; provider managers the homes of their
    providers; responsible individuals and registered managers the homes they are named
    for (through a Person linked to their account). Anyone else sees nothing.
    """
    homes = Home.objects.all()
    if not user.is_authenticated or not user.is_active:
        return homes.none()
    if sees_everything(user):
        return homes
    # A subquery, not a join, so the result needs no DISTINCT and stays cheap to filter.
    # Its three parts are a UNION rather than an OR: PostgreSQL estimates each part well
    # and walks the indexes from the user's few homes, where an OR made it guess half the
    # homes and scan every requirement (64 ms against 7 ms for 210 homes of 3,500).
    managed_providers = ProviderMembership.objects.filter(user=user).values("provider_id")
    ids = Home.objects.order_by().values("pk")
    return homes.filter(
        pk__in=ids.filter(provider_id__in=managed_providers).union(
            ids.filter(responsible_individual__user=user),
            ids.filter(registered_manager__user=user),
            all=True,
        )
    )


def is_provider_staff_for(*, user: User, home: Home) -> bool:
    """True for the provider's managers and the home's responsible individual and
    registered manager: the people who work on its requirements."""
    if not user.is_authenticated or not user.is_active:
        return False
    if ProviderMembership.objects.filter(user=user, provider_id=home.provider_id).exists():
        return True
    named = [home.responsible_individual_id, home.registered_manager_id]
    return user.people.filter(pk__in=[pk for pk in named if pk]).exists()


def can_confirm(*, user: User) -> bool:
    """Only regulators and staff admins (the users who see everything) confirm a
    requirement as met or not met."""
    return user.is_authenticated and sees_everything(user)

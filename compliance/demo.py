"""The demo set-up that `make run` loads: sample reports and one user per role.

The passwords are fixed on purpose, printed by the command and listed in the README: this
is a local demo, never a production set-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from providers.models import Home, Person, Provider, ProviderMembership, User, name_key

SAMPLES_DIR = Path(settings.BASE_DIR) / "samples" / "reports"
DEMO_PROVIDER = "Brookfield Children's Services Limited"
# The sample reports' providers (fictional) and the names their managers would give their
# homes: reports name no home, so the demo names them as a provider would.
SAMPLE_PROVIDERS = (DEMO_PROVIDER, "Harbour Lights Care Limited")
SAMPLE_HOME_NAMES = ("Willow House", "Brook Lodge", "Harbour View", "Meadow Cottage")


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    person: str | None = None  # the report's name this user signs in as
    email: str = ""


DEMO_USERS = [
    DemoUser("manager", "manager-demo-2026", "provider manager", email="manager@example.org"),
    DemoUser(
        "ri",
        "ri-demo-2026",
        "responsible individual",
        person="Priya Raman",
        email="priya.raman@example.org",
    ),
    DemoUser(
        "rm",
        "rm-demo-2026",
        "registered manager",
        person="Tom Hartley",
        email="tom.hartley@example.org",
    ),
    DemoUser("regulator", "regulator-demo-2026", "regulator", email="regulator@example.org"),
    DemoUser("admin", "admin-demo-2026", "staff admin", email="admin@example.org"),
]


@transaction.atomic
def create_demo_users() -> list[DemoUser]:
    """Create or reset the demo users; link them to the sample provider and people."""
    provider = Provider.objects.filter(name_key=name_key(DEMO_PROVIDER)).first()
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.email = demo.email
        user.first_name = demo.role.capitalize()
        user.is_regulator = demo.role == "regulator"
        user.is_staff = user.is_superuser = demo.role == "staff admin"
        user.set_password(demo.password)
        user.save()
        if demo.role == "provider manager" and provider is not None:
            ProviderMembership.objects.get_or_create(user=user, provider=provider)
        if demo.person and provider is not None:
            Person.objects.filter(name_key=name_key(demo.person), provider=provider).update(
                user=user, email=demo.email
            )
    name_sample_homes()
    return DEMO_USERS


def name_sample_homes() -> None:
    """Give the sample providers' unnamed homes the demo's names (a name given since stays)."""
    homes = Home.objects.filter(
        provider__name_key__in=[name_key(p) for p in SAMPLE_PROVIDERS]
    ).order_by("urn")
    for home, name in zip(homes, SAMPLE_HOME_NAMES, strict=False):
        if not home.name:
            home.name = name
            home.save(update_fields=["name", "updated_at"])

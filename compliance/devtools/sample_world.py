"""build_sample_world(): generate_demo_data() plus one user per role who can sign in
(password SAMPLE_PASSWORD), recommendations, status history and monitoring duties, for the
page benchmark and the screenshots. Development only."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from compliance.devtools import SAMPLE_PASSWORD
from compliance.devtools.generator import generate_demo_data
from compliance.duties.demo import load_demo_duties
from compliance.models import RequirementEvent
from inspections.models import Inspection, Recommendation, Requirement
from inspections.models import RequirementStatus as S
from providers.models import Home, Person, Provider, ProviderMembership, User

RECOMMENDATION_TEXT = (
    "Ensure that children's views are recorded and acted on in their placement plans."
)
HISTORY_NOTES = [
    "Risk assessments reviewed with the team and updated.",
    "New supervision schedule agreed; first sessions booked.",
    "Repair completed by the contractor; photographs attached.",
    "Checked on the monitoring visit.",
]
# The status events that bring a requirement from open to its status.
STEPS_TO = {
    S.OPEN: [],
    S.IN_PROGRESS: [("open", "in_progress")],
    S.ACTION_COMPLETED: [("open", "in_progress"), ("in_progress", "action_completed")],
    S.MET: [
        ("open", "in_progress"),
        ("in_progress", "action_completed"),
        ("action_completed", "met"),
    ],
    S.NOT_MET: [("open", "in_progress"), ("in_progress", "not_met")],
    # Closed by a later inspection: the import's resolution event (see _sample_history).
    S.RAISED_AGAIN: [],
    S.NOT_RAISED_AGAIN: [],
}


@dataclass
class SampleWorld:
    big_provider: Provider
    small_provider: Provider
    manager: User
    responsible_individual: User
    registered_manager: User
    regulator: User
    admin: User
    outsider: User
    first_home: Home
    homes: int
    requirements: int


def build_sample_world(
    *,
    today: dt.date,
    homes: int = 30,
    big_provider_homes: int = 8,
    years: int = 3,
    seed: int = 7,
) -> SampleWorld:
    """generate_demo_data() in an empty database, then users who can sign in for every
    role (the manager runs the first, 'big', provider; ri and rm are the first home's
    people), a recommendation or two per inspection, the status history and a year of
    monitoring duties per home."""
    report = generate_demo_data(
        homes=homes, years=years, seed=seed, today=today, first_provider_homes=big_provider_homes
    )
    rng = random.Random(seed)
    big = Provider.objects.get(pk=report.first_provider_id)
    small = Provider.objects.exclude(pk=big.pk).order_by("pk").first() or big
    first_home = Home.objects.filter(provider=big).order_by("pk").first()
    users = _sample_users(big, first_home)
    inspections = Inspection.objects.order_by("pk").values_list("pk", flat=True)
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                inspection_id=pk,
                sequence=sequence,
                text=RECOMMENDATION_TEXT,
                guide_page=rng.randint(10, 60),
                guide_paragraph=f"{rng.randint(2, 15)}.{rng.randint(1, 9)}",
            )
            for pk in inspections.iterator()
            for sequence in range(1, rng.choice([0, 1, 2]) + 1)
        ],
        batch_size=5000,
    )
    _sample_history(rng, users["manager"], users["regulator"])
    load_demo_duties(today=today)  # a year of visits, reviews and actions, as the demo has
    return SampleWorld(
        big_provider=big,
        small_provider=small,
        first_home=first_home,
        homes=report.homes,
        requirements=report.requirements,
        **users,
    )


def _sample_users(provider: Provider, home: Home) -> dict[str, User]:
    def user(username, first, last, **flags):
        account = User(username=username, first_name=first, last_name=last, **flags)
        account.email = f"{username}@example.org"
        account.set_password(SAMPLE_PASSWORD)
        account.save()
        return account

    users = {
        "manager": user("manager", "Maya", "Morgan"),
        "responsible_individual": user("ri", "Rosa", "Iqbal"),
        "registered_manager": user("rm", "Reid", "Mann"),
        "regulator": user("regulator", "Grace", "Hughes", is_regulator=True),
        "admin": user("admin", "Ada", "Min", is_staff=True, is_superuser=True),
        "outsider": user("outsider", "Otto", "Side"),
    }
    ProviderMembership.objects.create(user=users["manager"], provider=provider)
    Person.objects.filter(pk=home.responsible_individual_id).update(
        user=users["responsible_individual"]
    )
    Person.objects.filter(pk=home.registered_manager_id).update(user=users["registered_manager"])
    return users


def _sample_history(rng: random.Random, manager: User, regulator: User) -> None:
    """Events that bring each requirement to its status, as the lifecycle service would."""
    events = []
    rows = Requirement.objects.order_by("pk").values_list("pk", "status", "resolved_by_id")
    for pk, status, resolved_by in rows.iterator():
        if resolved_by is not None:
            events.append(
                RequirementEvent(
                    requirement_id=pk,
                    kind=RequirementEvent.Kind.RESOLVED,
                    actor_name="Report import",
                    from_status=S.OPEN,
                    to_status=status,
                    note="Resolved by the home's next inspection.",
                    inspection_id=resolved_by,
                )
            )
        for from_status, to_status in STEPS_TO[status]:
            actor = regulator if to_status in ("met", "not_met") else manager
            events.append(
                RequirementEvent(
                    requirement_id=pk,
                    kind=RequirementEvent.Kind.STATUS,
                    actor=actor,
                    actor_name=actor.get_full_name(),
                    from_status=from_status,
                    to_status=to_status,
                    note=rng.choice(HISTORY_NOTES),
                )
            )
        if len(events) >= 5000:
            RequirementEvent.objects.bulk_create(events)
            events = []
    RequirementEvent.objects.bulk_create(events)

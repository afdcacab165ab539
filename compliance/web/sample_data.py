"""Made-up but realistic data for page benchmarks and screenshots: providers, homes,
people, inspections with judgements, requirements in every state, history and users for
each role. Deterministic for a given seed; written with bulk inserts so England scale
(about 2,800 homes) takes seconds. Never used by the app itself."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from compliance.models import RequirementEvent
from compliance.services.resolution import FindingFacts, InspectionFacts, plan_resolutions
from inspections.models import (
    Inspection,
    Judgement,
    Recommendation,
    Regulation,
    Requirement,
    RequirementStatus,
)
from providers.models import Home, Person, Provider, ProviderMembership, User, name_key

PASSWORD = "sample-password-1"
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Maya",
    "Noah",
    "Omar",
    "Priya",
    "Rosa",
    "Sam",
    "Tara",
    "Will",
]
LAST = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owen",
    "Patel",
    "Quinn",
    "Reid",
    "Shaw",
    "Turner",
]
PLACES = [
    "Oak",
    "Ash",
    "Elm",
    "Birch",
    "Willow",
    "Maple",
    "Cedar",
    "Hazel",
    "Rowan",
    "Holly",
    "Beech",
    "Alder",
    "Laurel",
    "Poplar",
    "Yew",
]
KINDS = ["House", "Lodge", "Cottage", "View", "Court", "Place", "Grange", "Villa"]
PROVIDER_WORDS = [
    "Bright",
    "Horizons",
    "Harbour",
    "Northern",
    "Meadow",
    "Compass",
    "Haven",
    "Riverside",
    "Pathway",
    "Kestrel",
    "Summit",
    "Lantern",
    "Anchor",
    "Evergreen",
    "Beacon",
]
COMMON_REGULATIONS = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 20, 22, 23, 31, 32, 33, 34, 35, 37]
REQUIREMENT_TEXTS = [
    "The registered person must ensure that staff help each child to keep safe and that "
    "risks to children are identified, understood and reduced.",
    "The registered person must ensure that the home's records are kept up to date and "
    "that each child's placement plan is reviewed when their needs change.",
    "The registered person must ensure that staff receive practice-related supervision "
    "by a person with appropriate experience.",
    "The registered person must ensure that the premises are in a good state of repair "
    "and that any hazards are identified and removed.",
    "The registered person must ensure that medicines are stored, administered and "
    "recorded safely and that staff are trained to do so.",
]
DETAILS = [
    "Risk assessments for two children had not been updated after incidents of going missing.",
    "Supervision records showed gaps of up to four months for several staff.",
    "A broken window in a child's bedroom had not been repaired for six weeks.",
    "Medication records did not match stock levels on the day of the inspection.",
    "",
]
FULL_JUDGEMENTS = [
    Judgement.OUTSTANDING,
    Judgement.GOOD,
    Judgement.GOOD,
    Judgement.GOOD,
    Judgement.REQUIRES_IMPROVEMENT,
    Judgement.REQUIRES_IMPROVEMENT,
    Judgement.INADEQUATE,
]
INTERIM_OUTCOMES = [
    Judgement.IMPROVED_EFFECTIVENESS,
    Judgement.SUSTAINED_EFFECTIVENESS,
    Judgement.DECLINED_IN_EFFECTIVENESS,
]


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
    providers: int = 6,
    big_provider_homes: int = 8,
    homes_per_provider: tuple[int, int] = (1, 4),
    inspections_per_home: int = 5,
    seed: int = 7,
) -> SampleWorld:
    """Build the data in an empty database. The first provider is the 'big' one, with
    `big_provider_homes` homes; the sample users are linked to it."""
    rng = random.Random(seed)
    regulations = {r.number: r for r in Regulation.objects.all()}
    usable = [n for n in COMMON_REGULATIONS if n in regulations] or list(regulations)[:10]

    provider_rows = []
    for i in range(providers):
        name = f"{rng.choice(PROVIDER_WORDS)} {rng.choice(PROVIDER_WORDS)} Care {i + 1} Limited"
        provider_rows.append(
            Provider(name=name, name_key=name_key(name), address=f"{i + 1} Market Street, Leeds")
        )
    provider_rows = Provider.objects.bulk_create(provider_rows)

    people, homes = [], []
    serial = 0
    for index, provider in enumerate(provider_rows):
        count = big_provider_homes if index == 0 else rng.randint(*homes_per_provider)
        for _ in range(count):
            serial += 1
            ri = _person(rng, provider, serial, "ri")
            rm = _person(rng, provider, serial, "rm")
            people += [ri, rm]
            homes.append(
                Home(
                    urn=f"SC{100000 + serial}",
                    provider=provider,
                    name=f"{rng.choice(PLACES)} {rng.choice(KINDS)}",
                    provision_subtype="Children's home",
                    capacity=rng.randint(2, 8),
                    age_min=rng.choice([8, 10, 11, 12]),
                    age_max=rng.choice([17, 18]),
                    responsible_individual=ri,
                    registered_manager=rm,
                )
            )
    Person.objects.bulk_create(people)
    for home in homes:  # bulk_create set the people's keys; re-point the foreign keys
        home.responsible_individual_id = home.responsible_individual.pk
        home.registered_manager_id = home.registered_manager.pk
    homes = Home.objects.bulk_create(homes)

    inspections = []
    for home in homes:
        day = today - dt.timedelta(days=rng.randint(20, 200))
        for n in range(inspections_per_home):
            full = n % 2 == 0
            judgement = [rng.choice(FULL_JUDGEMENTS) for _ in range(3)] if full else None
            inspections.append(
                Inspection(
                    home=home,
                    inspection_type="full" if full else "interim",
                    start_date=day,
                    end_date=day + dt.timedelta(days=1),
                    overall_experiences=judgement[0] if full else "",
                    help_and_protection=judgement[1] if full else "",
                    leadership_and_management=judgement[2] if full else "",
                    outcome="" if full else rng.choice(INTERIM_OUTCOMES),
                    known_from_history_only=n == inspections_per_home - 1 and n > 1,
                )
            )
            day -= dt.timedelta(days=rng.randint(150, 330))
    inspections = Inspection.objects.bulk_create(inspections)

    requirements, recommendations = [], []
    by_home: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_home.setdefault(inspection.home_id, []).append(inspection)
    for home_inspections in by_home.values():
        for age, inspection in enumerate(home_inspections):  # newest first
            if inspection.known_from_history_only:
                continue
            for seq in range(1, rng.choice([0, 1, 2, 2, 3, 4]) + 1):
                requirements.append(_requirement(rng, inspection, seq, age, usable, today))
            for seq in range(1, rng.choice([0, 1, 2]) + 1):
                recommendations.append(
                    Recommendation(
                        inspection=inspection,
                        sequence=seq,
                        text="Ensure that children's views are recorded and acted on in "
                        "their placement plans.",
                        guide_page=rng.randint(10, 60),
                        guide_paragraph=f"{rng.randint(2, 15)}.{rng.randint(1, 9)}",
                    )
                )
    requirements = Requirement.objects.bulk_create(requirements)
    Recommendation.objects.bulk_create(recommendations)
    _link_repeats(requirements, inspections)

    users = _users(provider_rows[0], homes[0])
    _history(rng, requirements, users["manager"], users["regulator"])
    return SampleWorld(
        big_provider=provider_rows[0],
        small_provider=provider_rows[1] if len(provider_rows) > 1 else provider_rows[0],
        first_home=homes[0],
        homes=len(homes),
        requirements=len(requirements),
        **users,
    )


def _person(rng: random.Random, provider: Provider, serial: int, role: str) -> Person:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {role.upper()}{serial}"
    email = "" if rng.random() < 0.04 else f"{role}{serial}@example.org"
    return Person(name=name, name_key=name_key(name), provider=provider, email=email)


def _requirement(rng, inspection, seq, age, usable, today) -> Requirement:
    text = rng.randrange(len(REQUIREMENT_TEXTS))
    number = rng.choice(usable)
    due = inspection.start_date + dt.timedelta(days=rng.choice([28, 42, 56, 90, 120]))
    if age == 0:
        status = rng.choice(
            [RequirementStatus.OPEN] * 3
            + [RequirementStatus.IN_PROGRESS] * 2
            + [RequirementStatus.ACTION_COMPLETED]
        )
    else:
        status = rng.choice([RequirementStatus.MET] * 6 + [RequirementStatus.NOT_MET])
    return Requirement(
        inspection=inspection,
        regulation_id=number,
        sequence=seq,
        citation=f"Regulation {number}({rng.randint(1, 4)})({rng.choice('abc')})",
        text=REQUIREMENT_TEXTS[text],
        detail=DETAILS[text],
        due_date=due,
        compliance_notice=rng.random() < 0.05,
        status=status,
    )


def _link_repeats(requirements: list[Requirement], inspections: list[Inspection]) -> None:
    """As an import does: the home's later inspections resolve its earlier requirements
    (compliance.services.resolution's plan, without the history events)."""
    by_inspection: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        by_inspection.setdefault(requirement.inspection_id, []).append(requirement)
    per_home: dict[int, list[InspectionFacts]] = {}
    for inspection in inspections:
        if inspection.known_from_history_only:
            continue
        per_home.setdefault(inspection.home_id, []).append(
            InspectionFacts(
                inspection.pk,
                inspection.inspection_type,
                inspection.start_date,
                tuple(
                    FindingFacts(r.pk, r.regulation_id, r.citation, r.sequence, r.status)
                    for r in by_inspection.get(inspection.pk, [])
                ),
            )
        )
    by_pk = {r.pk: r for r in requirements}
    changed = []
    for facts in per_home.values():
        for pk, resolution in plan_resolutions(facts).items():
            if resolution is None:
                continue
            requirement = by_pk[pk]
            requirement.status = resolution.status
            requirement.resolved_by_id = resolution.inspection_id
            requirement.replaced_by_id = resolution.replaced_by
            changed.append(requirement)
    Requirement.objects.bulk_update(
        changed, ["status", "resolved_by", "replaced_by"], batch_size=500
    )


def _users(provider: Provider, home: Home) -> dict[str, User]:
    def user(username, first, last, **flags):
        account = User(username=username, first_name=first, last_name=last, **flags)
        account.email = f"{username}@example.org"
        account.set_password(PASSWORD)
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


def _history(rng, requirements, manager: User, regulator: User) -> None:
    """Events that bring each requirement to its status, as the lifecycle service would."""
    events = []
    for requirement in requirements:
        steps = {
            RequirementStatus.OPEN: [],
            RequirementStatus.IN_PROGRESS: [("open", "in_progress")],
            RequirementStatus.ACTION_COMPLETED: [
                ("open", "in_progress"),
                ("in_progress", "action_completed"),
            ],
            RequirementStatus.MET: [
                ("open", "in_progress"),
                ("in_progress", "action_completed"),
                ("action_completed", "met"),
            ],
            RequirementStatus.NOT_MET: [("open", "in_progress"), ("in_progress", "not_met")],
        }[requirement.status]
        for from_status, to_status in steps:
            actor = regulator if to_status in ("met", "not_met") else manager
            events.append(
                RequirementEvent(
                    requirement=requirement,
                    kind=RequirementEvent.Kind.STATUS,
                    actor=actor,
                    actor_name=actor.get_full_name(),
                    from_status=from_status,
                    to_status=to_status,
                    note=rng.choice(
                        [
                            "Risk assessments reviewed with the team and updated.",
                            "New supervision schedule agreed; first sessions booked.",
                            "Repair completed by the contractor; photographs attached.",
                            "Checked on the monitoring visit.",
                        ]
                    ),
                )
            )
    RequirementEvent.objects.bulk_create(events, batch_size=1000)

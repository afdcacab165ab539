"""The one synthetic-data generator: the demo (generate_demo_data), every benchmark
(bench_sweep, bench_api, bench_pages) and the screenshots all use it. Development only.

- Providers of skewed sizes: a few groups with over 100 homes (at England scale), many
  providers with one to three.
- About two inspections a year per home: full and interim alternating, a few monitoring
  or assurance visits; judgements spread as in England (about 19% outstanding, 62% good,
  16% requires improvement, 3% inadequate).
- Requirements per inspection by judgement, their regulations weighted as in the seed
  reports, due 4 to 8 weeks after the inspection, statuses by age (recent ones open or in
  progress, old ones mostly met). 3,500 homes x 10 years gives about 300,000 requirements,
  of which about 15,000 open or in progress.
- Every home has a responsible individual and a registered manager (about 3% without an
  email, to show the flag), every provider one manager user.

The same seed and today give the same data. Rows are written with bulk_create in batches,
with primary keys chosen here so requirements can link to the one they repeat without a
second pass; the sequences are reset afterwards.

compliance.devtools.sample_world.build_sample_world() adds, on top of that data, users who
can sign in for every role; compliance.devtools.synthetic_names holds the made-up names.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from compliance.devtools.synthetic_names import (
    FIRST_NAMES,
    HOME_KINDS,
    KINDS,
    LAST_NAMES,
    PLACES,
    TEXTS,
    bare_title,
    unique_names,
)
from compliance.rules import ACTIVE_STATUSES, today_in_london
from compliance.services.counts import recount_all
from compliance.services.resolution import FindingFacts, InspectionFacts, plan_resolutions
from inspections.models import (
    Inspection,
    Judgement,
    Regulation,
    Requirement,
)
from inspections.models import RequirementStatus as S
from providers.models import Home, Person, Provider, ProviderMembership, User, name_key

J = Judgement

# How often each regulation is cited in the five seed reports' requirements.
SEED_REGULATION_WEIGHTS = {
    12: 5, 13: 5, 32: 4, 5: 3, 6: 3, 14: 3, 35: 3, 7: 2, 11: 2, 23: 2,
    33: 2, 9: 1, 10: 1, 16: 1, 20: 1, 34: 1, 36: 1, 40: 1, 44: 1, 46: 1,
}  # fmt: skip

FULL_JUDGEMENTS = [
    (J.OUTSTANDING, 19),
    (J.GOOD, 62),
    (J.REQUIRES_IMPROVEMENT, 16),
    (J.INADEQUATE, 3),
]
INTERIM_OUTCOMES = [
    (J.IMPROVED_EFFECTIVENESS, 20),
    (J.SUSTAINED_EFFECTIVENESS, 65),
    (J.DECLINED_IN_EFFECTIVENESS, 15),
]
# Mean requirements raised, by the inspection's headline judgement.
REQUIREMENTS_PER_INSPECTION = {
    J.OUTSTANDING: 0.8,
    J.GOOD: 3.8,
    J.REQUIRES_IMPROVEMENT: 7.5,
    J.INADEQUATE: 11.0,
    J.IMPROVED_EFFECTIVENESS: 3.0,
    J.SUSTAINED_EFFECTIVENESS: 4.0,
    J.DECLINED_IN_EFFECTIVENESS: 8.0,
}
# Status weights by how many days ago the requirement fell due (negative: still to come).
STATUS_BY_AGE = [
    (-14, {S.OPEN: 75, S.IN_PROGRESS: 25}),
    (0, {S.OPEN: 50, S.IN_PROGRESS: 40, S.ACTION_COMPLETED: 10}),
    (60, {S.OPEN: 25, S.IN_PROGRESS: 30, S.ACTION_COMPLETED: 30, S.MET: 15}),
    (180, {S.OPEN: 8, S.IN_PROGRESS: 10, S.ACTION_COMPLETED: 17, S.MET: 58, S.NOT_MET: 7}),
    (math.inf, {S.OPEN: 1.8, S.IN_PROGRESS: 1.1, S.ACTION_COMPLETED: 0.5, S.MET: 88, S.NOT_MET: 9}),
]


@dataclass
class DemoDataReport:
    providers: int = 0
    homes: int = 0
    people: int = 0
    users: int = 0
    inspections: int = 0
    requirements: int = 0
    active_requirements: int = 0
    overdue_requirements: int = 0
    seconds: float = 0.0
    first_provider_id: int | None = None


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means used here."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def provider_sizes(homes: int, rng: random.Random) -> list[int]:
    """Skewed: four large groups holding about a sixth of the homes (over 100 each at
    England scale), the rest from a power law where most providers run one to three."""
    sizes = [max(1, round(homes * share)) for share in (0.06, 0.045, 0.035, 0.03)]
    sizes = sizes[: max(1, homes // 100)] if homes < 400 else sizes
    left = homes - sum(sizes)
    cap = max(3, min(60, homes // 40))
    weights = [s**-2.2 for s in range(1, cap + 1)]
    while left > 0:
        size = min(left, rng.choices(range(1, cap + 1), weights)[0])
        sizes.append(size)
        left -= size
    while sum(sizes) > homes:  # tiny runs: the large groups alone may overshoot
        sizes[sizes.index(max(sizes))] -= 1
    return [s for s in sizes if s > 0]


class Ids:
    """Primary keys chosen here, continuing after what the tables already hold."""

    def __init__(self, *models):
        self.next = {m: (m.objects.aggregate(n=Max("pk"))["n"] or 0) + 1 for m in models}

    def take(self, model) -> int:
        pk = self.next[model]
        self.next[model] += 1
        return pk


class Writer:
    """Buffers rows per model and bulk-inserts them in batches, parents first."""

    ORDER = [Provider, User, Person, Home, ProviderMembership, Inspection, Requirement]

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.rows = {model: [] for model in self.ORDER}
        self.counts = dict.fromkeys(self.ORDER, 0)

    def add(self, obj):
        rows = self.rows[type(obj)]
        rows.append(obj)
        if len(rows) >= self.batch_size:
            self.flush()

    def flush(self):
        for model in self.ORDER:
            if self.rows[model]:
                model.objects.bulk_create(self.rows[model], batch_size=self.batch_size)
                self.counts[model] += len(self.rows[model])
                self.rows[model] = []


class PersonMaker:
    """The people of one provider: unique names, emails at the provider's domain."""

    def __init__(self, provider_pk, domain, rng, ids, writer, report):
        self.provider_pk, self.domain, self.rng = provider_pk, domain, rng
        self.ids, self.writer, self.report = ids, writer, report
        self.taken: set[str] = set()

    def make(self, role_word: str) -> Person:
        rng = self.rng
        name = unique_names(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", self.taken)
        local = name_key(name).replace(" ", ".").replace("(", "").replace(")", "")
        person = Person(
            pk=self.ids.take(Person),
            name=name,
            name_key=name_key(name),
            provider_id=self.provider_pk,
            email="" if rng.random() < 0.03 else f"{local}.{role_word}@{self.domain}",
            advance_reminders=rng.random() > 0.05,
        )
        self.writer.add(person)
        self.report.people += 1
        return person


def status_for(age_days: int, rng: random.Random) -> str:
    for upper, weights in STATUS_BY_AGE:
        if age_days < upper:
            return weighted(rng, weights.items())
    raise AssertionError("unreachable")


def pick_regulations(rng: random.Random, count: int) -> list[int]:
    """Weighted as in the seeds, each regulation at most once per inspection."""
    numbers, weights = list(SEED_REGULATION_WEIGHTS), list(SEED_REGULATION_WEIGHTS.values())
    chosen = []
    for _ in range(min(count, len(numbers))):
        index = rng.choices(range(len(numbers)), weights)[0]
        chosen.append(numbers.pop(index))
        weights.pop(index)
    return chosen


@transaction.atomic
def generate_demo_data(
    *,
    homes: int,
    years: int,
    seed: int,
    today: dt.date | None = None,
    batch_size: int = 5000,
    first_provider_homes: int | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoDataReport:
    """Add `homes` homes with `years` of inspection history up to `today`, in one
    transaction. Adds to what is there; URNs and names never collide with existing ones.
    `first_provider_homes` fixes the size of the first provider made (a benchmark's
    "manager with 50 homes"); the others keep the skewed sizes."""
    if homes < 1 or years < 1:
        raise ValueError("--homes and --years must be 1 or more")
    if first_provider_homes is not None and not 1 <= first_provider_homes <= homes:
        raise ValueError("first_provider_homes must be between 1 and --homes")
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or today_in_london()
    regulation_titles = dict(Regulation.objects.values_list("number", "title"))
    missing = set(SEED_REGULATION_WEIGHTS) - set(regulation_titles)
    if missing:
        raise ValueError(f"regulations {sorted(missing)} are not loaded: run migrate first")
    ids = Ids(Provider, User, Person, Home, ProviderMembership, Inspection, Requirement)
    writer = Writer(batch_size)
    taken_providers = set(Provider.objects.values_list("name_key", flat=True))
    taken_urns = set(Home.objects.values_list("urn", flat=True))
    taken_users = set(User.objects.values_list("username", flat=True))
    urn_number = 100000
    report = DemoDataReport()
    history_start = today - dt.timedelta(days=round(365.25 * years))

    if first_provider_homes is None:
        sizes = provider_sizes(homes, rng)
    else:
        rest = homes - first_provider_homes
        sizes = [first_provider_homes, *(provider_sizes(rest, rng) if rest else [])]
    for size in sizes:
        provider = Provider(
            pk=ids.take(Provider),
            name=unique_names(f"{rng.choice(PLACES)} {rng.choice(KINDS)} Limited", taken_providers),
        )
        provider.name_key = name_key(provider.name)
        provider.address = f"{rng.randint(1, 250)} {rng.choice(PLACES)} Road"
        writer.add(provider)
        if report.first_provider_id is None:
            report.first_provider_id = provider.pk
        domain = f"{name_key(provider.name).split()[0]}{provider.pk}.example.org"
        people = PersonMaker(provider.pk, domain, rng, ids, writer, report)
        username = f"manager-{provider.pk}"
        if username not in taken_users:
            user = User(
                pk=ids.take(User),
                username=username,
                email=f"manager@{domain}",
                password="!demo-data",  # unusable: demo managers cannot sign in
            )
            writer.add(user)
            writer.add(
                ProviderMembership(
                    pk=ids.take(ProviderMembership), user_id=user.pk, provider_id=provider.pk
                )
            )
            report.users += 1
        responsible = None
        for index in range(size):
            if index % 6 == 0:  # one responsible individual covers up to six homes
                responsible = people.make("ri")
            while f"SC{urn_number}" in taken_urns:
                urn_number += 1
            manager = people.make("rm")
            home = Home(
                pk=ids.take(Home),
                urn=f"SC{urn_number}",
                provider_id=provider.pk,
                # From the URN, not the random stream, so the rest of the data stays the same.
                name=f"{PLACES[urn_number % len(PLACES)]} "
                f"{HOME_KINDS[urn_number // len(PLACES) % len(HOME_KINDS)]}",
                provision_subtype="Children's home",
                capacity=rng.choice([2, 3, 4, 4, 5, 6, 8]),
                age_min=rng.choice([8, 10, 11, 12]),
                age_max=17,
                responsible_individual_id=responsible.pk,
                registered_manager_id=manager.pk,
            )
            urn_number += 1
            writer.add(home)
            report.homes += 1
            add_history(
                home=home,
                owner=manager,
                start=history_start,
                today=today,
                rng=rng,
                ids=ids,
                writer=writer,
                report=report,
                titles=regulation_titles,
            )
        report.providers += 1
        if report.providers % 200 == 0:
            progress(f"{report.homes} homes, {report.requirements} requirements")
    writer.flush()
    reset_sequences()
    recount_all()  # bulk_create sends no signals: the kept counts are rebuilt once
    report.inspections = writer.counts[Inspection]
    report.seconds = time.perf_counter() - started
    return report


def add_history(*, home, owner, start, today, rng, ids, writer, report, titles):
    """About two inspections a year, each with its requirements."""
    day = start + dt.timedelta(days=rng.randint(0, 180))
    previous = None
    number = 0
    findings: list[tuple[Inspection, list[Requirement]]] = []
    while day < today:
        full = number % 2 == 0
        kind = (
            "full" if full else rng.choices(["interim", "monitoring", "assurance"], [92, 5, 3])[0]
        )
        inspection = Inspection(
            pk=ids.take(Inspection), home_id=home.pk, inspection_type=kind, start_date=day
        )
        inspection.end_date = day + dt.timedelta(days=1 if not full else rng.choice([1, 2]))
        if full:
            overall = weighted(rng, FULL_JUDGEMENTS)
            inspection.overall_experiences = overall
            inspection.help_and_protection = nearby(overall, rng)
            inspection.leadership_and_management = nearby(overall, rng)
        else:
            overall = weighted(rng, INTERIM_OUTCOMES)
            inspection.outcome = overall
        if previous is not None:
            inspection.previous_inspection_date = previous.start_date
            inspection.previous_inspection_judgement = previous.headline_judgement
        writer.add(inspection)
        raised = []
        count = min(12, poisson(rng, REQUIREMENTS_PER_INSPECTION[overall]))
        for sequence, number_ in enumerate(pick_regulations(rng, count), start=1):
            due = day + dt.timedelta(days=rng.randint(28, 56))
            status = status_for((today - due).days, rng)
            requirement = Requirement(
                pk=ids.take(Requirement),
                inspection_id=inspection.pk,
                regulation_id=number_,
                sequence=sequence,
                citation=f"Regulation {number_}({rng.randint(1, 3)})"
                + rng.choice(["", "(a)", "(b)", "(a)(i)"]),
                text=rng.choice(TEXTS).format(title=bare_title(titles[number_]) or "regulation"),
                due_date=due,
                compliance_notice=rng.random() < (0.08 if overall == J.INADEQUATE else 0.003),
                status=status,
                owner_id=owner.pk if status in (S.IN_PROGRESS, S.ACTION_COMPLETED) else None,
            )
            raised.append(requirement)
        findings.append((inspection, raised))
        previous = inspection
        number += 1
        day += dt.timedelta(days=rng.randint(140, 230))
    # Later inspections resolve earlier requirements by the importer's own rule.
    apply_resolutions(findings)
    for _, raised in findings:
        for requirement in raised:
            writer.add(requirement)
            report.requirements += 1
            if requirement.status in ACTIVE_STATUSES:
                report.active_requirements += 1
                report.overdue_requirements += requirement.due_date < today


def apply_resolutions(findings: list[tuple[Inspection, list[Requirement]]]) -> None:
    """Set what the home's later inspections made of each requirement, with the plan that
    import uses (compliance.services.resolution.plan_resolutions), without its events."""
    facts = [
        InspectionFacts(
            inspection.pk,
            inspection.inspection_type,
            inspection.start_date,
            tuple(
                FindingFacts(r.pk, r.regulation_id, r.citation, r.sequence, r.status)
                for r in raised
            ),
        )
        for inspection, raised in findings
    ]
    plan = plan_resolutions(facts)
    for _, raised in findings:
        for requirement in raised:
            resolution = plan.get(requirement.pk)
            if resolution is not None:
                requirement.status = resolution.status
                requirement.resolved_by_id = resolution.inspection_id
                requirement.replaced_by_id = resolution.replaced_by


def nearby(judgement: str, rng: random.Random) -> str:
    """The other two judgements: usually the same as the overall one, sometimes a step off."""
    scale = [J.OUTSTANDING, J.GOOD, J.REQUIRES_IMPROVEMENT, J.INADEQUATE]
    index = scale.index(judgement)
    step = rng.choices([0, -1, 1], [70, 15, 15])[0]
    return scale[min(max(index + step, 0), len(scale) - 1)]


def reset_sequences():
    """Primary keys were chosen here, so the database's sequences must catch up."""
    models = [Provider, User, Person, Home, ProviderMembership, Inspection, Requirement]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)

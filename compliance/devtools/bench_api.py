"""How fast the API answers at scale: p50 and p95 server time of each list and summary
endpoint, beside the time of hand-written SQL that fetches the same rows, measured in
the same run (the two alternate, so both see the same machine).

Server time is the whole request in-process (middleware, view, queries, rendering), as a
WSGI server would spend it, without the network. The raw SQL is what a person would write
for the same page: the page of 50 and one row more (the API counts only with count=true), or
the summary's aggregates over the rows themselves (the API reads its kept counts instead),
with the same scope. The gap between the two is what Django and DRF cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import override_settings
from rest_framework.test import APIClient

from compliance.models import RequirementEvent
from compliance.rules import today_in_london
from inspections.models import Inspection, Recommendation, Regulation, Requirement
from providers.models import Home, Person, Provider, ProviderMembership, User

PAGE = 50
T = {
    "provider": Provider._meta.db_table,
    "home": Home._meta.db_table,
    "person": Person._meta.db_table,
    "membership": ProviderMembership._meta.db_table,
    "inspection": Inspection._meta.db_table,
    "inspectors": Inspection.inspectors.through._meta.db_table,
    "requirement": Requirement._meta.db_table,
    "regulation": Regulation._meta.db_table,
    "recommendation": Recommendation._meta.db_table,
    "event": RequirementEvent._meta.db_table,
}


@dataclass
class Who:
    """A role to measure as: its API user, and the SQL that says which homes it sees."""

    label: str
    user: User
    visible_homes: str  # SQL selecting the ids of the homes this user may see, or ""

    def homes_where(self, column: str) -> str:
        return f"{column} IN ({self.visible_homes})" if self.visible_homes else "TRUE"


def staff_admin() -> Who:
    # Not saved: a staff admin sees everything, and the bench writes nothing.
    user = User(username="bench-admin", is_staff=True, is_superuser=True, is_active=True)
    return Who("staff admin", user, "")


def manager_of_largest_provider() -> Who | None:
    largest = (
        Home.objects.values("provider_id").annotate(n=Count("pk")).order_by("-n", "provider_id")
    ).first()
    membership = (
        ProviderMembership.objects.filter(provider_id=largest["provider_id"])
        .select_related("user")
        .first()
        if largest
        else None
    )
    if membership is None:
        return None
    uid = int(membership.user_id)
    visible = (
        f"SELECT h.id FROM {T['home']} h WHERE h.provider_id IN "
        f"(SELECT provider_id FROM {T['membership']} WHERE user_id = {uid}) "
        f"UNION SELECT h.id FROM {T['home']} h JOIN {T['person']} p "
        f"ON p.id = h.responsible_individual_id WHERE p.user_id = {uid} "
        f"UNION SELECT h.id FROM {T['home']} h JOIN {T['person']} p "
        f"ON p.id = h.registered_manager_id WHERE p.user_id = {uid}"
    )
    label = f"manager of {largest['n']} homes"
    return Who(label, membership.user, visible)


# -- the endpoints and their raw SQL -------------------------------------------------------

REQUIREMENT_ROW = f"""
    SELECT r.id, r.sequence, r.citation, r.text, r.detail, r.due_date, r.compliance_notice,
           r.status, r.replaced_by_id, r.resolved_by_id, r.created_at, r.updated_at,
           i.id, i.inspection_type, i.start_date, h.urn, h.name, p.id, p.name,
           g.number, g.title, o.id, o.name
    FROM {T["requirement"]} r
    JOIN {T["inspection"]} i ON i.id = r.inspection_id
    JOIN {T["home"]} h ON h.id = i.home_id
    JOIN {T["provider"]} p ON p.id = h.provider_id
    JOIN {T["regulation"]} g ON g.number = r.regulation_id
    LEFT JOIN {T["person"]} o ON o.id = r.owner_id"""


def requirements_sql(who: Who, where: str = "TRUE", order: str = "r.id") -> list[str]:
    scope = who.homes_where("i.home_id")
    return [
        f"{REQUIREMENT_ROW} WHERE {scope} AND {where} ORDER BY {order} LIMIT {PAGE + 1}",
    ]


def _page(select: str, joins: str, *, where: str, order: str) -> str:
    """One page of rows, and one more to know of a next page."""
    return f"SELECT {select} {joins} WHERE {where} ORDER BY {order} LIMIT {PAGE + 1}"


PROVIDER_OF_HOME = f"JOIN {T['provider']} p ON p.id = h.provider_id"
HOME_OF_INSPECTION = f"JOIN {T['home']} h ON h.id = i.home_id {PROVIDER_OF_HOME}"


def providers_sql(who: Who) -> list[str]:
    within = f"SELECT provider_id FROM {T['home']} h WHERE {who.homes_where('h.id')}"
    columns = "id, name, address, created_at, updated_at"
    return [_page(columns, f"FROM {T['provider']}", where=f"id IN ({within})", order="name, id")]


def homes_sql(who: Who) -> list[str]:
    people = " ".join(
        f"LEFT JOIN {T['person']} {alias} ON {alias}.id = h.{column}"
        for alias, column in (("ri", "responsible_individual_id"), ("rm", "registered_manager_id"))
    )
    joins = f"FROM {T['home']} h {PROVIDER_OF_HOME} {people}"
    return [
        _page("h.*, p.name, ri.name, rm.name", joins, where=who.homes_where("h.id"), order="h.urn")
    ]


def inspections_sql(who: Who) -> list[str]:
    scope = who.homes_where("i.home_id")
    order = "i.start_date DESC, i.id"
    page = _page("i.id", f"FROM {T['inspection']} i", where=scope, order=order)
    joins = f"FROM {T['inspection']} i {HOME_OF_INSPECTION}"
    return [
        _page("i.*, h.urn, h.name, p.id, p.name", joins, where=scope, order=order),
        f"SELECT x.inspection_id, pe.name FROM {T['inspectors']} x "
        f"JOIN {T['person']} pe ON pe.id = x.person_id WHERE x.inspection_id IN ({page})",
    ]


def recommendations_sql(who: Who) -> list[str]:
    joins = (
        f"FROM {T['recommendation']} c JOIN {T['inspection']} i ON i.id = c.inspection_id "
        f"{HOME_OF_INSPECTION}"
    )
    columns = "c.*, i.start_date, h.urn, p.name"
    return [_page(columns, joins, where=who.homes_where("i.home_id"), order="c.id")]


def people_where(who: Who) -> str:
    """The people the user may see, as a condition on `pe.id`."""
    if who.visible_homes:
        uid = int(who.user.pk)
        ids = (
            f"SELECT responsible_individual_id FROM {T['home']} WHERE id IN ({who.visible_homes}) "
            f"UNION SELECT registered_manager_id FROM {T['home']} "
            f"WHERE id IN ({who.visible_homes}) "
            f"UNION SELECT r.owner_id FROM {T['requirement']} r "
            f"JOIN {T['inspection']} i ON i.id = r.inspection_id "
            f"WHERE r.owner_id IS NOT NULL AND i.home_id IN ({who.visible_homes}) "
            f"UNION SELECT id FROM {T['person']} WHERE provider_id IN "
            f"(SELECT provider_id FROM {T['membership']} WHERE user_id = {uid})"
        )
        where = f"pe.id IN ({ids})"
    else:
        where = "TRUE"
    return where


def people_sql(who: Who) -> list[str]:
    where = people_where(who)
    return [
        f"SELECT pe.*, p.name FROM {T['person']} pe "
        f"LEFT JOIN {T['provider']} p ON p.id = pe.provider_id "
        f"WHERE {where} ORDER BY pe.name, pe.id LIMIT {PAGE + 1}",
    ]


def changes_sql(who: Who, since: str | None) -> list[str]:
    def part(kind: str, table: str, ref: str, changed: str, scope: str) -> str:
        after = f"t.{changed} > '{since}'" if since else "TRUE"
        return (
            f"SELECT '{kind}' AS kind, t.id, {ref} AS ref, t.created_at, t.{changed} AS changed "
            f"FROM {table} t {scope[0]} WHERE {after} AND {scope[1]}"
        )

    req_join = f"JOIN {T['inspection']} si ON si.id = t.inspection_id"
    evt_join = (
        f"JOIN {T['requirement']} sr ON sr.id = t.requirement_id "
        f"JOIN {T['inspection']} si ON si.id = sr.inspection_id"
    )
    if not who.visible_homes:  # a staff admin: no scope, so nothing to join for it
        req_join = evt_join = ""
    people = people_where(who).replace("pe.id", "t.id")
    parts = [
        part("history", T["event"], "t.requirement_id::text", "created_at",
             (evt_join, who.homes_where("si.home_id"))),
        part("home", T["home"], "t.urn", "updated_at", ("", who.homes_where("t.id"))),
        part("inspection", T["inspection"], "t.id::text", "updated_at",
             ("", who.homes_where("t.home_id"))),
        part("person", T["person"], "t.id::text", "updated_at", ("", people)),
        part("provider", T["provider"], "t.id::text", "updated_at",
             ("", f"t.id IN (SELECT provider_id FROM {T['home']} h "
                  f"WHERE {who.homes_where('h.id')})")),
        part("recommendation", T["recommendation"], "t.id::text", "updated_at",
             (req_join, who.homes_where("si.home_id"))),
        part("requirement", T["requirement"], "t.id::text", "updated_at",
             (req_join, who.homes_where("si.home_id"))),
    ]  # fmt: skip
    return [" UNION ALL ".join(parts) + f" ORDER BY changed, kind, id LIMIT {PAGE + 1}"]


def summary_sql(requirements_where: str, homes_where: str, today: str, *, of: str) -> list[str]:
    """A home's summary (`of="home"`: its latest inspections) or a provider's (its homes and
    their latest full-inspection judgements); the rest is common."""
    requirement, inspection, regulation = T["requirement"], T["inspection"], T["regulation"]
    home, person = T["home"], T["person"]
    active = "r.status IN ('open', 'in_progress', 'not_met')"
    soon = f"r.due_date BETWEEN '{today}'::date AND '{today}'::date"
    counts = (
        f"count(*) FILTER (WHERE {active}), "
        f"count(*) FILTER (WHERE {active} AND {soon} + 14), "
        f"count(*) FILTER (WHERE {active} AND {soon} + 28), "
        f"count(*) FILTER (WHERE {active} AND r.due_date < '{today}'), "
        "count(*) FILTER (WHERE r.status = 'action_completed'), "
        "count(*) FILTER (WHERE r.status = 'met'), "
        "count(*) FILTER (WHERE r.status = 'not_met'), "
        f"count(*) FILTER (WHERE {active} AND r.compliance_notice), "
        f"count(*) FILTER (WHERE {active} AND EXISTS (SELECT 1 FROM {requirement} e "
        "WHERE e.replaced_by_id = r.id)), "
        "count(*) FILTER (WHERE r.status = 'raised_again'), "
        "count(*) FILTER (WHERE r.status = 'not_raised_again')"
    )
    joined = f"FROM {requirement} r JOIN {inspection} i ON i.id = r.inspection_id"
    where = f"WHERE {requirements_where}"
    latest = (
        f"SELECT DISTINCT ON (i.home_id) i.* FROM {inspection} i "
        f"WHERE i.home_id IN (SELECT h.id FROM {home} h WHERE {homes_where}) "
        "{judged} ORDER BY i.home_id, i.start_date DESC, i.id DESC"
    )
    judged = latest.format(judged="AND i.overall_experiences <> ''")
    if of == "home":
        head = [latest.format(judged=""), judged]
    else:
        head = [
            f"SELECT count(*) FROM {home} h WHERE {homes_where}",
            f"SELECT overall_experiences, count(*) FROM ({judged}) x GROUP BY 1",
        ]
    return [
        *head,
        f"SELECT r.regulation_id, g.title, {counts} {joined} "
        f"JOIN {regulation} g ON g.number = r.regulation_id {where} "
        "GROUP BY r.regulation_id, g.title ORDER BY r.regulation_id",
        f"SELECT r.*, e.citation, ei.start_date, count(*) OVER () {joined} "
        f"JOIN {requirement} e ON e.replaced_by_id = r.id "
        f"JOIN {inspection} ei ON ei.id = e.inspection_id {where} "
        "ORDER BY i.start_date DESC, r.id DESC LIMIT 25",
        f"SELECT r.* {joined} {where} AND {active} AND r.compliance_notice "
        "ORDER BY r.due_date NULLS LAST, r.id LIMIT 25",
        f"SELECT h.urn, ri.name, rm.name FROM {home} h "
        f"LEFT JOIN {person} ri ON ri.id = h.responsible_individual_id "
        f"LEFT JOIN {person} rm ON rm.id = h.registered_manager_id "
        f"WHERE {homes_where} AND (ri.email = '' OR rm.email = '') ORDER BY h.urn",
    ]


@dataclass
class Endpoint:
    name: str
    url: str
    raw_sql: list[str]


def latest_change() -> str:
    """The moment of the last change: a poll since then finds nothing new."""
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT max({column}) FROM {T[table]}"
                for table, column in [
                    ("provider", "updated_at"),
                    ("home", "updated_at"),
                    ("person", "updated_at"),
                    ("inspection", "updated_at"),
                    ("requirement", "updated_at"),
                    ("recommendation", "updated_at"),
                    ("event", "created_at"),
                ]
            )
        )
        moments = [row[0] for row in cursor.fetchall() if row[0] is not None]
    return max(moments).isoformat()


def endpoints(who: Who, *, home: Home, provider_id: int) -> list[Endpoint]:
    today = today_in_london().isoformat()
    last = latest_change()
    overdue = f"r.status IN ('open', 'in_progress') AND r.due_date < '{today}'"
    home_scope = f"i.home_id = {int(home.pk)} AND {who.homes_where('i.home_id')}"
    provider_homes = f"h.provider_id = {int(provider_id)} AND {who.homes_where('h.id')}"
    return [
        Endpoint("providers", "/api/v1/providers/", providers_sql(who)),
        Endpoint("homes", "/api/v1/homes/", homes_sql(who)),
        Endpoint("inspections", "/api/v1/inspections/", inspections_sql(who)),
        Endpoint("requirements", "/api/v1/requirements/", requirements_sql(who)),
        Endpoint(
            "requirements, overdue by due date",
            "/api/v1/requirements/?overdue=true&ordering=due_date",
            requirements_sql(who, overdue, "r.due_date, r.id"),
        ),
        Endpoint(
            "a home's requirements",
            f"/api/v1/homes/{home.urn}/requirements/",
            [f"SELECT * FROM {T['home']} WHERE urn = '{home.urn}'"]
            + requirements_sql(who, f"i.home_id = {int(home.pk)}"),
        ),
        Endpoint("recommendations", "/api/v1/recommendations/", recommendations_sql(who)),
        Endpoint("people", "/api/v1/people/", people_sql(who)),
        Endpoint("changes: first page of a full sync", "/api/v1/changes/", changes_sql(who, None)),
        Endpoint(
            "changes: a poll with nothing new",
            f"/api/v1/changes/?since={last.replace('+', '%2B')}",
            changes_sql(who, last),
        ),
        Endpoint(
            "a home's compliance summary",
            f"/api/v1/homes/{home.urn}/compliance/",
            [f"SELECT * FROM {T['home']} WHERE urn = '{home.urn}'"]
            + summary_sql(home_scope, f"h.id = {int(home.pk)}", today, of="home"),
        ),
        Endpoint(
            "a provider's compliance summary",
            f"/api/v1/providers/{int(provider_id)}/compliance/",
            [f"SELECT * FROM {T['provider']} WHERE id = {int(provider_id)}"]
            + summary_sql(
                f"i.home_id IN (SELECT h.id FROM {T['home']} h WHERE {provider_homes})",
                provider_homes,
                today,
                of="provider",
            ),
        ),
    ]


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    who: str
    endpoint: str
    queries: int
    rows: int | None
    server_ms: list[float]
    sql_ms: list[float]
    cached_ms: list[float]

    @staticmethod
    def percentile(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def p(self, which: str, q: float) -> float:
        values = {"server": self.server_ms, "sql": self.sql_ms, "cached": self.cached_ms}
        return self.percentile(values[which], q)


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _run_sql(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def measure(who: Who, endpoint: Endpoint, *, repeat: int, warmup: int = 3) -> Result:
    client = APIClient(SERVER_NAME="localhost")
    client.force_authenticate(user=who.user)

    def call():
        response = client.get(endpoint.url)
        if response.status_code != 200:
            raise RuntimeError(f"{endpoint.url} answered {response.status_code}")
        return response

    for _ in range(warmup):
        call()
        _run_sql(endpoint.raw_sql)
    queries = []
    with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
        response = call()
    body = response.json()
    rows = body.get("count") if isinstance(body, dict) else None
    server, sql = [], []
    for _ in range(repeat):
        server.append(_time(call))
        sql.append(_time(lambda: _run_sql(endpoint.raw_sql)))
    # The same answer again from the read cache (this process's memory), as a repeated read
    # of unchanged data is served with Redis.
    with override_settings(READ_CACHE_SECONDS=60):
        call()
        cached = [_time(call) for _ in range(repeat)]
    return Result(who.label, endpoint.name, len(queries), rows, server, sql, cached)


def table(results: list[Result]) -> str:
    lines = [
        "| endpoint (page of 50) | as | queries | rows | p50 ms | p95 ms | raw SQL p50 ms "
        "| raw SQL p95 ms | read cache p50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.endpoint} | {r.who} | {r.queries} | {'' if r.rows is None else r.rows} "
            f"| {r.p('server', 0.5):.1f} | {r.p('server', 0.95):.1f} "
            f"| {r.p('sql', 0.5):.1f} | {r.p('sql', 0.95):.1f} | {r.p('cached', 0.5):.1f} |"
        )
    return "\n".join(lines)

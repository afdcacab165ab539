"""What the two reminder ledgers (compliance.models.Reminder, and the duties'
DutyReminder) share: a row is claimed by one conditional UPDATE stamped with a sweep's
token, and the claimed rows go out grouped per address. Both models have the same
statuses (LedgerStatus), `lease_until`, `claim_token` and `attempts`. `insert_new_rows`
writes planned rows in two statements (the duties' ledger uses it; the requirement ledger's
own INSERT is in compliance.reminders.sweep, tuned for its larger volume)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import Q


class LedgerStatus(models.TextChoices):
    """Where a ledger row stands: written before its email (planned), claimed under a lease
    (sending), and then sent, failed (with the error) or skipped (no longer due)."""

    PLANNED = "planned", "Planned"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (no longer due)"


@dataclass(frozen=True)
class Batch:
    """The reminders one address gets in one digest, claimed under one token."""

    email: str
    reminder_ids: tuple[int, ...]
    claim_token: str


def sending_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT_SECONDS)


def pending_q(model, now: dt.datetime) -> Q:
    """Rows to claim: planned, or stuck sending past their lease."""
    return Q(status=model.Status.PLANNED) | Q(status=model.Status.SENDING, lease_until__lt=now)


def give_up_on_stuck_rows(model, *, now: dt.datetime, error: str) -> int:
    """Rows still sending past their lease after the last attempt are recorded as failed."""
    return model.objects.filter(
        status=model.Status.SENDING,
        lease_until__lt=now,
        attempts__gte=settings.REMINDER_MAX_ATTEMPTS,
    ).update(status=model.Status.FAILED, error=error)


def claim_pending(model, *, now: dt.datetime, **stamp) -> list[Batch]:
    """Take every pending row with one conditional UPDATE under a new token (and `stamp`),
    which returns the rows it took (RETURNING: no second read); group them per address.

    Two sweeps at once: the second UPDATE waits for the first one's row locks, then finds
    the rows no longer pending and takes none of them."""
    token = uuid.uuid4()
    values = {
        "status": model.Status.SENDING,
        "claim_token": token,
        "lease_until": now + sending_timeout(),
        **stamp,
    }
    fields = [model._meta.get_field(name) for name in values]
    quote = connection.ops.quote_name
    lease = model._meta.get_field("lease_until")
    sql = f"""UPDATE {quote(model._meta.db_table)}
        SET {", ".join(f"{quote(f.column)} = %s" for f in fields)}
        WHERE status = %s OR (status = %s AND {quote(lease.column)} < %s)
        RETURNING id, email"""
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    params += [model.Status.PLANNED, model.Status.SENDING, lease.get_db_prep_save(now, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken = sorted((email, pk) for pk, email in cursor.fetchall())
    claimed = defaultdict(list)
    for email, pk in taken:
        claimed[email].append(pk)
    return [Batch(email, tuple(ids), str(token)) for email, ids in claimed.items()]


def _derived_table(columns: dict[str, str], rows: list[tuple]) -> tuple[str, list]:
    """`rows` as a table `due(<columns>, position)` (position from 1) read from one JSON
    document: json_to_recordset on PostgreSQL (typed as `columns` says), json_each on SQLite."""
    names = list(columns)
    if connection.vendor == "postgresql":
        typed = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        document = [dict(zip(names, row, strict=True)) for row in rows]
        sql = (
            f"ROWS FROM (json_to_recordset(%s) AS ({typed})) "
            f"WITH ORDINALITY AS due({', '.join(names)}, position)"
        )
        return sql, [json.dumps(document, default=str)]
    picks = ", ".join(f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(names))
    sql = f"(SELECT {picks}, key + 1 AS position FROM json_each(%s)) AS due"
    return sql, [json.dumps(rows, default=str)]


def insert_new_rows(
    model,
    *,
    columns: dict[str, str],
    rows: list[tuple],
    fixed: dict,
    keys: list[str],
    same_row: list[str],
) -> int:
    """Insert the `rows` (values of `columns`, which map each column to its PostgreSQL type)
    that `model`'s ledger does not hold yet, with the `fixed` values. Returns the rows
    written.

    First one read finds the rows already there: an anti-join on the `keys` columns alone
    for each condition in `same_row` (SQL comparing the ledger's `r` with the new `due`, one
    per unique constraint so each uses its index). A later sweep of the day plans much the
    same rows again, and this is far cheaper than letting thousands of rows conflict. Then
    one INSERT ... SELECT writes the new ones; a row a concurrent sweep wrote meanwhile is
    left out by ON CONFLICT DO NOTHING."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    names = list(columns)
    picked = [names.index(key) for key in keys]
    source, params = _derived_table(
        {key: columns[key] for key in keys}, [tuple(row[i] for i in picked) for row in rows]
    )
    held = " OR ".join(f"EXISTS (SELECT 1 FROM {table} r WHERE {c})" for c in same_row)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT due.position FROM {source} WHERE {held}", params)
        there = {position for (position,) in cursor.fetchall()}
    new = [row for position, row in enumerate(rows, start=1) if position not in there]
    if not new:
        return 0
    quote = connection.ops.quote_name
    fields = {name: model._meta.get_field(name) for name in fixed}
    values = [fields[name].get_db_prep_save(value, connection) for name, value in fixed.items()]
    source, params = _derived_table(columns, new)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(n) for n in [*names, *fixed])}) "
        f"SELECT {', '.join(f'due.{n}' for n in names)}, {', '.join(['%s'] * len(fixed))} "
        # 'WHERE true' keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
        f"FROM {source} WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])
        return cursor.rowcount

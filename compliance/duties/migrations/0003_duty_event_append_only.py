"""Database triggers that refuse UPDATE and DELETE on the duty history, as for the
requirement history (compliance migration 0002): append-only for SQL users too."""

from django.db import migrations

TABLE = "duties_dutyevent"
MESSAGE = "duty history is append-only"

SQLITE_UP = [
    f"""CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
    for op in ("UPDATE", "DELETE")
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op};" for op in ("update", "delete")]

POSTGRES_UP = [
    f"""CREATE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("duties", "0002_load_duties")]

    operations = [migrations.RunPython(forwards, backwards)]

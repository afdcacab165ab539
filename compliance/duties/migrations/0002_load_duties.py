"""Loads the monitoring duty catalogue from compliance/duties/data/duties.tsv."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "duties.tsv"


def load_duties(apps, schema_editor):
    from compliance.duties.catalogue import read_catalogue

    Duty = apps.get_model("duties", "Duty")
    for row in read_catalogue(DATA):
        code = row.pop("code")
        Duty.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial")]

    operations = [migrations.RunPython(load_duties, migrations.RunPython.noop)]

"""Loads the Children's Homes (England) Regulations 2015 catalogue from inspections/data."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regulations.tsv"


def load_regulations(apps, schema_editor):
    Regulation = apps.get_model("inspections", "Regulation")
    with DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            Regulation.objects.update_or_create(
                number=int(row["number"]),
                defaults={
                    "title": row["title"],
                    "part": row["part"],
                    "title_verified": row["title_verified"] == "yes",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load_regulations, migrations.RunPython.noop)]

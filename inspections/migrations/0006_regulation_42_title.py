"""Regulation 42 had no title in the catalogue. It now reads "Notification of offences", still
marked unverified (title_verified stays False): no source read gives the heading beside the
number. Only a blank title is filled, so a title given in the admin is kept."""

from django.db import migrations

TITLE = "Notification of offences"


def fill_title(apps, schema_editor):
    Regulation = apps.get_model("inspections", "Regulation")
    Regulation.objects.filter(number=42, title="").update(title=TITLE)


def empty_title(apps, schema_editor):
    Regulation = apps.get_model("inspections", "Regulation")
    Regulation.objects.filter(number=42, title=TITLE).update(title="")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_requirement_unresolved_index")]

    operations = [migrations.RunPython(fill_title, empty_title)]

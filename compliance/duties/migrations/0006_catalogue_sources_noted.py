"""The catalogue's notes now say where each unverified rule comes from (the 2001 Regulations'
regulation 33(9) for 44(7)(a), the 2002 National Minimum Standards for Regulation 40's 24-hour
cut-off). Only the notes change; the rules and their verification are as before."""

from django.db import migrations


def reload_notes(apps, schema_editor):
    from compliance.duties.catalogue import read_catalogue

    Duty = apps.get_model("duties", "Duty")
    for row in read_catalogue():
        Duty.objects.filter(code=row["code"]).update(note=row["note"])


class Migration(migrations.Migration):
    dependencies = [("duties", "0005_reminder_status_label")]

    operations = [migrations.RunPython(reload_notes, migrations.RunPython.noop)]

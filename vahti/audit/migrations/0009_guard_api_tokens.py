"""The API tokens' change history (organisations 0007) is append-only like every other history
table: the trigger goes on it here, in audit, because organisations sits below audit."""

from django.db import migrations


def guard(apps, schema_editor):
    from vahti.audit import database

    database.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0008_keyed_chains"),
        ("organisations", "0007_api_tokens"),
    ]

    operations = [migrations.RunPython(guard, migrations.RunPython.noop)]

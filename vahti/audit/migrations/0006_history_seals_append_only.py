"""On PostgreSQL the history seals refuse UPDATE and DELETE like the access log (the same
trigger function; the retention prune never touches seals)."""

from django.db import migrations

FORWARDS = ["""CREATE TRIGGER audit_historyseal_append_only BEFORE UPDATE OR DELETE
               ON audit_historyseal FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"""]
BACKWARDS = ["DROP TRIGGER audit_historyseal_append_only ON audit_historyseal"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_history_seals")]
    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]

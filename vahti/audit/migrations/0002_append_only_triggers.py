"""On PostgreSQL, a trigger refuses to change or delete access-log rows: the append-only promise
holds below the application too. (TRUNCATE is left to the database role's privileges: the
application's role should not own the tables, docs/deploy.md. SQLite, the single-user default,
relies on the model's refusal.)"""

from django.db import migrations

FORWARDS = [
    """CREATE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_accessrecord_append_only BEFORE UPDATE OR DELETE
       ON audit_accessrecord FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
]
BACKWARDS = ["DROP TRIGGER audit_accessrecord_append_only ON audit_accessrecord",
             "DROP FUNCTION audit_refuse_change()"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]

"""On PostgreSQL the access log's trigger still refuses every UPDATE, and a DELETE unless the
transaction has declared itself the retention prune (`vahti_prune_access_log`, which records a
checkpoint in the same transaction)."""

from django.db import migrations

FORWARDS = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE'
            AND current_setting('vahti.access_log_prune', true) = 'on' THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'the access log is append-only';
       END $$ LANGUAGE plpgsql""",
]
BACKWARDS = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$ LANGUAGE plpgsql""",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_log_prune")]
    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]

"""The chains become keyed (HMAC with VAHTI_AUDIT_KEY, audit/chain.py), every history row is
sealed, and on PostgreSQL the guards move into the database: one append-only trigger on the
access log, its seals, its checkpoints and every history table, and the retention prune as a
function of the owner role (audit/database.py).

Existing links are re-computed with the key over the rows as they stand now, in order; history
rows written before sealing began (or while the seal was not connected, outside development
mode) are sealed in the order they were written. Run `vahti_verify_audit` before upgrading if you
want to know that nothing changed before this migration."""

from django.db import migrations, models
from django.utils import timezone


def rechain(apps, schema_editor):
    from vahti.audit import database
    from vahti.core.db import maintenance
    from vahti.audit.chain import (GENESIS, checkpoint_digest, is_history_model, record_digest,
                                   row_text, seal_digest, sealed_fields)

    connection = schema_editor.connection
    database.install(connection)
    maintenance(connection)
    AccessRecord = apps.get_model("audit", "AccessRecord")
    AccessLogPrune = apps.get_model("audit", "AccessLogPrune")
    HistorySeal = apps.get_model("audit", "HistorySeal")

    for prune in AccessLogPrune.objects.all():
        AccessLogPrune.objects.filter(pk=prune.pk).update(digest=checkpoint_digest(
            at=prune.at, cutoff=prune.cutoff, through_sequence=prune.through_sequence,
            through_digest=prune.through_digest, rows=prune.rows))

    last_sequence, last_digest = None, None
    for record in AccessRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        previous = last_digest if last_sequence == record.sequence - 1 else record.previous
        digest = record_digest(previous=previous, sequence=record.sequence, at=record.at,
                               user_id=record.user_id, organisation_id=record.organisation_id,
                               client_id=record.client_id, what=record.what,
                               detail=record.detail, address=record.address)
        AccessRecord.objects.filter(pk=record.pk).update(previous=previous, digest=digest)
        last_sequence, last_digest = record.sequence, digest

    tables = set(connection.introspection.table_names())
    history = {model._meta.label: model for model in apps.get_models()
               if is_history_model(model) and model._meta.db_table in tables}
    sealed: dict[str, set] = {}
    sequence, previous = 0, GENESIS
    for seal in HistorySeal.objects.order_by("sequence"):
        model = history.get(seal.table)
        row = model._base_manager.filter(pk=seal.history_id).first() if model else None
        # A row already gone keeps its seal (over nothing): verification goes on saying so.
        fields = sealed_fields(model) if model else []
        sequence = seal.sequence
        digest = seal_digest(previous=previous, sequence=sequence, table=seal.table,
                             history_id=seal.history_id, at=seal.at,
                             text=row_text(row, fields) if row is not None else "")
        HistorySeal.objects.filter(pk=seal.pk).update(previous=previous, digest=digest,
                                                      fields=",".join(fields))
        previous = digest
        sealed.setdefault(seal.table, set()).add(seal.history_id)

    def written(model):  # a link's row was written with its object's history row
        return "history_date" if model._meta.pk.name == "history_id" else "history__history_date"

    unsealed = sorted(
        (history_date, label, pk)
        for label, model in history.items()
        for pk, history_date in model._base_manager.values_list("pk", written(model))
        if pk not in sealed.get(label, ()))
    for history_date, label, pk in unsealed:
        model = history[label]
        row = model._base_manager.get(pk=pk)
        fields = sealed_fields(model)
        sequence += 1
        at = timezone.now()
        digest = seal_digest(previous=previous, sequence=sequence, table=label, history_id=pk,
                             at=at, text=row_text(row, fields))
        HistorySeal.objects.create(sequence=sequence, table=label, history_id=pk, at=at,
                                   fields=",".join(fields), previous=previous, digest=digest)
        previous = digest


class Migration(migrations.Migration):

    # Every app with history tables, at its latest migration: all of them are sealed here.
    dependencies = [
        ("audit", "0007_alter_accessrecord_what"),
        ("cases", "0006_client_county"),
        ("feedback", "0003_empty_sections"),
        ("groups", "0001_initial"),
        ("notices", "0002_body_encrypted"),
        ("organisations", "0004_user_language"),
        ("outcomes", "0001_initial"),
        ("readiness", "0001_initial"),
        ("reporting", "0001_initial"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogprune",
            name="digest",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.AddField(
            model_name="historyseal",
            name="fields",
            field=models.TextField(default=""),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]

"""Queue items carry their client, organisation and urgency tier, exist only for the current
decision of an active client, and are counted in tallies (cases.services.queue)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.utils import timezone


def fill(apps, schema_editor):
    QueueItem = apps.get_model("cases", "QueueItem")
    QueueTally = apps.get_model("cases", "QueueTally")
    # Items of an earlier decision or an archived client were never shown: they go.
    QueueItem.objects.exclude(
        decision__client__active=True, decision__client__current_decision=F("decision")
    ).delete()
    today = timezone.localdate()
    Client = apps.get_model("cases", "Client")
    client = Client.objects.filter(current_decision=OuterRef("decision"))
    # One statement for every item rather than a save for each.
    QueueItem.objects.update(
        client_id=Subquery(client.values("pk")[:1]),
        organisation_id=Subquery(client.values("organisation_id")[:1]),
        client_last_name=Subquery(client.values("last_name")[:1]),
        client_first_name=Subquery(client.values("first_name")[:1]),
        tier=Case(
            When(kind="deadline", due__lt=today, then=Value(0)),
            When(kind="finding", severity="error", then=Value(1)),
            When(kind="finding", severity="warning", then=Value(3)),
            default=Value(2),
        ),
    )
    key = ("organisation_id", "kind", "severity", "place", "due")
    QueueTally.objects.bulk_create(
        QueueTally(**{field: row[field] for field in key}, count=row["n"])
        for row in QueueItem.objects.values(*key).annotate(n=Count("pk")).order_by()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0012_client_language_of_service"),
        ("organisations", "0008_user_language_swedish"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=12)),
                ("severity", models.CharField(blank=True, max_length=10)),
                ("place", models.CharField(max_length=12)),
                ("due", models.DateField()),
                ("count", models.IntegerField(default=0)),
                (
                    "organisation",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("organisation", "kind", "severity", "place", "due"), name="one_tally_row")
                ],
            },
        ),
        migrations.AddField(
            model_name="queueitem",
            name="client",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.client"),
        ),
        migrations.AddField(
            model_name="queueitem",
            name="organisation",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"),
        ),
        migrations.AddField(
            model_name="queueitem",
            name="client_last_name",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="queueitem",
            name="client_first_name",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="queueitem",
            name="tier",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="queueitem",
            name="client",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.client"),
        ),
        migrations.AlterField(
            model_name="queueitem",
            name="organisation",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.organisation"),
        ),
        migrations.AddIndex(
            model_name="queueitem",
            index=models.Index(fields=["organisation", "tier", "due", "id"], name="queue_urgency"),
        ),
        migrations.AddIndex(
            model_name="queueitem",
            index=models.Index(fields=["organisation", "kind", "severity", "due", "id"], name="queue_kind"),
        ),
        migrations.AddIndex(
            model_name="queueitem",
            index=models.Index(fields=["organisation", "due", "id"], name="queue_due"),
        ),
        migrations.AddIndex(
            model_name="queueitem",
            index=models.Index(fields=["organisation", "kind", "rule", "due", "id"], name="queue_what"),
        ),
        migrations.AddIndex(
            model_name="queueitem",
            index=models.Index(
                fields=["organisation", "client_last_name", "client_first_name", "client", "due", "id"],
                name="queue_client",
            ),
        ),
    ]

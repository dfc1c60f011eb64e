"""Indexes for the search plan: catalogues in list order, and the grams index split by kind."""
from django.db import migrations, models

from catalog.search import pg_sql


def split_grams_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql.SPLIT_GRAMS_INDEX)


def unsplit_grams_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql.UNSPLIT_GRAMS_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_merge_0003_scale_0005_citizen"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="catalogue",
            index=models.Index(fields=["position", "id"], name="catalogue_order"),
        ),
        migrations.RunPython(split_grams_index, unsplit_grams_index),
    ]

"""The foreign key's own index on catalog_itemchannel.item_id is dropped: item_channel_by_item
(item, channel) and item_channel_unique_position (item, position) both lead with item_id.

The index alone is dropped. AlterField would also drop and re-add the foreign key on
PostgreSQL, checking every link against catalog_item again under an exclusive lock; the
index's name is the one Django gave it on both backends.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "catalog_itemchannel_item_id_83b99c1b"


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0019_item_channel_by_item"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "catalog_itemchannel" ("item_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="itemchannel",
                    name="item",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="channel_links",
                        to="catalog.item",
                        verbose_name="事项",
                    ),
                ),
            ],
        ),
    ]

"""The foreign keys' own single-column indexes that begin a longer index are dropped: each finds
nothing the longer one does not, and costs its size and its upkeep on every write (at 1M items:
catalog_contentelement.item_id 68 MB, catalog_itemlegalbasis.item_id 36 MB,
catalog_itempublisher.item_id 25 MB, catalog_item.catalogue_id 6.9 MB).

- catalog_contentelement.item_id: element_unique_position (item, position)
- catalog_itemlegalbasis.item_id: item_legal_basis_unique (item, legal_basis)
- catalog_itempublisher.item_id: item_publisher_unique (item, organisation)
- catalog_item.catalogue_id: item_unique_position (catalogue, position), item_catalogue_listing,
  item_catalogue_level1

The indexes alone are dropped, as 0020 did for catalog_itemchannel.item_id: AlterField would also
drop and re-add each foreign key on PostgreSQL, checking every row again under an exclusive lock
(and rebuild each table on SQLite); the indexes' names are the ones Django gave them on both
backends. catalog_item_levels.item_id stays: the table is the levels field's automatic one, whose
indexes Django declares itself (an explicit through model would take the field out of the admin).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, the index Django named)
INDEXES = [
    ("catalog_contentelement", "item_id", "catalog_contentelement_item_id_bc87e391"),
    ("catalog_item", "catalogue_id", "catalog_item_catalogue_id_e8881bee"),
    ("catalog_itemlegalbasis", "item_id", "catalog_itemlegalbasis_item_id_fe138e24"),
    ("catalog_itempublisher", "item_id", "catalog_itempublisher_item_id_dbbe5984"),
]


def foreign_key(to, related_name, verbose_name):
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to=to,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0025_search_cover_facet_columns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
                )
                for table, column, index in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="contentelement", name="item", field=foreign_key("catalog.item", "elements", "事项")
                ),
                migrations.AlterField(
                    model_name="item", name="catalogue", field=foreign_key("catalog.catalogue", "items", "目录")
                ),
                migrations.AlterField(
                    model_name="itemlegalbasis",
                    name="item",
                    field=foreign_key("catalog.item", "legal_basis_links", "事项"),
                ),
                migrations.AlterField(
                    model_name="itempublisher",
                    name="item",
                    field=foreign_key("catalog.item", "publisher_links", "事项"),
                ),
            ],
        ),
    ]

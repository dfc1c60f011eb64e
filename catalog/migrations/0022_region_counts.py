"""catalog_regioncount: PublishedCount summed up the region tree (catalog/models/counts.py says
why), kept by triggers on catalog_publishedcount, catalog_catalogue (a catalogue's region) and
catalog_region (a region's parent).

One set of row triggers, the same SQL on PostgreSQL (in PL/pgSQL functions) and SQLite, built
below from two statements:
- ADD: (domain or all domains, items, catalogues) moves added to a region's rows and to those of
  every region above it;
- RECOUNT: a region's own catalogues (not those below it) holding published items, counted
  anew, and the difference from the count its row holds (`own_catalogues`) added to its row and
  every row above it. Whether a catalogue holds items depends on several rows of
  PublishedCount that one statement may change together (an import's one upsert), so the row
  trigger of one of them cannot tell from that row whether the catalogue held items before;
  counting the region's few catalogues against the stored count can, whatever the order the
  rows' triggers run in. It runs only when a (catalogue, domain) row starts or stops holding
  items, or a catalogue moves.
Every statement takes the rows for all domains first, from the top of the tree down, so two
imports into one region tree take their locks in the same order.
The SQL is embedded: the triggers are this migration's, and a later change to them is a later
migration."""

import django.db.models.deletion
from django.db import migrations, models

# A region and every region above it, with its depth below the region (the top is deepest).
LINEAGE = """lineage(id, depth) AS (
  SELECT {seed}, 0
  UNION
  SELECT r.parent_id, lineage.depth + 1 FROM lineage JOIN catalog_region r ON r.id = lineage.id
  WHERE r.parent_id IS NOT NULL AND lineage.depth < 32
)"""

ADD = """
INSERT INTO catalog_regioncount (region_id, domain_id, items, catalogues, own_catalogues)
WITH RECURSIVE {lineage}, moves(domain_id, items, catalogues) AS ({moves})
SELECT lineage.id, NULL, sum(moves.items), sum(moves.catalogues), 0 FROM lineage, moves
WHERE lineage.id IS NOT NULL AND moves.domain_id IS NULL
GROUP BY lineage.id, lineage.depth HAVING sum(moves.items) <> 0 OR sum(moves.catalogues) <> 0
ORDER BY lineage.depth DESC
ON CONFLICT (region_id) WHERE domain_id IS NULL DO UPDATE
SET items = catalog_regioncount.items + excluded.items, catalogues = catalog_regioncount.catalogues + excluded.catalogues;
INSERT INTO catalog_regioncount (region_id, domain_id, items, catalogues, own_catalogues)
WITH RECURSIVE {lineage}, moves(domain_id, items, catalogues) AS ({moves})
SELECT lineage.id, moves.domain_id, moves.items, moves.catalogues, 0 FROM lineage, moves
WHERE lineage.id IS NOT NULL AND moves.domain_id IS NOT NULL AND (moves.items <> 0 OR moves.catalogues <> 0)
ORDER BY lineage.depth DESC, moves.domain_id
ON CONFLICT (region_id, domain_id) WHERE domain_id IS NOT NULL DO UPDATE
SET items = catalog_regioncount.items + excluded.items, catalogues = catalog_regioncount.catalogues + excluded.catalogues;
"""

# The catalogues of one region (not those below it) holding published items, counted anew; the
# difference from the count stored in its row is added to its row and every row above it.
RECOUNT = """
INSERT INTO catalog_regioncount (region_id, domain_id, items, catalogues, own_catalogues)
WITH RECURSIVE {lineage}, own(n) AS (
  SELECT count(*) FROM catalog_catalogue k WHERE k.region_id = {seed}
    AND EXISTS (SELECT 1 FROM catalog_publishedcount p WHERE p.catalogue_id = k.id AND p.items > 0)
), stored(n) AS (
  SELECT coalesce(max(c.own_catalogues), 0) FROM catalog_regioncount c WHERE c.region_id = {seed} AND c.domain_id IS NULL
)
SELECT lineage.id, NULL, 0, own.n - stored.n, own.n FROM lineage, own, stored
WHERE lineage.id IS NOT NULL AND own.n <> stored.n ORDER BY lineage.depth DESC
ON CONFLICT (region_id) WHERE domain_id IS NULL DO UPDATE
SET catalogues = catalog_regioncount.catalogues + excluded.catalogues,
  own_catalogues = CASE WHEN catalog_regioncount.region_id = {seed}
    THEN excluded.own_catalogues ELSE catalog_regioncount.own_catalogues END;
"""

HOLDS = "CAST(({row}.items > 0) AS INTEGER)"
CATALOGUE_REGION = "(SELECT region_id FROM catalog_catalogue WHERE id = {row}.catalogue_id)"


def add(seed, moves):
    """ADD `moves` ((domain or NULL for all domains, items, catalogues) rows) to `seed` and above."""
    return ADD.format(lineage=LINEAGE.format(seed=seed), moves=moves)


def recount(seed, when="TRUE"):
    """RECOUNT `seed`'s own catalogues, when `when` holds (a trigger's body runs every statement)."""
    seed = f"(CASE WHEN {when} THEN {seed} END)"
    return RECOUNT.format(lineage=LINEAGE.format(seed=seed), seed=seed)


def pair_moves(sign, row):
    """A PublishedCount row's items, in its domain and in all domains."""
    return (
        f"SELECT {row}.domain_id, {sign}{row}.items, {sign}{HOLDS.format(row=row)} "
        f"UNION ALL SELECT NULL, {sign}{row}.items, 0"
    )


def catalogue_moves(sign, row):
    """A catalogue's PublishedCount rows, in their domains and in all domains."""
    return (
        f"SELECT p.domain_id, {sign}p.items, {sign}{HOLDS.format(row='p')} FROM catalog_publishedcount p "
        f"WHERE p.catalogue_id = {row}.id "
        f"UNION ALL SELECT NULL, {sign}coalesce(sum(p.items), 0), 0 FROM catalog_publishedcount p "
        f"WHERE p.catalogue_id = {row}.id"
    )


def region_moves(sign):
    """A region's rows (its subtree's counts, the catalogues of all domains among them)."""
    return (
        f"SELECT c.domain_id, {sign}c.items, {sign}c.catalogues FROM catalog_regioncount c WHERE c.region_id = NEW.id"
    )


# (name, table, event, when the trigger fires, body)
TRIGGERS = [
    (
        "catalog_publishedcount_region_insert",
        "catalog_publishedcount",
        "INSERT",
        "NEW.items <> 0",
        add(CATALOGUE_REGION.format(row="NEW"), pair_moves("", "NEW"))
        + recount(CATALOGUE_REGION.format(row="NEW"), "NEW.items > 0"),
    ),
    (
        "catalog_publishedcount_region_update",
        "catalog_publishedcount",
        "UPDATE",
        "OLD.items <> NEW.items OR OLD.catalogue_id <> NEW.catalogue_id OR OLD.domain_id <> NEW.domain_id",
        add(CATALOGUE_REGION.format(row="OLD"), pair_moves("-", "OLD"))
        + add(CATALOGUE_REGION.format(row="NEW"), pair_moves("", "NEW"))
        + recount(
            CATALOGUE_REGION.format(row="OLD"),
            "(OLD.items > 0) <> (NEW.items > 0) OR OLD.catalogue_id <> NEW.catalogue_id",
        )
        + recount(
            CATALOGUE_REGION.format(row="NEW"),
            "(OLD.items > 0) <> (NEW.items > 0) OR OLD.catalogue_id <> NEW.catalogue_id",
        ),
    ),
    (
        "catalog_publishedcount_region_delete",
        "catalog_publishedcount",
        "DELETE",
        "OLD.items <> 0",
        add(CATALOGUE_REGION.format(row="OLD"), pair_moves("-", "OLD"))
        + recount(CATALOGUE_REGION.format(row="OLD"), "OLD.items > 0"),
    ),
    (
        # a catalogue moved to another region takes its counts along
        "catalog_catalogue_region_update",
        "catalog_catalogue",
        "UPDATE",
        "OLD.region_id <> NEW.region_id",
        add("OLD.region_id", catalogue_moves("-", "OLD"))
        + add("NEW.region_id", catalogue_moves("", "NEW"))
        + recount("OLD.region_id")
        + recount("NEW.region_id"),
    ),
    (
        # a region moved under another parent takes its counts (those of its subtree) along
        "catalog_region_parent_update",
        "catalog_region",
        "UPDATE",
        "OLD.parent_id IS DISTINCT FROM NEW.parent_id",
        add("OLD.parent_id", region_moves("-")) + add("NEW.parent_id", region_moves("")),
    ),
]

# Every region's rows from the items' current counts (the migration's fill, and the tests' check).
FILL = """
INSERT INTO catalog_regioncount (region_id, domain_id, items, catalogues, own_catalogues)
WITH RECURSIVE lineage(region_id, id) AS (
  SELECT id, id FROM catalog_region
  UNION
  SELECT lineage.region_id, r.parent_id FROM lineage JOIN catalog_region r ON r.id = lineage.id
  WHERE r.parent_id IS NOT NULL
), held AS (
  SELECT k.region_id, p.catalogue_id, p.domain_id, p.items FROM catalog_publishedcount p
  JOIN catalog_catalogue k ON k.id = p.catalogue_id WHERE p.items > 0
)
SELECT lineage.id, held.domain_id, sum(held.items), count(*), 0 FROM held
JOIN lineage ON lineage.region_id = held.region_id GROUP BY lineage.id, held.domain_id
UNION ALL
SELECT lineage.id, NULL, sum(held.items), count(DISTINCT held.catalogue_id),
  count(DISTINCT CASE WHEN held.region_id = lineage.id THEN held.catalogue_id END)
FROM held JOIN lineage ON lineage.region_id = held.region_id GROUP BY lineage.id
"""


def postgresql_statements():
    for name, table, event, when, body in TRIGGERS:
        yield (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND\n$$"
        )
        yield (
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN ({when}) "
            f"EXECUTE FUNCTION {name}()"
        )


def sqlite_statements():
    for name, table, event, when, body in TRIGGERS:
        statement = f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN {when}\nBEGIN\n{body}\nEND"
        # SQLite's spelling of the NULL-safe comparison (IS DISTINCT FROM came in 3.39)
        yield statement.replace("IS DISTINCT FROM", "IS NOT")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql_statements, "sqlite": sqlite_statements}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"region counts: no triggers for {vendor}")
    schema_editor.execute(FILL)
    for statement in statements():
        schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute("ANALYZE catalog_regioncount")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, _event, _when, _body in TRIGGERS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0021_item_catalogue_level1"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("items", models.IntegerField(default=0, verbose_name="已发布事项数")),
                ("catalogues", models.IntegerField(default=0, verbose_name="含已发布事项的目录数")),
                (
                    "own_catalogues",
                    models.IntegerField(default=0, verbose_name="本区划（不含下级）含已发布事项的目录数"),
                ),
                (
                    "domain",
                    models.ForeignKey(
                        blank=True,
                        help_text="空：所有领域合计",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="region_counts",
                        to="catalog.domain",
                        verbose_name="领域",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="published_counts",
                        to="catalog.region",
                        verbose_name="行政区划",
                    ),
                ),
            ],
            options={
                "verbose_name": "区划已发布事项数",
                "verbose_name_plural": "区划已发布事项数",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("domain__isnull", False)),
                        fields=("region", "domain"),
                        name="region_count_unique",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("domain__isnull", True)),
                        fields=("region",),
                        name="region_count_total_unique",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

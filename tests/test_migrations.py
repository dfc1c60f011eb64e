"""The migration history: one linear chain, no app code imported, data and SQL of its own time.

Migrations embed what they apply (the vocabulary rows, the groups, the seed synonyms, the
PostgreSQL search index's SQL) so that editing app code never changes what an old
migration does. The current SQL lives in catalog/search/sql/; the latest migration that
embeds a file must hold exactly its text, so a change to the files needs a new migration.
"""

import ast
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from catalog.models import Channel, Domain, Level
from catalog.models.standards import LEVELS, STANDARD_CHANNELS, STANDARD_DOMAINS
from catalog.services.roles import ROLE_PERMISSIONS

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted((ROOT / "catalog" / "migrations").glob("[0-9]*.py"))
SQL_DIR = ROOT / "catalog" / "search" / "sql"


def test_migrations_import_no_app_code():
    imports = {}
    for path in MIGRATIONS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if not node.level else ["(relative)"]
            imports[path.name] = imports.get(path.name, []) + [
                n for n in names if n.split(".")[0] in ("catalog", "portal", "(relative)")
            ]
    assert {name: found for name, found in imports.items() if found} == {}


def test_the_history_is_one_linear_chain():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    catalog = sorted(key for key in graph.nodes if key[0] == "catalog")
    assert graph.leaf_nodes("catalog") == [catalog[-1]]
    for key in catalog:
        parents = [parent for parent in graph.node_map[key].parents if parent.key[0] == "catalog"]
        assert len(parents) == (0 if key == catalog[0] else 1), key


def embedded_sql() -> dict[str, tuple[str, str]]:
    """File name -> (the latest migration embedding it, its text there)."""
    latest = {}
    for path in MIGRATIONS:
        module = import_module(f"catalog.migrations.{path.stem}")
        for name, text in getattr(module, "SEARCH_SQL", {}).items():
            latest[name] = (path.stem, text)
    return latest


def test_the_sql_files_are_what_the_latest_migrations_applied():
    files = {path.name: path.read_text(encoding="utf-8") for path in SQL_DIR.glob("*.sql")}
    latest = embedded_sql()
    assert sorted(latest) == sorted(files), "every sql/ file is applied by a migration, and only those"
    stale = [f"{name} (last applied by {latest[name][0]})" for name in files if latest[name][1] != files[name]]
    assert stale == [], "catalog/search/sql/ changed: add a migration that embeds the new text"


@pytest.mark.django_db
def test_the_data_migration_matches_the_live_vocabularies_and_roles():
    from django.contrib.auth.models import Group

    assert list(
        Domain.objects.filter(is_standard=True).order_by("position").values_list("name", "slug", "aliases")
    ) == [(name, slug, aliases) for name, slug, aliases in STANDARD_DOMAINS]
    assert list(Channel.objects.order_by("position").values_list("name", "slug", "aliases")) == [
        (name, slug, aliases) for name, slug, aliases in STANDARD_CHANNELS
    ]
    assert list(Level.objects.order_by("position").values_list("name", "code")) == LEVELS
    for name, codenames in ROLE_PERMISSIONS.items():
        granted = Group.objects.get(name=name).permissions.filter(content_type__app_label="catalog")
        assert sorted(granted.values_list("codename", flat=True)) == sorted(codenames), name


@pytest.mark.django_db
@pytest.mark.postgresql
def test_the_search_index_objects_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT proname, pg_get_function_identity_arguments(oid) FROM pg_proc WHERE proname LIKE 'catalog_search_%'"
        )
        signatures = cursor.fetchall()
    functions = {name for name, _ in signatures}
    assert {
        "catalog_searchdocument_shared_grams",
        "catalog_searchdocument_local_grams",
        "catalog_searchdocument_fragment_grams",
        "catalog_searchentry_local_fragments",
        "catalog_search_junctions_grams",
        "catalog_searchentry_catalogue",
        "catalog_item_search_cover",
        "item_feed_order",
    } <= indexes
    assert {"catalog_item_search_insert", "catalog_item_search_update"} <= triggers
    assert functions == {
        "catalog_search_grams",
        "catalog_search_query_grams",
        "catalog_search_region_path",
        "catalog_search_fragments",
        "catalog_search_junction_context",
        "catalog_search_cut_junctions",
        "catalog_search_near_junction",
        "catalog_search_entry_statistics",
        "catalog_search_index",
        "catalog_search_index_rows",
    }
    # one of each: 0023 replaced catalog_search_fragments(text, text) by the one cutting at a path
    assert len(signatures) == len(functions)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["ItemChannel", "ContentElement", "ItemLegalBasis", "ItemPublisher", "Item"])
def test_no_index_of_an_item_table_is_the_start_of_another(model):
    """An index whose columns begin another index's (or unique constraint's) finds nothing the
    longer one does not, and costs its size and its upkeep on every write: item_id alone went
    with item_channel_by_item (0020), the other links' item_id and the items' catalogue_id with
    their unique constraints (0026). (catalog_item_levels, the levels field's automatic table,
    keeps Django's own index of item_id.)"""
    import catalog.models

    table = getattr(catalog.models, model)._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    ordered = {
        name: c["columns"]
        for name, c in found.items()
        if (c["index"] or (c["unique"] and len(c["columns"]) > 1)) and c["columns"] and None not in c["columns"]
    }
    redundant = [
        (name, other)
        for name, columns in ordered.items()
        if not found[name]["unique"]
        for other, longer in ordered.items()
        if other != name and longer[: len(columns)] == columns
    ]
    assert redundant == []

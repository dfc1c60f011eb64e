"""The facet statement reads no item row on PostgreSQL: the item columns it needs are all in
the covering index catalog_item_search_cover (migration 0025), so each result id is an
index-only lookup instead of a read of the item's row (catalog/site/facets.py)."""

import json

import pytest
from django.db import connection
from django.http import QueryDict

from catalog.models import Item
from catalog.site.facets import compute_facets

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def item_columns_read(sql: str, params) -> set[str]:
    """The catalog_item columns a statement's plan reads (EXPLAIN VERBOSE: each scan's output)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: set[str] = set()

    def walk(node):
        if node.get("Relation Name") == Item._meta.db_table:
            found.update(column.rsplit(".", 1)[-1].strip('"') for column in node.get("Output", []))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def covered_columns(index: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.attname FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
               WHERE i.indexrelid = %s::regclass""",
            [index],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_facet_statement_reads_only_item_columns_the_covering_index_holds(world):
    statements = []

    def capture(execute, sql, params, many, context):
        if "WITH hits AS" in sql:
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        facets = compute_facets(Item.objects.published(), QueryDict())
    assert facets  # counted, so the statement ran
    ((sql, params),) = statements
    read = item_columns_read(sql, params)
    assert {"id", "domain_id", "catalogue_id", "levels_stated", "audience_public", "mode_on_request"} <= read
    assert read <= covered_columns("catalog_item_search_cover")

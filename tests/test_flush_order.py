"""Django's flush (the end of every transactional test) against the database's own triggers."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import PublishedCount, Region, RegionCount
from tests.factories import DomainFactory, ItemFactory


def triggers() -> list[tuple[str, str]]:
    """(table, another table the trigger's body writes) of each trigger fired by DELETE or UPDATE
    (SQLite: the trigger's own text; PostgreSQL: its function's)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT t.tgrelid::regclass::text, 'AFTER ' || CASE WHEN t.tgtype & 8 > 0 THEN 'DELETE' "
                "WHEN t.tgtype & 16 > 0 THEN 'UPDATE' ELSE 'INSERT' END || ' BEGIN ' || p.prosrc "
                "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
            )
        found = cursor.fetchall()
    pairs = []
    for table, text in found:
        event = re.search(r"\bAFTER\s+(INSERT|UPDATE|DELETE)\b", text, re.I).group(1).upper()
        body = text[text.upper().index("BEGIN") :]
        written = set(re.findall(r"\b(?:INSERT\s+INTO|UPDATE)\s+\"?(\w+)", body, re.I))
        pairs += [(table, target) for target in written if target != table and event != "INSERT"]
    return pairs


@pytest.mark.django_db
def test_the_flush_empties_a_table_before_the_tables_its_triggers_write():
    # PostgreSQL truncates every table in one statement, which fires no row trigger; SQLite deletes
    # them one by one (tests/conftest.py SUMMARY_TABLES says what went wrong).
    order = connection.introspection.django_table_names(only_existing=True, include_views=False)
    fired = [(table, target) for table, target in triggers() if target in order]
    assert fired  # catalog_item -> catalog_publishedcount -> catalog_regioncount
    late = [(table, target) for table, target in fired if order.index(table) > order.index(target)]
    assert late == []


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_counts_behind():
    # its own domain: an earlier transactional test may have flushed the vocabularies
    ItemFactory(catalogue__region__name="测试县", domain=DomainFactory(), status="published")
    assert PublishedCount.objects.exists() and RegionCount.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not Region.objects.exists()
    assert not PublishedCount.objects.exists() and not RegionCount.objects.exists()


def test_tests_with_a_serialized_rollback_run_before_transactional_tests_without_one(request):
    """The session's order (tests/conftest.py): run with tests/reliability/test_front_door.py and
    tests/browser/test_compare_flow.py, say, the latter's serialized content types were loaded
    over the ones post_migrate had made again after the former (UNIQUE constraint failed)."""
    from tests.conftest import flushes_with_post_migrate

    flushing = [flushes_with_post_migrate(item) for item in request.session.items]
    assert flushing == sorted(flushing)

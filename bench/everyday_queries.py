"""How many everyday queries (tests/search/everyday_queries.py) the search page answers usefully.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/everyday_queries.py
    .venv/bin/python bench/everyday_queries.py            # SQLite (settings' default database)

Migrates the database and loads the seed catalogues if it has none, then asks the search
page (/search/?q=…, through Django's test client) for every query and counts those whose
first USEFUL_WITHIN results include an expected item. Prints each query's verdict and the
totals by kind. Not a test: it prints figures (before/after a change, run it on both).
"""

import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.search.everyday_queries import QUERIES, USEFUL_WITHIN  # noqa: E402


def main():
    setup_test_environment()  # the test client then records each response's context
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    client = Client()
    useful, total = Counter(), Counter()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for query in QUERIES:
            response = client.get("/search/", {"q": query.q})
            top = list(response.context["page"].object_list)[:USEFUL_WITHIN]
            ok = any(query.expects(item) for item in top)
            useful[query.kind] += ok
            total[query.kind] += 1
            count = response.context["page"].paginator.count
            print(f"{'useful' if ok else '--    '}  {query.kind:<12} {query.q}  ({count} results)")
    print(f"\ndatabase: {connection.vendor}; useful = an expected item among the first {USEFUL_WITHIN} results")
    for kind in total:
        print(f"  {kind:<12} {useful[kind]:>3} / {total[kind]}")
    print(f"  {'all':<12} {sum(useful.values()):>3} / {sum(total.values())}")


if __name__ == "__main__":
    main()

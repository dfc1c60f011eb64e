"""Search sweep: many queries drawn by rule from the data, to find the slow ones no benchmark drew.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \
        .venv/bin/python bench/search_sweep.py [--seed 1] [--per-pool 12] [--slowest 30] [--json out.json]
    … bench/search_sweep.py --list               # only print the drawn queries

Wider than bench/query_classes.py (which times a fixed set of 80 several times and compares
with icontains); this one runs each query ONCE, indexed backend only, and prints the slowest
with their time, hits, class and filters, and the distribution. The terms, seeded:

- fragment: every distinct local fragment text of the index (SearchDocument kind 4), and a
  2-4 character word cut from each;
- words cut (2-4 characters) from each field of the seed items (names, content, laws,
  publishers, channels, 责任科室): the most frequent, the rarest found, and some drawn at random;
- number: numbers, dates and codes of the texts, whole and parts;
- one character: the most and least frequent characters of the names, and some at random;
- synonym: every term of the synonym table, either side;
- mixes: two and three terms of every frequency mix (frequent, middling, rare);
- relaxed: a word found in no item, alone and with a frequent word (the page's retry).

Each term is asked alone and with one filter, in turn: a domain, a province, a region below
(the region of the catalogue it was drawn from, or a region under a province), a domain and a
region. Each query goes through what the search page computes for its first page
(search_bench.first_page: total, first page, facets), and, when it finds nothing, the page's
relaxed retry (relax.retry, as catalog/site/views.search). Not a test: it prints figures.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from bench.query_classes import CODES, SeedText, settings_line, window  # noqa: E402
from bench.search_bench import PAGE, first_page, pct  # noqa: E402
from catalog.models import Catalogue, Item, Region, SearchDocument, Synonym  # noqa: E402
from catalog.search import relax  # noqa: E402
from catalog.search.paging import SearchPaginator  # noqa: E402
from portal.runtime import freeze_startup_objects  # noqa: E402

FILTERS = ("domain", "province", "region below", "domain+region")
FREQUENT, RARE = 0.15, 0.01  # shares of the seed items


def drawn_words(seed_text, rng, texts_of, sizes=(2, 3, 4)):
    """{word: the first seed item it was cut from}: every 2-4 character window of the runs."""
    words = {}
    for item in seed_text.items:
        for part in texts_of(item):
            for run in seed_text.runs(part or ""):
                for size in sizes:
                    for i in range(len(run) - size + 1):
                        words.setdefault(run[i : i + size], item)
    return words


def frequency_picks(seed_text, rng, words, count):
    """The `count` most frequent, the `count` rarest (found) and `count` at random, with their shares."""
    candidates = sorted(words)
    if len(candidates) > 600:  # the share costs a pass over the seed items; a seeded sample is enough
        candidates = sorted(rng.sample(candidates, 600))
    shares = {w: seed_text.share(w) for w in candidates}
    by_share = sorted((w for w in candidates if shares[w] > 0), key=lambda w: (-shares[w], w))
    picked = by_share[:count] + by_share[-count:]
    rest = [w for w in by_share if w not in picked]
    picked += rng.sample(rest, min(count, len(rest)))
    return [(w, shares[w]) for w in dict.fromkeys(picked)]


def draw_terms(seed_text, rng, per_pool):
    """[(class, query, the seed item it was drawn from or None)], no repeats."""
    items = seed_text.items
    terms, seen = [], set()

    def add(name, q, item):
        if q and q.strip() and q not in seen:
            seen.add(q)
            terms.append((name, q, item))

    fragments = sorted(SearchDocument.objects.filter(kind=SearchDocument.Kind.FRAGMENT).values_list("text", flat=True))
    for text in fragments:
        for run in seed_text.runs(text):
            add("fragment", run[:100], None)
            add("fragment word", window(rng, run, 2, 4), None)

    fields = {
        "names": lambda item: [item.level1, item.level2, item.level3],
        "content": lambda item: [item.content, *[e.text for e in item.elements.all()]],
        "laws": lambda item: [
            item.legal_basis_text,
            *[link.legal_basis.title for link in item.legal_basis_links.all()],
        ],
        "publishers": lambda item: [
            item.publisher_text,
            *[link.organisation.name for link in item.publisher_links.all()],
        ],
        "channels": lambda item: [
            *[link.channel.name for link in item.channel_links.all()],
            *[link.detail for link in item.channel_links.all()],
        ],
        "责任科室": lambda item: [item.responsible_office],
    }
    pools = {"frequent": [], "middle": [], "rare": []}
    for field, texts_of in fields.items():
        words = drawn_words(seed_text, rng, texts_of)
        for word, share in frequency_picks(seed_text, rng, words, per_pool):
            bucket = "frequent" if share >= FREQUENT else "rare" if share < RARE else "middle"
            add(f"{field} {bucket}", word, words[word])
            pools[bucket].append((word, words[word]))

    codes = sorted({(m.group(), item.pk) for item in items for m in CODES.finditer(item.search_text)})
    rng.shuffle(codes)
    by_pk = {item.pk: item for item in items}
    for code, pk in codes[: per_pool * 3]:
        add("number", code, by_pk[pk])
        if len(code) > 4:
            add("number part", window(rng, code, 3, min(8, len(code) - 1)), by_pk[pk])

    chars = Counter(ch for item in items for ch in f"{item.level1}{item.level2}{item.level3}" if ch.isalpha())
    by_count = sorted(chars, key=lambda ch: (-chars[ch], ch))
    for ch in by_count[:per_pool] + by_count[-per_pool:] + rng.sample(by_count, min(per_pool, len(by_count))):
        add("one character", ch, None)

    for row in Synonym.objects.filter(enabled=True).order_by("term"):
        for term in [row.term, *row.expansion_list()]:
            add("synonym", term, None)

    mixes = [
        ("frequent", "frequent"),
        ("frequent", "middle"),
        ("frequent", "rare"),
        ("middle", "rare"),
        ("rare", "rare"),
        ("frequent", "frequent", "frequent"),
        ("frequent", "frequent", "rare"),
        ("frequent", "middle", "rare"),
        ("rare", "rare", "frequent"),
    ]
    for mix in mixes:
        if not all(pools[bucket] for bucket in mix):
            continue
        for _ in range(per_pool):
            picked = [rng.choice(pools[bucket]) for bucket in mix]
            words = [word for word, _ in picked]
            if len(set(words)) == len(words):
                add(f"{len(mix)} terms {'+'.join(mix)}", " ".join(words), picked[-1][1])

    everything = "\n".join(seed_text.everything.values())
    name_chars = sorted(chars)
    absent = []
    while len(absent) < per_pool:  # two characters of the names never found together
        word = "".join(rng.sample(name_chars, 2))
        if word.upper() not in everything and word not in absent:
            absent.append(word)
    for word in absent:
        add("relaxed", word, None)
        if pools["frequent"]:
            common, item = rng.choice(pools["frequent"])
            add("relaxed + frequent", f"{word} {common}", item)
    return terms


def draw_queries(seed, per_pool):
    """[(class, query, {filter params})]: every term alone, then with the next filter in turn."""
    rng = random.Random(seed)
    seed_text = SeedText()
    terms = draw_terms(seed_text, rng, per_pool)
    fallback = seed_text.items
    provinces = [p for p in Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")]
    provinces = [p for p in provinces if Item.objects.in_region(p).exists()] or provinces
    below = sorted(
        set(
            Catalogue.objects.exclude(region__level=Region.Level.PROVINCE)
            .filter(items__isnull=False)
            .values_list("region__code", flat=True)
        )
    )
    queries = []
    for n, (name, q, item) in enumerate(terms):
        item = item or rng.choice(fallback)
        queries.append((name, q, {}))
        kind = FILTERS[n % len(FILTERS)]
        if kind == "domain":
            flt = {"domain": item.domain.slug}
        elif kind == "province":
            flt = {"region": rng.choice(provinces).code}
        elif kind == "region below":
            flt = {"region": item.catalogue.region.code if n % 2 else rng.choice(below)}
        else:
            flt = {"domain": item.domain.slug, "region": rng.choice(provinces + [item.catalogue.region]).code}
        queries.append((name, q, flt))
    return queries


def page_with_retry(params):
    """first_page, then, when it found nothing, the page's relaxed retry (catalog/site/views.search)."""
    lookups = {}
    (count, exact), page, facets = first_page(params, lookups=lookups)
    if count or not params.get("q"):
        return count, exact, ""
    vocabulary = relax.vocabulary()

    def paged(filterset, items):
        paginator = SearchPaginator(items.for_listing(), PAGE, plan=filterset.search_plan)
        return paginator.page(1)

    relaxed = relax.retry(params, vocabulary, paged, lookups=lookups)
    if not relaxed:
        return 0, True, "relaxed: none"
    return relaxed.page.paginator.count, relaxed.page.paginator.count_is_exact, f"relaxed: {relaxed.shown}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-pool", type=int, default=12, help="words drawn per pool (frequent, rare, random, …)")
    parser.add_argument("--slowest", type=int, default=30)
    parser.add_argument("--list", action="store_true", help="print the drawn queries and stop")
    parser.add_argument("--json", help="write every query's time to this file")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run this against PostgreSQL (DATABASE_URL=postgres://…)")
    freeze_startup_objects()
    queries = draw_queries(args.seed, args.per_pool)
    if args.list:
        for name, q, flt in queries:
            print(f"{name:<28} {q:<30} {flt or ''}")
        print(f"{len(queries)} queries")
        return
    relax.vocabulary()  # read once, as each web worker keeps it
    print(f"items: {Item.objects.count():,}; PostgreSQL {connection.pg_version}; {settings_line()}")
    print(f"{len(queries)} queries drawn with seed {args.seed}, each run once (indexed backend)", flush=True)
    results = []
    started = time.perf_counter()
    for name, q, flt in queries:
        params = QueryDict(mutable=True)
        params["q"] = q
        params.update(flt)
        t0 = time.perf_counter()
        count, exact, note = page_with_retry(params)
        ms = (time.perf_counter() - t0) * 1000
        hits = f"{count:,}" + ("" if exact else "+")
        results.append({"class": name, "q": q, "filter": flt, "hits": hits, "ms": ms, "note": note})
    elapsed = time.perf_counter() - started
    times = [r["ms"] for r in results]
    print(f"\n{len(results)} queries in {elapsed:.0f} s")
    print(
        f"all: p50 {pct(times, 50):.1f}  p95 {pct(times, 95):.1f}  p99 {pct(times, 99):.1f}  max {max(times):.1f} ms"
        f"  mean {statistics.mean(times):.1f}; over 150 ms: {sum(t > 150 for t in times)}"
    )
    print(f"\nslowest {args.slowest}:\n{'ms':>8} {'hits':>8}  {'class':<28} {'query':<24} filter")
    for r in sorted(results, key=lambda r: -r["ms"])[: args.slowest]:
        shown = " ".join(f"{k}={v}" for k, v in r["filter"].items()) or "-"
        print(f"{r['ms']:>8.1f} {r['hits']:>8}  {r['class']:<28} {r['q']:<24} {shown} {r['note']}")
    print(f"\n{'class':<28} {'queries':>7} {'p50':>7} {'p95':>7} {'max':>8}")
    for name in sorted({r["class"] for r in results}):
        ms = [r["ms"] for r in results if r["class"] == name]
        print(f"{name:<28} {len(ms):>7} {pct(ms, 50):>7.1f} {pct(ms, 95):>7.1f} {max(ms):>8.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"items": Item.objects.count(), "queries": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()

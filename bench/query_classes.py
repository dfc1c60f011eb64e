"""Search benchmark by query class: at least 80 queries drawn by rule from the texts, not hand-picked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/query_classes.py [--repeat 5] [--naive-repeat 1] [--json out.json]
    … bench/query_classes.py --list              # only print the drawn queries
    … bench/query_classes.py --explain 'q' [--domain slug | --region code]

The queries are drawn, with a fixed seed (--seed), from the seed catalogues' items (the four
loaded by load_seed, present in every database built by generate_synthetic, so the 100k and
the 1M database get the same queries). Five classes (QUERY_CLASSES), each asked 8 times
alone, 4 times within a domain and 4 times within a region:

- local: 3-6 characters cut from the local text (publishers, channels, 责任科室) after the
  region names are taken out (the synthetic copies put their own region there), kept only
  when the names, content and template text of no seed item contain them: a service
  centre, a notice board, the name of a website.
- number: numbers and codes of the texts (hotlines such as 12348, years, ranges, web
  addresses, abbreviations such as APP): whole, then 3-8 character parts of the longer ones.
- rare phrase: 6-12 characters cut from the content or elements of items whose content no
  other seed item shares.
- synonym: the 8 terms of the synonym table (either side) whose alternatives are found in
  the most seed items (the expansion lands on a frequent term), alone, then within filters.
- two terms: a frequent 2-3 character word of the names (in at least 15 % of the seed items)
  with a rare term of the other pools (local, number or a 3-5 character rare phrase).

A domain filter uses the domain of the item the term was drawn from; a region filter
alternates a synthetic province (drawn among the provinces, by code) and the region of the
seed catalogue the term was drawn from. Each query is timed through search_bench.first_page
(the search page's own code: total, first page, facets) with the indexed backend and with
icontains; identical ids, totals, first pages and facets are checked per query. Prints
per-class and overall p50/p95 and the ratio to icontains at p95. Not a test: it prints figures.
"""

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection  # noqa: E402

from bench.search_bench import all_ids, explain_page, first_page, params_for, pct, sizes, timed  # noqa: E402
from catalog.models import Catalogue, Item, Region, Synonym  # noqa: E402
from catalog.search import parse_terms  # noqa: E402
from portal.runtime import freeze_startup_objects  # noqa: E402

QUERY_CLASSES = ("local", "number", "rare phrase", "synonym", "two terms")
ALONE, IN_DOMAIN, IN_REGION = 8, 4, 4
SLOW_MS = 150
# Splits text into the runs terms are cut from (a term never spans punctuation here).
BREAKS = re.compile(r"[\s,.;:!?()\[\]{}<>/\\|\"'，。、；：！？（）【】《》〔〕“”‘’…—·]+")
# Numbers and codes: digit strings, years and ranges, hotlines, web addresses, abbreviations.
CODES = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]*[0-9A-Za-z]")


class SeedText:
    """The seed items' texts, by segment as the index cuts them (catalog/search/sql/functions.sql)."""

    def __init__(self):
        seed = Catalogue.objects.exclude(source_file="synthetic")
        items = (
            Item.objects.filter(catalogue__in=seed)
            .select_related("domain", "catalogue__region")
            .prefetch_related(
                "elements", "legal_basis_links__legal_basis", "publisher_links__organisation", "channel_links__channel"
            )
            .order_by("pk")
        )
        self.items = list(items)
        self.region_names = sorted(
            {name for region in Region.objects.filter(catalogues__in=seed) for name in self._lineage(region)},
            key=len,
            reverse=True,
        )
        self.shared = {item.pk: "\n".join(self.shared_parts(item)).upper() for item in self.items}
        self.everything = {item.pk: item.search_text.upper() for item in self.items}

    @staticmethod
    def _lineage(region):
        while region is not None:
            yield region.name
            region = region.parent

    @staticmethod
    def shared_parts(item):
        return [
            item.level1,
            item.level2,
            item.level3,
            item.content,
            *[e.text for e in item.elements.all()],
            item.legal_basis_text,
            *[link.legal_basis.title for link in item.legal_basis_links.all()],
        ]

    @staticmethod
    def local_parts(item):
        return [
            item.publisher_text,
            *[link.organisation.name for link in item.publisher_links.all()],
            *[link.channel.name for link in item.channel_links.all()],
            *[link.detail for link in item.channel_links.all()],
            item.responsible_office,
        ]

    def share(self, term: str) -> float:
        """The share of seed items whose search text contains `term`."""
        upper = term.upper()
        return sum(upper in text for text in self.everything.values()) / len(self.items)

    def in_shared(self, term: str) -> bool:
        upper = term.upper()
        return any(upper in text for text in self.shared.values())

    def runs(self, text: str, *, without_regions: bool = False) -> list[str]:
        if without_regions:
            for name in self.region_names:
                text = text.replace(name, "\n")
        return [run for run in BREAKS.split(text) if run]


def window(rng, run: str, shortest: int, longest: int) -> str | None:
    if len(run) < shortest:
        return None
    size = rng.randint(shortest, min(longest, len(run)))
    start = rng.randrange(len(run) - size + 1)
    return run[start : start + size]


def draw_terms(seed_text: SeedText, rng) -> dict[str, list[tuple[str, object]]]:
    """{class: [(query, the seed item it was drawn from), …]} in drawing order, no repeats."""
    items = seed_text.items
    wanted = ALONE + IN_DOMAIN + IN_REGION
    pools: dict[str, list] = {}

    def fill(name, candidates, accept, count=wanted):
        chosen, seen = [], set()
        for term, item in candidates:
            if term and term not in seen and accept(term):
                seen.add(term)
                chosen.append((term, item))
                if len(chosen) == count:
                    break
        pools[name] = chosen

    local_runs = sorted(
        {
            (run, item.pk)
            for item in items
            for part in seed_text.local_parts(item)
            for run in seed_text.runs(part, without_regions=True)
        }
    )
    rng.shuffle(local_runs)
    by_pk = {item.pk: item for item in items}
    fill(
        "local",
        ((window(rng, run, 3, 6), by_pk[pk]) for run, pk in local_runs),
        lambda term: not seed_text.in_shared(term),
    )

    codes = sorted({(m.group(), item.pk) for item in items for m in CODES.finditer(item.search_text)})
    rng.shuffle(codes)
    # a long code is also searched by a part of it (the 12348 of nm.12348.gov.cn)
    parts = [(window(rng, code, 3, 8), pk) for code, pk in codes if len(code) > 8]
    fill(
        "number",
        ((code, by_pk[pk]) for code, pk in codes + parts),
        lambda term: any(ch.isdigit() for ch in term) or len(term) >= 3,
    )

    contents = Counter(item.content for item in items if item.content)
    rare_items = [item for item in items if item.content and contents[item.content] == 1]
    rare_runs = sorted(
        {
            (run, item.pk)
            for item in rare_items
            for part in [item.content, *[e.text for e in item.elements.all()]]
            for run in seed_text.runs(part)
            if len(run) >= 6
        }
    )
    rng.shuffle(rare_runs)
    fill("rare phrase", ((window(rng, run, 6, 12), by_pk[pk]) for run, pk in rare_runs), lambda term: True)

    synonym_terms = []
    for row in Synonym.objects.filter(enabled=True).order_by("term"):
        expansions = row.expansion_list()
        synonym_terms.append((row.term, expansions))
        synonym_terms += [(expansion, [row.term]) for expansion in expansions]
    # the terms whose alternatives are the most frequent in the seed texts, most frequent first
    landing = sorted(
        ((max(seed_text.share(alt) for alt in alternatives), term) for term, alternatives in synonym_terms),
        key=lambda pair: (-pair[0], pair[1]),
    )
    frequent_targets = [term for share, term in landing if share > 0][:ALONE]
    rng.shuffle(frequent_targets)
    # Fewer synonyms than queries: each is asked alone first, then within filters.
    cycle = [frequent_targets[i % len(frequent_targets)] for i in range(wanted)] if frequent_targets else []

    alternatives_of = dict(synonym_terms)

    def source_of(term):
        wordings = [term.upper(), *[alt.upper() for alt in alternatives_of[term]]]
        holding = [item for item in items if any(w in seed_text.everything[item.pk] for w in wordings)]
        return rng.choice(holding) if holding else rng.choice(items)

    pools["synonym"] = [(term, source_of(term)) for term in cycle]

    name_words = sorted(
        {
            w
            for item in items
            for run in seed_text.runs("\n".join([item.level1, item.level2, item.level3]))
            for size in (2, 3)
            for w in (run[i : i + size] for i in range(len(run) - size + 1))
        }
    )
    frequent = [w for w in name_words if seed_text.share(w) >= 0.15]
    rng.shuffle(frequent)
    rare_pool = [(term, item) for name in ("local", "number") for term, item in pools[name]]
    rare_pool += [(window(rng, term, 3, 5), item) for term, item in pools["rare phrase"]]
    rng.shuffle(rare_pool)
    pairs = []
    for n, (rare, item) in enumerate(rare_pool):
        common = frequent[n % len(frequent)]
        if common.upper() in rare.upper() or rare.upper() in common.upper():
            continue
        pairs.append((f"{common} {rare}" if rng.random() < 0.5 else f"{rare} {common}", item))
    fill("two terms", pairs, lambda term: True)
    return pools


def draw_queries(seed: int) -> list[tuple[str, str, tuple | None]]:
    """[(class, query, filter)]: filter None, ("domain", slug) or ("region", code)."""
    rng = random.Random(seed)
    seed_text = SeedText()
    pools = draw_terms(seed_text, rng)
    provinces = list(Region.objects.filter(level="province").order_by("code"))
    provinces = [p for p in provinces if Item.objects.in_region(p).exists()] or provinces
    queries = []
    for name in QUERY_CLASSES:
        drawn = pools[name]
        if len(drawn) < ALONE + IN_DOMAIN + IN_REGION:
            raise SystemExit(f"only {len(drawn)} {name} queries could be drawn")
        for n, (q, item) in enumerate(drawn):
            if n < ALONE:
                flt = None
            elif n < ALONE + IN_DOMAIN:
                flt = ("domain", item.domain.slug)
            elif n % 2 and provinces:
                flt = ("region", rng.choice(provinces).code)
            else:
                flt = ("region", item.catalogue.region.code)
            queries.append((name, q, flt))
    return queries


def region_lookup(queries):
    codes = {flt[1] for _, _, flt in queries if flt and flt[0] == "region"}
    return {region.code: region for region in Region.objects.filter(code__in=codes)}


def settings_line() -> str:
    names = (
        "shared_buffers",
        "effective_cache_size",
        "work_mem",
        "random_page_cost",
        "max_parallel_workers_per_gather",
        "jit",
    )
    with connection.cursor() as cursor:
        shown = []
        for name in names:
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name}={cursor.fetchone()[0]}")
    return ", ".join(shown)


def print_growth(results, earlier, name):
    """p95 of this run over p95 of the earlier run, per class and overall (the same queries)."""
    print(f"\np95 growth from {name} to this run (same drawing):")
    for label in [*QUERY_CLASSES, "all"]:
        now = [ms for r in results if label in ("all", r["class"]) for ms in r["indexed_ms"]]
        then = [ms for r in earlier if label in ("all", r["class"]) for ms in r["indexed_ms"]]
        if now and then:
            print(
                f"  {label:<12} {pct(then, 95):>7.1f} -> {pct(now, 95):>7.1f} ms  {pct(now, 95) / pct(then, 95):.2f}x"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the drawing's random seed")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query for the indexed backend")
    parser.add_argument("--naive-repeat", type=int, default=1, help="timed runs per query for icontains")
    parser.add_argument("--skip-naive", action="store_true", help="no icontains runs and no comparison")
    parser.add_argument("--classes", nargs="*", choices=QUERY_CLASSES, help="only these classes")
    parser.add_argument("--list", action="store_true", help="print the drawn queries and stop")
    parser.add_argument("--json", help="write every query's timings to this file")
    parser.add_argument(
        "--growth", metavar="JSON", help="another run's --json (e.g. at 100k items): print each class's p95 growth"
    )
    parser.add_argument("--explain", metavar="Q", help="EXPLAIN ANALYZE the page's statements for this query")
    parser.add_argument("--domain", help="with --explain: a domain slug")
    parser.add_argument("--region", help="with --explain: a region code")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run this against PostgreSQL (DATABASE_URL=postgres://…/scale_bench_1m)")
    freeze_startup_objects()  # as portal/wsgi.py does in every web worker
    if args.explain:
        flt = ("domain", args.domain) if args.domain else ("region", args.region) if args.region else None
        explain_page(params_for(args.explain, flt, region_lookup([("", "", flt)])))
        return
    queries = [entry for entry in draw_queries(args.seed) if not args.classes or entry[0] in args.classes]
    regions = region_lookup(queries)
    if args.list:
        for name, q, flt in queries:
            print(f"{name:<12} {q:<24} {flt or ''}  terms={parse_terms(q)}")
        return
    print(f"items: {Item.objects.count():,}; PostgreSQL {connection.pg_version}; {settings_line()}")
    print(f"{len(queries)} queries drawn with seed {args.seed}; indexed {args.repeat}×, icontains {args.naive_repeat}×")
    print(
        f"\n{'class':<12} {'query':<26} {'filter':<24} {'hits':>8} {'p50':>7} {'p95':>7} {'naive':>8} {'ratio':>6} same"
    )
    results, mismatches = [], []
    for name, q, flt in queries:
        params = params_for(q, flt, regions)
        first_page(params)  # warm: the cache is not what is measured, but the first connection's costs are not either
        fast, ((total, exact), page, facets) = timed(lambda: first_page(params), args.repeat)
        slow, same = [], "skipped"
        if not args.skip_naive:
            slow, ((n_total, n_exact), n_page, n_facets) = timed(
                lambda: first_page(params, naive=True), args.naive_repeat
            )
            ok = (
                (total, exact) == (n_total, n_exact)
                and page == n_page
                and facets == n_facets
                and all_ids(params) == all_ids(params, naive=True)
            )
            same = "yes" if ok else "NO"
            if not ok:
                mismatches.append((name, q, flt))
        shown = f"{flt[0]}={flt[1]}" if flt else "-"
        hits = f"{total:,}" + ("" if exact else "+")
        naive = statistics.median(slow) if slow else float("nan")
        print(
            f"{name:<12} {q:<26} {shown:<24} {hits:>8} {statistics.median(fast):>7.1f} {pct(fast, 95):>7.1f} "
            f"{naive:>8.1f} {naive / statistics.median(fast):>6.1f} {same}",
            flush=True,
        )
        results.append({"class": name, "q": q, "filter": flt, "hits": hits, "indexed_ms": fast, "naive_ms": slow})

    print(
        f"\n{'class':<12} {'queries':>7} {'p50':>7} {'p95':>7} {'max':>7} {'naive p95':>10} {'ratio p95':>9}  slow (p95>{SLOW_MS})"
    )
    for name in [*[c for c in QUERY_CLASSES if any(r["class"] == c for r in results)], "all"]:
        rows = [r for r in results if name in ("all", r["class"])]
        fast = [ms for r in rows for ms in r["indexed_ms"]]
        slow = [ms for r in rows for ms in r["naive_ms"]]
        over = [r["q"] for r in rows if pct(r["indexed_ms"], 95) > SLOW_MS]
        naive_p95 = pct(slow, 95) if slow else float("nan")
        print(
            f"{name:<12} {len(rows):>7} {pct(fast, 50):>7.1f} {pct(fast, 95):>7.1f} {max(fast):>7.1f} "
            f"{naive_p95:>10.1f} {naive_p95 / pct(fast, 95):>9.1f}  {len(over)} {over if over and name != 'all' else ''}"
        )
    if not args.skip_naive:
        print(
            "identical ids, totals, first pages and facets for every query: "
            + ("yes" if not mismatches else f"NO: {mismatches}")
        )
    if args.growth:
        print_growth(results, json.loads(Path(args.growth).read_text())["queries"], args.growth)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"started": time.time(), "items": Item.objects.count(), "queries": results}, ensure_ascii=False)
        )
    sizes()


if __name__ == "__main__":
    main()

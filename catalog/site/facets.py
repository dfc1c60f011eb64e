"""Facet counts for the current result set, each value linking to the narrowed URL.

Three queries whatever the result size: the matching ids (at most FACET_LIMIT), one statement
counting them per domain, catalogue, publisher, channel, level, audience and mode, then one
for the names of the values found.
Counts are of distinct items (an item may list one channel twice).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection

from catalog.models import Catalogue, Channel, Domain, Item, ItemChannel, ItemPublisher, Level, Organisation
from catalog.models.item import reading
from catalog.search.filters import UNSTATED, UNSTATED_LABEL, Audience, Mode
from catalog.search.plan import SearchPlan

PUBLISHER_LIMIT = 15
# The catalogue facet lists at most this many catalogues, those with the most results (in
# catalogue order, as when all are listed). At 1M items a result of 1,779 items lay in 1,365
# catalogues, one per region: 240 KB of links to render and send, every name read.
CATALOGUE_LIMIT = 15
# Facets are counted for result sets up to this size; larger ones are narrowed first.
FACET_LIMIT = 2_000


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    url: str = ""
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    more: bool = False  # True when only the largest values are shown


def compute_facets(queryset, params, *, plan: SearchPlan | None = None) -> list[Facet]:
    """Facets of `queryset` (already filtered); `params` is the current QueryDict for the links.
    `plan`: the search's plan (`filterset.search_plan`), which finds the matching ids cheaply.

    The matching ids are fetched once (at most FACET_LIMIT; a larger result gets no facets)
    and every count is taken over them: a search is not evaluated again for each facet.
    """
    if plan is not None and plan.applies_to(queryset):
        ids = plan.matching_ids(FACET_LIMIT)
    else:
        ids = list(queryset.order_by().values_list("pk", flat=True)[: FACET_LIMIT + 1])
    if not ids or len(ids) > FACET_LIMIT:
        return []
    counts = _count_values(ids)
    found = _named(counts)
    names = {pk: name for pk, name, _key in found["publisher"]}
    publishers = sorted(
        ((pk, names[pk], n) for pk, n in counts["publisher"].items()), key=lambda row: (-row[2], row[1])
    )[: PUBLISHER_LIMIT + 1]
    flags = counts["flag"]
    # the CATALOGUE_LIMIT catalogues with most results, ties in catalogue order (as counted out)
    catalogues = found["catalogue"]
    order = {pk: position for position, (pk, _title, _slug) in enumerate(catalogues)}
    shown = set(sorted(order, key=lambda pk: (-counts["catalogue"][pk], order[pk]))[:CATALOGUE_LIMIT])

    publisher_facet = _facet("publisher", "公开主体", publishers[:PUBLISHER_LIMIT])
    publisher_facet.more = len(publishers) > PUBLISHER_LIMIT
    catalogue_facet = _facet(
        "catalogue", "目录", [(slug, title, counts["catalogue"][pk]) for pk, title, slug in catalogues if pk in shown]
    )
    catalogue_facet.more = len(catalogues) > CATALOGUE_LIMIT
    facets = [
        _facet("domain", "领域", [(slug, name, counts["domain"][pk]) for pk, name, slug in found["domain"]]),
        catalogue_facet,
        publisher_facet,
        _facet("channel", "公开渠道", [(slug, name, counts["channel"][pk]) for pk, name, slug in found["channel"]]),
    ]
    for name, label, choices, columns in (
        ("audience", "公开对象", Audience.choices, Audience.fields),
        ("mode", "公开方式", Mode.choices, Mode.fields),
    ):
        rows = [(key, text, flags.get(columns[key], 0)) for key, text in choices]
        facets.append(_facet(name, label, [*rows, (UNSTATED, UNSTATED_LABEL, counts["unstated"].get(name, 0))]))
    rows = [(code, name, counts["level"][pk]) for pk, name, code in found["level"]]
    facets.append(_facet("level", "公开层级", [*rows, (UNSTATED, UNSTATED_LABEL, counts["unstated"].get("level", 0))]))
    links = FacetLinks(params)
    for facet in facets:
        current = params.get(facet.name, "")
        for value in facet.values:
            value.selected = value.value == current
            value.url = links.url(facet.name, None if value.selected else value.value)
    return [facet for facet in facets if facet.values]


def _count_values(ids: list[int]) -> dict[str, dict]:
    """Items per domain, catalogue, publisher, channel, level and per flag among `ids`, in one
    statement: the ids are read once, and the link tables through their item_id indexes. Only
    the PUBLISHER_LIMIT + 1 publishers shown (or hinted at) are counted out: the most frequent,
    then by name (a result of 1,000 items names a thousand publishers, whose names would all
    be fetched to pick them). Only the names of publishers counted at least as often as the
    (PUBLISHER_LIMIT + 1)th are read, each through the primary key: joining the organisations
    before counting read the name of every link (a hash of all 11,678 organisations at 100k
    items, 40 of the statement's 60 ms for 五保 within 社会救助); likewise the CATALOGUE_LIMIT + 1 catalogues with most results,
    then in catalogue order."""
    item, through = Item._meta.db_table, Item.levels.through._meta.db_table
    flags = [*Audience.fields.values(), *Mode.fields.values()]
    # 未注明: no flag of the group set and one unknown (the catalogue has no such column).
    unstated = {
        group: " AND ".join(f"{f} IS NOT TRUE" for f in fields)
        + " AND ("
        + " OR ".join(f"{f} IS NULL" for f in fields)
        + ")"
        for group, fields in (("audience", list(Audience.fields.values())), ("mode", list(Mode.fields.values())))
    }
    unstated["level"] = f"NOT levels_stated AND NOT EXISTS (SELECT 1 FROM {through} link WHERE link.item_id = hits.id)"
    columns = ", ".join(["domain_id", "catalogue_id", "levels_stated", *flags])
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands: planning an IN list of 2,000 took longer
        # than counting it; code-point order of names, as Python's sort. Each id is looked up
        # on its own (a join to the unnested ids), so that every lookup is an index-only scan
        # of catalog_item_search_cover, which holds these columns (migration 0025): as
        # `id = ANY(...)`, 2,000 ids were read through the primary key and the heap at 1M items
        # (the planner's costs of the two nearly equal), 12-15 ms against 6.6-8.5 ms.
        hits = f"SELECT item.id, {columns} FROM unnest(%s::bigint[]) AS hit(id) JOIN {item} item ON item.id = hit.id"
        # (each id once, as `= ANY` counted it; in order, so that neighbouring lookups share pages)
        id_params, name_order = ["{%s}" % ",".join(map(str, sorted(set(ids))))], ' COLLATE "C"'
    else:
        hits = f"SELECT id, {columns} FROM {item} WHERE id IN ({', '.join(['%s'] * len(ids))})"
        id_params, name_order = ids, ""
    sql = f"""
        WITH hits AS {"MATERIALIZED" if connection.vendor == "postgresql" else ""} ({hits}),
        -- items per publisher (count(*): an item links an organisation once, item_publisher_unique)
        per_publisher AS {"MATERIALIZED" if connection.vendor == "postgresql" else ""} (
            SELECT link.organisation_id AS id, count(*) AS n
            FROM {ItemPublisher._meta.db_table} link JOIN hits ON link.item_id = hits.id
            GROUP BY link.organisation_id)
        SELECT 'domain', domain_id, count(*) FROM hits GROUP BY domain_id
        UNION ALL SELECT * FROM (
            SELECT 'catalogue', per_catalogue.id, per_catalogue.n
            FROM (SELECT catalogue_id AS id, count(*) AS n FROM hits GROUP BY catalogue_id) per_catalogue
            JOIN {Catalogue._meta.db_table} c ON c.id = per_catalogue.id
            ORDER BY per_catalogue.n DESC, c.position, c.title, per_catalogue.id
            LIMIT {CATALOGUE_LIMIT + 1}
        ) AS catalogues
        UNION ALL SELECT * FROM (
            SELECT 'publisher', publisher.id, publisher.n FROM per_publisher publisher
            WHERE publisher.n >= coalesce(
                (SELECT n FROM per_publisher ORDER BY n DESC LIMIT 1 OFFSET {PUBLISHER_LIMIT}), 0)
            ORDER BY publisher.n DESC,
                (SELECT o.name FROM {Organisation._meta.db_table} o WHERE o.id = publisher.id){name_order}
            LIMIT {PUBLISHER_LIMIT + 1}
        ) AS publishers
        UNION ALL SELECT 'channel', link.channel_id, count(DISTINCT link.item_id)
            FROM {ItemChannel._meta.db_table} link JOIN hits ON link.item_id = hits.id GROUP BY link.channel_id
        UNION ALL SELECT 'level', link.level_id, count(DISTINCT link.item_id)
            FROM {through} link JOIN hits ON link.item_id = hits.id GROUP BY link.level_id
        {"".join(f" UNION ALL SELECT 'flag', {n}, count(*) FROM hits WHERE {flag}" for n, flag in enumerate(flags))}
        {"".join(f" UNION ALL SELECT 'unstated', {n}, count(*) FROM hits WHERE {where}" for n, where in enumerate(unstated.values()))}
    """
    groups = list(unstated)
    counts: dict[str, dict] = {
        "domain": {}, "catalogue": {}, "publisher": {}, "channel": {}, "level": {}, "flag": {}, "unstated": {}
    }  # fmt: skip
    with reading().cursor() as cursor:
        cursor.execute(sql, id_params)
        for facet, key, n in cursor.fetchall():
            if facet == "flag":
                counts["flag"][flags[key]] = n
            elif facet == "unstated":
                counts["unstated"][groups[key]] = n
            else:
                counts[facet][key] = n
    return counts


# The names of the values counted, in each facet's order (the models' orderings: domains and
# catalogues by position then name, channels and levels by position), one statement.
NAMES_SQL = {
    "domain": "SELECT 0, id, name, slug, position, name FROM {table} WHERE id IN ({ids})",
    "catalogue": "SELECT 1, id, title, slug, position, title FROM {table} WHERE id IN ({ids})",
    "publisher": "SELECT 2, id, name, NULL, 0, name FROM {table} WHERE id IN ({ids})",
    "channel": "SELECT 3, id, name, slug, position, '' FROM {table} WHERE id IN ({ids})",
    "level": "SELECT 4, id, name, code, position, '' FROM {table} WHERE id IN ({ids})",
}
NAMED = {"domain": Domain, "catalogue": Catalogue, "publisher": Organisation, "channel": Channel, "level": Level}


def _named(counts) -> dict[str, list[tuple[int, str, str | None]]]:
    """{facet: [(id, name, slug or code), ...] in the facet's order} for the ids in `counts`."""
    found: dict[str, list] = {facet: [] for facet in NAMES_SQL}
    parts, params = [], []
    for facet, sql in NAMES_SQL.items():
        ids = list(counts[facet])
        if ids:
            table = NAMED[facet]._meta.db_table
            parts.append(sql.format(table=table, ids=", ".join(["%s"] * len(ids))))
            params.extend(ids)
    if not parts:
        return found
    facets = list(NAMES_SQL)
    with reading().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 5, 6, 2", params)
        for kind, pk, name, key, _position, _sort in cursor.fetchall():
            found[facets[kind]].append((pk, name, key))
    return found


def _facet(name, label, rows) -> Facet:
    return Facet(name, label, [FacetValue(str(value), str(text), n) for value, text, n in rows if n])


def facet_url(params, name, value) -> str:
    """The current query string with `name` set to `value` (or removed), back on page 1."""
    return FacetLinks(params).url(name, value)


class FacetLinks:
    """facet_url for many values of the same query string: its parameters are encoded once,
    then each link joins the pieces around the one that changes (a search page links every
    facet value, hundreds; 23 us each when the whole query string was copied and encoded for
    each, 7 ms a page).

    The same string as QueryDict.urlencode() of a copy with `page` dropped and `name` set
    (in its place when present, else last) or removed."""

    def __init__(self, params):
        self.pairs = [
            (key, [urlencode({key: value}) for value in values]) for key, values in params.lists() if key != "page"
        ]
        self.around = {}

    def url(self, name, value) -> str:
        if name not in self.around:
            keys = [key for key, _encoded in self.pairs]
            at = keys.index(name) if name in keys else len(keys)
            self.around[name] = (
                [piece for _key, encoded in self.pairs[:at] for piece in encoded],
                [piece for _key, encoded in self.pairs[at + 1 :] for piece in encoded],
            )
        before, after = self.around[name]
        middle = [] if value is None else [urlencode({name: value})]
        encoded = "&".join([*before, *middle, *after])
        return f"?{encoded}" if encoded else "?"

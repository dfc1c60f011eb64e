"""When a search finds nothing: retry it in relaxed forms, and suggest words from the vocabulary.

Citizens type 低保户, 低保金, 残疾证, or a whole question (我想申请低保需要什么材料); the
catalogues print 最低生活保障, 残疾人补贴, 居住证申领. A query that found nothing is retried,
in this order, until one form finds something:

1. every term without a reviewed ending (catalog/search/relaxing.py SUFFIXES): 低保户 -> 低保;
2. every term split into the known words it contains, searched together: 残疾人有什么补贴 ->
   残疾人 补贴. A known word is a run of at least two characters found in the vocabulary
   (一级/二级事项 names, domain names, synonym terms and expansions), taken longest first from
   left to right; words inside a longer one found are dropped;
3. each of those words alone, longest first (never a generic word such as 申请 alone).

Every form is searched like any query (synonyms, exact substrings, the page's other filters):
relaxing only chooses what to search, never how. The page then says what it showed instead
(未找到“低保户”，已为您显示“低保”的结果) and offers 您是不是要找 links: the form shown and
vocabulary entries containing it or its synonyms.
"""

from dataclasses import dataclass

from . import parse_terms
from .relaxing import GENERIC_WORDS, SUFFIXES
from .synonyms import lookup, split_quoted

MIN_WORD = 2
MAX_WORD = 20
MAX_SINGLE_WORDS = 3
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Vocabulary:
    """The words a relaxed query may be made of, as one searchable text, and the entries
    offered as suggestions (names and synonyms, shortest first)."""

    text: str
    entries: tuple[str, ...]

    @classmethod
    def of(cls, words) -> "Vocabulary":
        entries = sorted(
            {w.strip() for w in words if w and w.strip() and "\n" not in w.strip()}, key=lambda w: (len(w), w)
        )
        return cls("\n" + "\n".join(entries) + "\n", tuple(entries))

    def knows(self, word: str) -> bool:
        return len(word) >= MIN_WORD and word in self.text


def vocabulary() -> Vocabulary:
    """Names of published 一级/二级事项, domain names, enabled synonym terms and expansions.

    The names are read through their indexes (published_names); callers cache it until the
    data changes (portal.cache.versioned), and it is only needed for searches that found nothing."""
    from catalog.models import Domain, Synonym
    from catalog.models.item import published_names

    words = set(published_names("level1")) | set(published_names("level2"))
    words |= set(Domain.objects.values_list("name", flat=True))
    for synonym in Synonym.objects.filter(enabled=True):
        words.add(synonym.term)
        words.update(synonym.expansion_list())
    return Vocabulary.of(words)


def strip_suffix(term: str, vocab: Vocabulary) -> str:
    """The term without one or two reviewed endings, when what is left is a known word
    (低保户 -> 低保, 低保户申请 -> 低保); otherwise the term unchanged."""
    stem = term
    for _ in range(2):
        suffix = next((suffix for suffix, _why in SUFFIXES if stem.endswith(suffix) and len(stem) > len(suffix)), "")
        if not suffix:
            break
        stem = stem[: -len(suffix)]
        if vocab.knows(stem):
            return stem
    return term


def known_words(term: str, vocab: Vocabulary) -> list[str]:
    """The known words in `term`, longest match first, left to right; words contained in
    another found word are dropped (失业了怎么领失业金 -> 失业金)."""
    found: list[str] = []
    start = 0
    while start <= len(term) - MIN_WORD:
        for end in range(min(len(term), start + MAX_WORD), start + MIN_WORD - 1, -1):
            if vocab.knows(term[start:end]):
                found.append(term[start:end])
                start = end
                break
        else:
            start += 1
    unique = list(dict.fromkeys(found))
    return [word for word in unique if not any(word != other and word in other for other in unique)]


def relaxed_queries(q: str | None, vocab: Vocabulary) -> list[str]:
    """The forms to retry, in order, without the query itself and without repeats.
    Quoted terms ("低保户") are kept as typed: the citizen asked for exactly those."""
    parsed = split_quoted(parse_terms(q))
    if not parsed:
        return []
    original = " ".join(f'"{term}"' if quoted else term for term, quoted in parsed)
    forms: list[str] = []

    def add(terms):
        form = " ".join(dict.fromkeys(t for t in terms if t))
        if form and form != original and form not in forms:
            forms.append(form)

    add([f'"{term}"' if quoted else strip_suffix(term, vocab) for term, quoted in parsed])
    split: list[str] = []
    for term, quoted in parsed:
        words = [] if quoted else known_words(term, vocab)
        split += words or ([f'"{term}"'] if quoted else [strip_suffix(term, vocab)])
    add(split)
    if not any(quoted for _, quoted in parsed):  # never drop a term the citizen quoted
        singles = sorted((w for w in dict.fromkeys(split) if w not in GENERIC_WORDS), key=len, reverse=True)
        for word in singles[:MAX_SINGLE_WORDS]:
            add([word])
    return forms


def suggestions(q: str, vocab: Vocabulary) -> list[str]:
    """您是不是要找: vocabulary entries containing one of the words of `q` (its terms, relaxed
    as above) or one of their synonyms, shortest first, other than the terms themselves
    (generic words such as 申请 suggest nothing)."""
    terms = [term for term, _ in split_quoted(parse_terms(q))]
    words = [word for term in terms for word in (term, strip_suffix(term, vocab), *known_words(term, vocab))]
    specific = [word for word in dict.fromkeys(words) if word not in GENERIC_WORDS]
    if not specific:
        return []
    wanted = list(dict.fromkeys(specific + [alt for alts in lookup(specific).values() for alt in alts]))
    found: list[str] = []
    for entry in vocab.entries:
        if len(found) >= MAX_SUGGESTIONS:
            break
        if entry not in terms and any(word in entry for word in wanted):
            found.append(entry)
    return found


@dataclass
class Relaxed:
    original: str  # what was typed, as searched (simplified, whitespace normalised)
    shown: str  # the form whose results the page shows
    filterset: object
    items: object
    page: object  # what `retry`'s `page` made of them


def retry(data, vocab: Vocabulary, page, *, lookups: dict | None = None) -> Relaxed | None:
    """The first relaxed form of data["q"] that finds something with the same other filters,
    or None.

    `page(filterset, items)`: the page of results the caller shows for a form (a Page of
    catalog.search.paging.SearchPaginator); its count says whether the form found something,
    so the form found is counted once, for the page, and not tested first. `lookups`: shared
    with the query's own search (filter_items): a term of several forms is looked up once."""
    from .filters import filter_items

    q = data.get("q")
    for form in relaxed_queries(q, vocab):
        changed = data.copy()
        changed["q"] = form
        filterset, items = filter_items(changed, lookups=lookups)
        if not filterset.is_valid():
            continue
        shown = page(filterset, items)
        if shown.paginator.count:
            return Relaxed(" ".join(parse_terms(q)), form, filterset, items, shown)
    return None

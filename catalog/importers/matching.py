"""Which item of one list is which item of another: the re-import's (and 对标核查's) matcher.

Plain data, no Django. Each side is a list of :class:`Entry` (domain, 序号, the three
names, 公开内容); :func:`match_items` pairs them in two stages:

1. **Same domain and same names** (compared without spaces and punctuation): paired in
   printed order, so a name printed twice on both sides pairs first with first.
2. **Near-identical names** in the same domain, by rapidfuzz's ``fuzz.ratio`` (0–100) of
   the joined names:

   * *sure*: names ≥ ``NAME_SIMILAR`` (90) and either the same 序号 or contents ≥
     ``CONTENT_SIMILAR`` (90). A sure pair is taken when each side is the other's only
     best; otherwise the row is *ambiguous*.
   * *possible*: names ≥ ``NAME_POSSIBLE`` (75) with the same 序号 or contents ≥ 90, or
     names ≥ 90 with nothing else in common. Never taken automatically: the row is
     *ambiguous* and staff choose.

What is left unpaired on the old side is gone (a re-import withdraws it); on the new side
it is new. Ambiguous rows list their candidates with scores; :func:`resolve` applies the
choices staff made for them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

NAME_SIMILAR = 90
NAME_POSSIBLE = 75
CONTENT_SIMILAR = 90

_NOISE = re.compile(r"[\s\u3000，,。.、；;：:（）()“”\"'‘’·\-—_/《》<>【】\[\]]+")


@dataclass(frozen=True)
class Entry:
    domain: str
    number: str
    level1: str
    level2: str = ""
    level3: str = ""
    content: str = ""

    @cached_property  # read in every stage-2 comparison: computed once per entry
    def names(self) -> str:
        return "/".join(_plain(name) for name in (self.level1, self.level2, self.level3))


@dataclass(frozen=True)
class Pair:
    old: int  # index into the old list
    new: int  # index into the new list
    score: float  # name similarity, 0–100 (100 for the same names)
    how: str  # "same" (stage 1), "similar" (stage 2) or "chosen" (by staff)


@dataclass(frozen=True)
class Candidate:
    old: int
    score: float  # name similarity
    content_score: float
    same_number: bool


@dataclass
class Matching:
    pairs: list[Pair] = field(default_factory=list)
    ambiguous: dict[int, list[Candidate]] = field(default_factory=dict)  # new index -> candidates, best first
    old_count: int = 0
    new_count: int = 0

    @property
    def unmatched_old(self) -> list[int]:
        """Old entries paired with nothing (candidates of undecided ambiguous rows included)."""
        paired = {pair.old for pair in self.pairs}
        return [index for index in range(self.old_count) if index not in paired]

    @property
    def unmatched_new(self) -> list[int]:
        """New entries paired with nothing and not ambiguous."""
        paired = {pair.new for pair in self.pairs}
        return [index for index in range(self.new_count) if index not in paired and index not in self.ambiguous]


def plain(text: str) -> str:
    """Text as the matcher compares it: without spaces and punctuation."""
    return _NOISE.sub("", text or "")


_plain = plain


def _same_number(a: Entry, b: Entry) -> bool:
    return bool(_plain(a.number)) and _plain(a.number) == _plain(b.number)


def match_items(old: list[Entry], new: list[Entry]) -> Matching:
    """Pair the entries of `old` with those of `new` (see the module's docstring)."""
    result = Matching(old_count=len(old), new_count=len(new))
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, entry in enumerate(old):
        by_key[(entry.domain, entry.names)].append(index)
    free_new = []
    for index, entry in enumerate(new):
        waiting = by_key.get((entry.domain, entry.names))
        if waiting:
            result.pairs.append(Pair(old=waiting.pop(0), new=index, score=100.0, how="same"))
        else:
            free_new.append(index)
    taken = {pair.old for pair in result.pairs}
    free_old = [index for index in range(len(old)) if index not in taken]

    # Stage 2: candidates among what is left, in the same domain.
    old_by_domain: dict[str, list[int]] = defaultdict(list)
    for index in free_old:
        old_by_domain[old[index].domain].append(index)
    sure: dict[int, list[Candidate]] = {}
    possible: dict[int, list[Candidate]] = {}
    for n in free_new:
        entry = new[n]
        for o in old_by_domain.get(entry.domain, ()):
            other = old[o]
            name_score = fuzz.ratio(entry.names, other.names)
            if name_score < NAME_POSSIBLE:
                continue
            content_score = fuzz.ratio(_plain(entry.content), _plain(other.content)) if entry.content else 0.0
            same_number = _same_number(entry, other)
            supported = same_number or content_score >= CONTENT_SIMILAR
            candidate = Candidate(old=o, score=name_score, content_score=content_score, same_number=same_number)
            if name_score >= NAME_SIMILAR and supported:
                sure.setdefault(n, []).append(candidate)
            elif supported or name_score >= NAME_SIMILAR:
                possible.setdefault(n, []).append(candidate)

    def rank(candidate: Candidate):
        return (candidate.score, candidate.same_number, candidate.content_score)

    # The best new row for each old one, among sure candidates (None when tied).
    best_new_for_old: dict[int, int | None] = {}
    best_rank: dict[int, tuple] = {}
    for n, candidates in sure.items():
        for candidate in candidates:
            current = best_rank.get(candidate.old)
            if current is None or rank(candidate) > current:
                best_rank[candidate.old], best_new_for_old[candidate.old] = rank(candidate), n
            elif rank(candidate) == current:
                best_new_for_old[candidate.old] = None
    for n in free_new:
        candidates = sorted(sure.get(n, []), key=rank, reverse=True)
        if candidates:
            best = candidates[0]
            unique = len(candidates) == 1 or rank(candidates[1]) < rank(best)
            if unique and best_new_for_old.get(best.old) == n:
                result.pairs.append(Pair(old=best.old, new=n, score=best.score, how="similar"))
                continue
        options = candidates + sorted(possible.get(n, []), key=rank, reverse=True)
        if options:
            result.ambiguous[n] = options
    # A candidate already paired above is no longer on offer.
    paired_old = {pair.old for pair in result.pairs}
    for n in list(result.ambiguous):
        left = [candidate for candidate in result.ambiguous[n] if candidate.old not in paired_old]
        if left:
            result.ambiguous[n] = left
        else:
            del result.ambiguous[n]
    result.pairs.sort(key=lambda pair: pair.new)
    return result


def resolve(matching: Matching, choices: dict[int, int | None]) -> Matching:
    """Apply staff's choices for ambiguous rows: new index -> old index (pair them) or None
    (a new item). Raises ValueError for a choice that is not one of the row's candidates or
    an old entry chosen twice. Rows without a choice stay ambiguous."""
    pairs = list(matching.pairs)
    used = {pair.old for pair in pairs}
    ambiguous = dict(matching.ambiguous)
    for n, o in sorted(choices.items()):
        if n not in ambiguous:
            raise ValueError(f"第 {n + 1} 条不是待确定的条目。")
        if o is not None:
            candidate = next((c for c in ambiguous[n] if c.old == o), None)
            if candidate is None:
                raise ValueError(f"第 {n + 1} 条不能对应到所选的原有事项。")
            if o in used:
                raise ValueError(f"所选的原有事项已对应到另一条（第 {n + 1} 条）。")
            used.add(o)
            pairs.append(Pair(old=o, new=n, score=candidate.score, how="chosen"))
        del ambiguous[n]
    pairs.sort(key=lambda pair: pair.new)
    return Matching(pairs=pairs, ambiguous=ambiguous, old_count=matching.old_count, new_count=matching.new_count)

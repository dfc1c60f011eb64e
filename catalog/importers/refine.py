"""Columns whose header alone does not say what they hold, read from their cells (pure).

* a header cut short ("公开 | 公开" for 公开时限 / 公开主体): the field its cells look
  like, among the fields the table does not have yet;
* 公开方式 printed as one column: 主动公开 / 依申请公开 in its cells is the 公开方式;
  channel names (政府网站) make it the 公开渠道 when the table has none; anything else
  (全文发布) is kept as 其他信息;
* 公开对象 printed as one column holding other words: kept as 其他信息.

Every such reading is a guess and is reported as a note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .aliases import map_channel
from .align import AUDIENCE_WORDS, MODE_WORDS, cell_scores
from .channels import parse_channels
from .cleaners import clean_cell
from .headers import FIELDS, GUESS, OTHER, UNKNOWN, VOCABULARY, normal
from .records import Problem, RawSection, Severity

KIND_FIELDS = {
    "law": "legal_basis",
    "deadline": "deadline",
    "publisher": "publisher",
    "channels": "channels",
    "content": "content",
}


def refine_columns(section: RawSection, problems: list[Problem]) -> None:
    present = {column.key for column in section.columns}
    # The cells of the columns that may be read anew, in one pass over the rows.
    doubtful = [
        j
        for j, column in enumerate(section.columns)
        if column.key in ("mode", "audience") or (column.certainty == UNKNOWN and _cut_short(column.label))
    ]
    cells: dict[int, list[str]] = {j: [] for j in doubtful}
    if doubtful:
        for row in section.rows:
            for j in doubtful:
                value = clean_cell(row.cells.get(j, ""))
                if value:
                    cells[j].append(value)
    for j, column in enumerate(section.columns):
        if j not in cells:
            continue
        values = cells[j]
        new = None
        if column.key == "mode" and values and not all(MODE_WORDS.match(v) for v in values):
            if "channels" not in present and all(_channel_like(v) for v in values):
                new = "channels"
            else:
                new = OTHER
        elif column.key == "audience" and values and not all(AUDIENCE_WORDS.match(v) for v in values):
            new = OTHER
        elif column.certainty == UNKNOWN and _cut_short(column.label) and values:
            kinds = Counter()
            for value in values:
                scores = cell_scores(value)
                if scores:
                    kinds[max(scores, key=scores.get)] += 1
            for kind, _ in kinds.most_common():
                field = KIND_FIELDS.get(kind)
                if field and field not in present:
                    new = field
                    break
        if new is None or new == column.key:
            continue
        section.columns[j] = replace(column, key=new, certainty=GUESS)
        present.add(new)
        sample = values[0] if len(values[0]) <= 20 else values[0][:20] + "…"
        problems.append(
            Problem(
                section.line,
                f"表头“{column.printed}”（第{j + 1}列）按其下的内容（如“{sample}”）认定为“{FIELDS[new]}”，请核对",
                Severity.NOTE,
            )
        )


def _cut_short(label: str) -> bool:
    key = normal(label)
    return len(key) >= 2 and any(word.startswith(key) and word != key for word in VOCABULARY)


def _channel_like(value: str) -> bool:
    if map_channel(value):
        return True
    refs, _ = parse_channels(value)
    return bool(refs) and all(ref.slug != "qita" for ref in refs)

"""A list kept as pickles, so that a long catalogue's rows and items do not stay in memory as objects.

The parser appends each raw row of a table, `normalise` each item as soon as nothing below
it can change it; later stages read them back one at a time. The pickles are kept in
memory up to ``IN_MEMORY`` bytes, then in an anonymous temporary file (deleted with the
spool); what stays in memory is one 8-byte offset an object. Reading gives copies, always
(also below that size, so that code which changed what it read fails the same way in
small tests as in large imports): changing objects read back means writing them back
(`rewrite`).
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator

IN_MEMORY = 1024 * 1024


class Spool:
    def __init__(self, objects: Iterable = ()):
        self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
        self._offsets = array("q")
        self._end = 0
        for obj in objects:
            self.append(obj)

    def append(self, obj) -> None:
        self._file.seek(self._end)
        pickle.dump(obj, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._offsets.append(self._end)
        self._end = self._file.tell()

    def extend(self, objects: Iterable) -> None:
        for obj in objects:
            self.append(obj)

    def __iadd__(self, objects: Iterable) -> Spool:
        self.extend(objects)
        return self

    def _load(self, index: int):
        self._file.seek(self._offsets[index])
        return pickle.load(self._file)

    def __len__(self) -> int:
        return len(self._offsets)

    def __bool__(self) -> bool:
        return bool(self._offsets)

    def __iter__(self) -> Iterator:
        for index in range(len(self._offsets)):
            yield self._load(index)

    def __reversed__(self) -> Iterator:
        for index in range(len(self._offsets) - 1, -1, -1):
            yield self._load(index)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._load(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._load(index)

    def pop(self):
        obj = self[-1]
        self._end = self._offsets.pop()
        return obj

    def rewrite(self, change: Callable[[object], None]) -> None:
        """Apply ``change`` to every object (in order) and keep the changed objects."""
        old, offsets = self._file, self._offsets
        self._file, self._offsets, self._end = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY), array("q"), 0
        for offset in offsets:
            old.seek(offset)
            obj = pickle.load(old)
            change(obj)
            self.append(obj)
        old.close()

    def __repr__(self) -> str:
        return f"<Spool of {len(self)}>"

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Spool | list) else NotImplemented

    __hash__ = None

    def __getstate__(self):
        return list(self)

    def __setstate__(self, objects):
        self.__init__(objects)


class Recent:
    """Read access to a spool of strings that keeps the ones read lately as they are, for a
    reader that goes over the same lines again and again (the parser reads each row's window
    ahead, LOOKAHEAD lines, once a row). At most ``keep`` lines behind the last one read are
    kept, and never more than 2 x ``keep`` in all. A string cannot be changed, so handing the
    same one out twice gives what a copy would."""

    def __init__(self, spool: Spool, keep: int):
        self._spool = spool
        self._keep = keep
        self._kept: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._spool)

    def __bool__(self) -> bool:
        return bool(self._spool)

    def __iter__(self) -> Iterator:
        for index in range(len(self._spool)):
            yield self[index]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        line = self._kept.get(index)
        if line is None:
            line = self._spool[index]
            if len(self._kept) >= 2 * self._keep:
                self._kept = {k: v for k, v in self._kept.items() if k >= index - self._keep}
                if len(self._kept) >= 2 * self._keep:
                    self._kept = {}
            self._kept[index] = line
        return line

"""A file as the readers take it: a path, an open binary file, or bytes already in memory.

An upload or a command line file is read from its path, piece by piece, so a long file is
never held whole; tests and small callers may pass bytes. `opened` gives a seekable binary
file for any of them, `size`, `starts_with`, `is_blank` and `sha256` read it in pieces.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

Source = bytes | str | os.PathLike | BinaryIO
CHUNK = 64 * 1024
WHITESPACE = b" \t\r\n\f\v"


@contextmanager
def opened(source: Source) -> Iterator[BinaryIO]:
    """A binary file positioned at the start: a path is opened (and closed after), bytes are
    wrapped, an open file is rewound (and left open)."""
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            yield file
    else:
        source.seek(0)
        yield source


def chunks(file: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """The file from its start, `size` bytes at a time."""
    file.seek(0)
    while chunk := file.read(size):
        yield chunk


def size(file: BinaryIO) -> int:
    return file.seek(0, io.SEEK_END)


def starts_with(file: BinaryIO, prefix: bytes) -> bool:
    file.seek(0)
    return file.read(len(prefix)) == prefix


def is_blank(file: BinaryIO) -> bool:
    """Nothing but ASCII white space (what ``bytes.strip()`` removes), or nothing at all."""
    return all(not chunk.strip(WHITESPACE) for chunk in chunks(file))


def sha256(source: Source) -> str:
    with opened(source) as file:
        file.seek(0)
        return hashlib.file_digest(file, "sha256").hexdigest()

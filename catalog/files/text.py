"""The one text-decoding policy: UTF-8 (with or without BOM), else GB18030, else a clear error.

GB18030 is a superset of GBK and GB2312, which is what Excel and WPS save "CSV" and "文本"
as on a Chinese Windows; UTF-8 is tried first because a UTF-8 file is almost never valid
GB18030 by accident, while the reverse happens easily.

`text_chunks` gives the text in pieces and `text_lines` its lines (a long file is never one
string); `decode_text` joins the pieces. The encoding is chosen by running the whole file through an incremental
UTF-8 decoder first, keeping nothing: a prefix would not do, since a GB18030 file can
start with a long ASCII-only prefix that is valid UTF-8 too.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from . import UnreadableFile
from .source import Source, chunks, opened

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK = 64 * 1024


def decode_text(data: Source, *, what: str = "文件") -> str:
    """The text of `data` with line breaks normalised to "\\n"; `what` names the file in errors.

    >>> decode_text("序号\\r\\n1".encode("utf-8-sig"))
    '序号\\n1'
    >>> decode_text("公开依据".encode("gb18030"))
    '公开依据'
    >>> decode_text(b"\\xff\\xfe\\x8f^")
    Traceback (most recent call last):
    ...
    catalog.files.UnreadableFile: 文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或 UTF-8 编码的文本后再上传。
    """
    return "".join(text_chunks(data, what=what))


def text_chunks(data: Source, *, what: str = "文件", size: int = CHUNK) -> Iterator[str]:
    """The text of `data` (bytes, a path or a binary file: catalog.files.source) in pieces of
    about `size` bytes each, line breaks normalised to "\\n" (a "\\r\\n" cut between two pieces
    too). Raises UnreadableFile before the first piece.

    >>> list(text_chunks("一\\r\\n二\\r三".encode("gb18030"), size=3))
    ['一', '\\n二', '\\n三']
    """
    with opened(data) as file:
        decoder = codecs.getincrementaldecoder(_encoding_of(file, what=what))()
        held_cr = False  # a piece that ends in "\r" waits for the next one's "\n"
        for piece in chain(chunks(file, size), [b""]):
            final = not piece
            text = decoder.decode(piece, final=final)
            if held_cr:
                text = "\r" + text
            held_cr = text.endswith("\r") and not final
            if held_cr:
                text = text[:-1]
            if text:
                yield text.replace("\r\n", "\n").replace("\r", "\n")


def text_lines(data: Source, *, what: str = "文件") -> Iterator[str]:
    """The lines of `data`, as ``decode_text(data).split("\\n")`` gives them, one at a time.

    >>> list(text_lines("序号\\r\\n1\\n".encode("gb18030")))
    ['序号', '1', '']
    """
    partial = ""
    for chunk in text_chunks(data, what=what):
        lines = chunk.split("\n")
        lines[0] = partial + lines[0]
        partial = lines.pop()
        yield from lines
    yield partial


def encoding_of(data: Source, *, what: str = "文件") -> str:
    """ "utf-8-sig" or "gb18030" for `data`, or UnreadableFile saying why neither."""
    with opened(data) as file:
        return _encoding_of(file, what=what)


def _encoding_of(file: BinaryIO, *, what: str) -> str:
    if file.read(2) in UTF16_BOMS:
        raise UnreadableFile(
            f"{what}是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或 UTF-8 编码的文本后再上传。"
        )
    if any(b"\x00" in chunk for chunk in chunks(file)):
        raise UnreadableFile(f"{what}含有二进制内容，不是文本文件；如为 Excel 文件，请保存为 .xlsx 后上传。")
    for encoding in ("utf-8-sig", "gb18030"):
        if _decodes(file, encoding) is None:
            return encoding
    line = _decodes(file, "gb18030")  # only to say where
    raise UnreadableFile(
        f"{what}既不是 UTF-8 也不是 GB18030（GBK）编码（第{line}行有无法解码的字节）：请用 UTF-8 编码另存后再上传。"
    )


def _decodes(file: BinaryIO, encoding: str) -> int | None:
    """None when the whole file decodes, else the 1-based line of the first byte that does not."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    try:
        for chunk in chunks(file):
            decoder.decode(chunk)
            lines += chunk.count(b"\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        # What the decoder was given: the bytes it held back from the piece before (never a line
        # break: no multibyte sequence holds one), then this piece, not yet counted.
        return lines + error.object[: error.start].count(b"\n")
    return None

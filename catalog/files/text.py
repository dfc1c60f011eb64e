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

from . import UnreadableFile

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK = 64 * 1024


def decode_text(data: bytes, *, what: str = "文件") -> str:
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


def text_chunks(data: bytes, *, what: str = "文件", size: int = CHUNK) -> Iterator[str]:
    """The text of `data` in pieces of about `size` bytes each, line breaks normalised to
    "\\n" (a "\\r\\n" cut between two pieces too). Raises UnreadableFile before the first piece.

    >>> list(text_chunks("一\\r\\n二\\r三".encode("gb18030"), size=3))
    ['一', '\\n二', '\\n三']
    """
    decoder = codecs.getincrementaldecoder(encoding_of(data, what=what))()
    view = memoryview(data)
    held_cr = False  # a piece that ends in "\r" waits for the next one's "\n"
    for start in range(0, len(data) + 1, size):
        final = start + size >= len(data)
        text = decoder.decode(view[start : start + size], final=final)
        if held_cr:
            text = "\r" + text
        held_cr = text.endswith("\r") and not final
        if held_cr:
            text = text[:-1]
        if text:
            yield text.replace("\r\n", "\n").replace("\r", "\n")
        if final:
            return


def text_lines(data: bytes, *, what: str = "文件") -> Iterator[str]:
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


def encoding_of(data: bytes, *, what: str = "文件") -> str:
    """ "utf-8-sig" or "gb18030" for `data`, or UnreadableFile saying why neither."""
    if data.startswith(UTF16_BOMS):
        raise UnreadableFile(
            f"{what}是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或 UTF-8 编码的文本后再上传。"
        )
    if b"\x00" in data:
        raise UnreadableFile(f"{what}含有二进制内容，不是文本文件；如为 Excel 文件，请保存为 .xlsx 后上传。")
    for encoding in ("utf-8-sig", "gb18030"):
        if _decodes(data, encoding):
            return encoding
    try:
        data.decode("gb18030")  # only to say where: the error path may hold the text
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
    else:  # pragma: no cover - the incremental and the whole decoder agree
        line = 1
    raise UnreadableFile(
        f"{what}既不是 UTF-8 也不是 GB18030（GBK）编码（第{line}行有无法解码的字节）：请用 UTF-8 编码另存后再上传。"
    )


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(view[start : start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True

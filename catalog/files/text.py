"""The one text-decoding policy: UTF-8 (with or without BOM), else GB18030, else a clear error.

GB18030 is a superset of GBK and GB2312, which is what Excel and WPS save "CSV" and "文本"
as on a Chinese Windows; UTF-8 is tried first because a UTF-8 file is almost never valid
GB18030 by accident, while the reverse happens easily.
"""

from __future__ import annotations

from . import UnreadableFile

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
    if data.startswith(UTF16_BOMS):
        raise UnreadableFile(
            f"{what}是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或 UTF-8 编码的文本后再上传。"
        )
    if b"\x00" in data:
        raise UnreadableFile(f"{what}含有二进制内容，不是文本文件；如为 Excel 文件，请保存为 .xlsx 后上传。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UnreadableFile(
                f"{what}既不是 UTF-8 也不是 GB18030（GBK）编码（第{line}行有无法解码的字节）：请用 UTF-8 编码另存后再上传。"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")

"""Reviewed correction and mapping tables. Every entry here was checked by a person
against the source text; the importer never corrects or maps anything not listed,
and every correction it makes is recorded on the item as a review reason.
"""

from __future__ import annotations

import re

from catalog.models.standards import STANDARD_CHANNELS, STANDARD_DOMAINS

# OCR misreadings of known names: (as printed, correct, scope). scope None applies to
# every source; otherwise the key of the catalogue (registry `ocr_aliases`) it is
# valid for: 阿勒泰市 is a real city, and only in 001, an 阿尔山市 catalogue, is it a
# misreading.
OCR_ALIASES: list[tuple[str, str, str | None]] = [
    ("阿爾山巒市人民政務網站", "阿尔山市人民政府网站", None),
    ("阿爾山巒市", "阿尔山市", None),
    ("社會保險服務中心", "社会保险服务中心", None),
    ("政務服務中心", "政务服务中心", None),
    ("政務服務網", "政务服务网", None),
    ("《信息公示条例》", "《信息公开条例》", None),
    ("阿勒泰市", "阿尔山市", "aershan-shebao"),
    ("天河市民政局", "根河市民政局", "genhe"),
]


def correct_ocr(text: str, scope: str) -> tuple[str, list[tuple[str, str]]]:
    """Apply the reviewed OCR aliases; return the text and the (wrong, right) pairs used."""
    used = []
    for wrong, right, only in OCR_ALIASES:
        if only not in (None, scope) or wrong not in text:
            continue
        text = text.replace(wrong, right)
        used.append((wrong, right))
    return text, used


# Laws: canonical title -> (document number, other ways catalogues print it).
LAWS: dict[str, tuple[str, list[str]]] = {
    "中华人民共和国政府信息公开条例": ("国务院令第711号", ["政府信息公开条例", "信息公开条例"]),
    "中华人民共和国社会保险法": ("", ["社会保险法"]),
    "中华人民共和国就业促进法": ("", ["就业促进法"]),
    "中华人民共和国户口登记条例": ("", ["户口登记条例"]),
    "中华人民共和国收养法": ("", ["收养法"]),
    "中华人民共和国国籍法": ("", ["国籍法"]),
    "中华人民共和国居民身份证法": ("", ["居民身份证法"]),
    "中华人民共和国公共文化服务保障法": ("", ["公共文化服务保障法"]),
    "中华人民共和国残疾人保障法": ("", ["残疾人保障法"]),
    "中华人民共和国非物质文化遗产法": ("", ["非物质文化遗产法"]),
    "中华人民共和国安全生产法": ("", ["安全生产法"]),
    "中华人民共和国突发事件应对法": ("", ["突发事件应对法"]),
    "中华人民共和国食品安全法": ("", ["食品安全法"]),
    "中华人民共和国预算法": ("", ["预算法"]),
    "人力资源市场暂行条例": ("国务院令第700号", []),
    "关于全面推进政务公开工作的意见": ("", ["关于全面推进政务公开工作意见"]),
}
LAW_ALIASES: dict[str, str] = {}
for _title, (_number, _aliases) in LAWS.items():
    LAW_ALIASES[_title] = _title
    for _alias in _aliases:
        LAW_ALIASES[_alias] = _title


def canonical_law(title: str) -> tuple[str, str]:
    """(canonical title, document number) for a printed title without 《》."""
    key = re.sub(r"\s+", "", title)
    canonical = LAW_ALIASES.get(key, title)
    return canonical, LAWS.get(canonical, ("", []))[0]


# Channels: printed wording -> standard channel slug. Checked in order, first match
# wins; the printed wording is kept as the link's detail.
_VOCABULARY = [(name, slug) for name, slug, _ in STANDARD_CHANNELS] + [
    (alias, slug) for _, slug, aliases in STANDARD_CHANNELS for alias in aliases
]
CHANNEL_RULES: list[tuple[str, str]] = [
    # A 政务服务网 (山东政务服务网, 阿尔山市政务服务网) is a government's own website, for its services.
    (r"政府网站$|政府门户网站$|政务服务网$", "zhengfu-wangzhan"),
    (r"政务新媒体|两微一端", "liangwei-yiduan"),
    (r"^(广播|电视|广播电视台?|广播电台)$", "guangbo-dianshi"),
    (r"^(报纸|纸质传媒|纸质媒体)$", "zhizhi-meiti"),
    # 政务公开栏, 村务公开栏, 党务公开栏 and 信息公开栏 are notice boards as 公示栏 is (a
    # website's 信息公开栏目 is not).
    (r"(?:公示|公开|宣传)栏(?!目)", "gongshilan"),
    # 办事窗口, the windows of the 办事大厅, as 办事大厅 itself (a township's 便民服务窗口 is below).
    (
        r"政务服务中心$|政务服务大厅$|社保综合服务大厅或政务服务中心|^办事(?:大厅|窗口)$|行政服务中心$|^政府服务中心$",
        "zhengwu-fuwu-zhongxin",
    ),
    # 基层公共服务平台, 党群服务中心 and a township's 便民(惠民)服务中心 are the township/community
    # service points.
    (r"便民服务站|便民服务窗口|基层公共服务平台|党群服务中心|便民(?:惠民)?服务中心", "bianmin-fuwuzhan"),
    (r"公开查阅点", "gongkai-chayuedian"),
    (r"^入户/现场(宣传)?$", "ruhu-xianchang"),
    (r"^发布会/?听证会$", "fabuhui-tingzhenghui"),
    (r"^精准推送$", "jingzhun-tuisong"),
    (r"^政府公报$", "zhengfu-gongbao"),
    # Platforms outside the standard list: 其他, with the name kept as detail.
    (r"投资项目在线审批监管平台|国家企业信用信息公示系统|12348|^其他(方式)?$", "qita"),
]


# Words that mark a text as channels wherever they stand in it, beyond the rules' wordings:
# a site or a hall under any name (本省级法律服务网, 县人民政府门户网站（www…）). They are for
# telling a channel cell from others only; map_channel does not map them.
CHANNEL_WORDS = ["网站", "服务网", "办事大厅"]
# Any rule's wording on a line of a text (a cell, or pieces joined by line breaks), or a channel word.
CHANNEL_WORDING_RE = re.compile(
    "|".join([*(f"(?:{pattern})" for pattern, _ in CHANNEL_RULES), *CHANNEL_WORDS]), re.MULTILINE
)
# The spaces an OCR'd or spaced-out cell prints between the characters of a channel's name.
_CHANNEL_GAPS_RE = re.compile("[ \u00a0\u3000]")


def map_channel(printed: str) -> str | None:
    """The channel slug for a printed channel, or None when the table does not know it."""
    text = printed.replace("(", "（").replace(")", "）").replace(" ", "")
    for name, slug in _VOCABULARY:
        if text == name.replace(" ", ""):
            return slug
    for pattern, slug in CHANNEL_RULES:
        if re.search(pattern, text):
            return slug
    return None


def names_channel(text: str) -> bool:
    """Some line of the text prints a channel the rules know (政 府 网 站 as 政府网站)."""
    return bool(CHANNEL_WORDING_RE.search(_CHANNEL_GAPS_RE.sub("", text).replace("(", "（").replace(")", "）")))


# Section headings -> standard domains (by name or alias, e.g. 救灾生产 -> 救灾).
DOMAIN_ALIASES: dict[str, str] = {}
for _name, _slug, _aliases in STANDARD_DOMAINS:
    DOMAIN_ALIASES[_name] = _slug
    for _alias in _aliases:
        DOMAIN_ALIASES[_alias] = _slug


def domain_slug(name: str) -> str | None:
    return DOMAIN_ALIASES.get(name)

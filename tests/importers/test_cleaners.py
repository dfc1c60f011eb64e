import doctest

import pytest

from catalog.deadlines import parsing
from catalog.importers import (
    align,
    channels,
    cleaners,
    headers,
    laws,
    normalise,
    pagetext,
    parse,
    pipeline,
    segment,
    traditional,
)
from catalog.importers.cleaners import clean_cell, despace, split_elements


@pytest.mark.parametrize(
    "module", [cleaners, parsing, laws, channels, headers, pagetext, align, pipeline, traditional, parse]
)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    "printed, cleaned",
    [
        # 000 line 107-108: a narrow column broke every word
        (
            "阿 尔 山 市 司 法 局、公 共 法 律 服 务 中 心、 公 共 法 律 服 务 工 作 站",
            "阿尔山市司法局、公共法律服务中心、公共法律服务工作站",
        ),
        # 001 line 89
        ("阿 尔 山 市 人 力 资 源 和 就 业 服 务 中 心", "阿尔山市人力资源和就业服务中心"),
        # Latin words, numbers and URLs keep their spaces (000 line 103)
        (
            "■ 内蒙古自治区 12348 http://nm.12348.gov.cn/fzxc/index.htm",
            "■ 内蒙古自治区 12348 http://nm.12348.gov.cn/fzxc/index.htm",
        ),
        # joint issuers keep theirs (000 line 89)
        (
            "《民政部 财政部关于进一步加强和改进临时救助工作的意见》",
            "《民政部 财政部关于进一步加强和改进临时救助工作的意见》",
        ),
    ],
)
def test_despace_real_cells(printed, cleaned):
    assert despace(printed) == cleaned


def test_names_lose_every_ocr_space_but_two_joined_names_keep_theirs():
    assert despace("社会保 障 卡注 销", name=True) == "社会保障卡注销"  # 000 line 239
    assert (
        despace("农民工合同 制工人一 次性生活 补助申领", name=True) == "农民工合同制工人一次性生活补助申领"
    )  # 001 line 84
    # 公开时限 is cleaned the same way (000 line 107)
    assert (
        despace("自制作或获取该信 息之日起 20 个工作 日内公开", name=True) == "自制作或获取该信息之日起20个工作日内公开"
    )
    assert " " in despace("旧伤复发申请确认 转诊转院申请确认 工伤康复申请确认", name=True)  # 001 line 64


def test_html_and_marks_are_cleaned():
    assert clean_cell("<p>《政府信息公开条例》</p>") == "《政府信息公开条例》"
    assert (
        clean_cell('<ul style="list-style-type: none"> ■ 阿尔山市人民政府网站 ■ 信息公开栏 </ul>')
        == "阿尔山市人民政府网站 信息公开栏"
    )


def test_elements_keep_order_and_brackets():
    content = "老年人补贴名称（高龄津贴、养老服务补贴、护理补贴等）；各项老年人补贴依据；各项老年人补贴对象"
    assert split_elements(content) == [
        "老年人补贴名称（高龄津贴、养老服务补贴、护理补贴等）",
        "各项老年人补贴依据",
        "各项老年人补贴对象",
    ]


def test_every_standard_channel_wording_scores_as_a_channel_cell():
    # The scorer's channel words are the rules' wordings (aliases.CHANNEL_RULES), so a name
    # map_channel knows reads as channels whether printed whole or spaced out by OCR.
    from catalog.importers.aliases import map_channel
    from catalog.models.standards import STANDARD_CHANNELS

    for name, slug, aliases in STANDARD_CHANNELS:
        for wording in (name, *aliases):
            assert map_channel(wording) == slug
            for printed in (wording, " ".join(wording), f"县{wording}\n{wording}"):
                assert align.cell_scores(printed).get("channels") == 3, printed


def test_the_chinese_range_is_one_set_of_characters_as_pattern_and_as_comparison():
    """cleaners.CJK (the patterns) and cleaners.is_cjk (the loops) are one definition, written twice."""
    differ = [
        code for code in range(0x110000) if bool(cleaners.CJK_RE.fullmatch(chr(code))) != cleaners.is_cjk(chr(code))
    ]
    assert not differ, [hex(code) for code in differ[:5]]
    assert cleaners.is_cjk("㮾") and cleaners.is_cjk("梨") and not cleaners.is_cjk("、")


# 㮾 (U+3BBE, CJK extension A, as in 长沙 㮾梨街道) in the place of 梨 (the basic block): every
# pattern that asks for a Chinese character takes it as one.
EXTENSION_A, BASIC = "㮾", "梨"


@pytest.mark.parametrize(
    "pattern, text",
    [
        (align.PARTY_RE, "项目法人或建梨单位"),
        (align.PHRASE_LIST_RE, "办理梨件 办理流程"),
        (align.DOCUMENT_NUMBER_RE, "鄂康梨办发[2020]30号"),
        (laws.BARE_NUMBER_RE, "梨政发〔2020〕1号"),
        (normalise.NAME_NUMBER_RE, "1. 梨花街道"),
        (pagetext._EMPTY_LABEL_RE, "编梨: "),
    ],
)
def test_a_pattern_for_chinese_takes_an_extension_a_character(pattern, text):
    assert pattern.search(text)
    assert pattern.search(text.replace(BASIC, EXTENSION_A))


@pytest.mark.parametrize(
    "read, text",
    [
        (headers.tidy, "公开 梨 象"),
        (normalise._close_soft_wraps, "收费依梨 及标准"),
        (
            lambda text: " ".join(sorted(segment._grams(text), key=lambda gram: gram.replace(EXTENSION_A, BASIC))),
            "梨花/街道",
        ),
    ],
)
def test_text_with_an_extension_a_character_reads_as_with_a_basic_one(read, text):
    assert read(text.replace(BASIC, EXTENSION_A)) == read(text).replace(BASIC, EXTENSION_A)

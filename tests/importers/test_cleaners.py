import doctest

import pytest

from catalog.deadlines import parsing
from catalog.importers import align, channels, cleaners, headers, laws, pagetext, parse, pipeline, traditional
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

"""Every file of the corpus of real catalogue pages, read as a person reads the page.

tests/data/corpus/ holds the 25 page texts of ../shared/corpus/catalogues/ verbatim
(their README describes each); each is the start of a page cut at 2,000 bytes. The
expectations below were written by reading each file; line numbers are the file's
own (line 1 is its Source line). For each file: the complete rows become items with
their names, content, bases, deadline, publishers, channels and ticks; the row cut by
the end of the excerpt is left out with a warning; page chrome, metadata blocks and
tables of contents never become items.
"""

from pathlib import Path

import pytest

from catalog.importers.normalise import normalise
from catalog.importers.parse import decode, parse
from catalog.importers.records import NoTableFound

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
# What page furniture looks like; none of it may end up in an item.
CHROME = ("字体", "打印", "浏览", "首页", "当前位置", "您的位置", "索引号", "索 引 号", "Source", "发布时间", "点击率")


def read(name: str, text: str | None = None):
    raw = parse(text if text is not None else decode((CORPUS / name).read_bytes()))
    items = [item for section in normalise(raw) for item in section.items]
    for item in items:
        printed = " ".join([item.level1, item.level2, item.level3, item.content])
        assert not any(word in printed for word in CHROME), (name, item.number, printed)
    return raw, items


def names(item):
    return (item.level1, item.level2, item.level3)


def laws(item):
    return [law.title for law in item.laws]


def deadline(item):
    return (item.deadline_text, item.deadline_kind, item.deadline_days)


def channels(item):
    return [(ref.slug, ref.detail) for ref in item.channels]


def ticks(item):
    return (item.audience_public, item.audience_specific, item.mode_proactive, item.mode_on_request)


def cut_at(raw, line):
    """The row starting at `line` was left out as cut off by the end of the excerpt."""
    return [p for p in raw.problems if p.line == line and p.severity == "warning" and "截断" in p.message]


WORKING_20 = ("working_days", 20)


def test_chongqing_fengjieqinglian_one_cell_per_line_with_lost_first_characters():
    raw, items = read("chongqing-fengjieqinglian-yanglaofuwu.txt")
    assert raw.layout == "lines" and raw.issued_date.isoformat() == "2024-11-14"  # line 3 日期:2024-11-14
    # header lines 34 and 41 lost their first character: 社会 -> 全社会, 申请 -> 依申请
    labels = {c.label: c.key for c in raw.sections[0].columns}
    assert labels["社会"] == "audience_public" and labels["申请"] == "mode_on_request"
    assert raw.sections[0].domain_name == "养老服务"  # title, line 2/6
    one, two, three = items  # lines 47-64, 69-85, 90-106; row 4 (line 111) is cut
    assert [i.number for i in items] == ["1", "2", "3"] and cut_at(raw, 111)
    # rows 2-3 print no 一级事项: merged with row 1's
    assert [names(i) for i in items] == [
        ("养老服务通用政策", "国家和地方层面养老服务相关法律、法规、政策文件", ""),
        ("养老服务通用政策", "养老服务扶持政策措施清单", ""),
        ("养老服务通用政策", "养老机构投资指南", ""),
    ]
    assert one.elements == ["文件名称", "文号", "发文部门"]  # ● 要素 one per line, 53-55
    assert three.elements[0] == "本区域养老机构投资环境简介" and len(three.elements) == 4
    assert one.legal_basis_text == "信息公开规定" and one.laws == []  # 57: no 《title》, flagged
    assert any("信息公开规定" in reason for reason in one.review_reasons)
    assert deadline(one) == ("制定或获取文件之日起10个工作日内", "working_days", 10)
    assert deadline(two) == ("制定或获取扶持政策措施之日起10个工作日内", "working_days", 10)
    assert all(i.publishers == ["县级人民政府民政部门"] for i in items)
    # 63-64: the checklist continues on the next line with "(电子屏)"; ticked ■ only
    assert [slug for slug, _ in channels(one)] == ["zhengfu-wangzhan", "liangwei-yiduan", "zhengwu-fuwu-zhongxin"]
    # every tick cell is empty on the page (65-68)
    assert all(ticks(i) == (False, False, False, False) and i.levels == [] for i in items)


def test_fujian_xianganxiangshan_leading_pipes_and_a_continuation_row():
    raw, items = read("fujian-xianganxiangshan-yiwujiaoyu.txt")
    assert raw.layout == "pipe" and raw.page_title == "香山街道义务教育领域基层政务公开标准目录"  # line 2
    one, two = items  # lines 10-14 and 15-19; the file is whole: nothing is cut
    assert not [p for p in raw.problems if p.severity == "warning"]
    assert (one.number, names(one)) == ("1", ("招生管理", "招生政策", ""))
    assert (two.number, names(two)) == ("", ("招生管理", "招生范围", ""))  # 15: no 序号, 一级 merged
    assert one.elements == ["随迁子女入学办法"]  # 11
    assert two.elements == ["招生范围", "学区划分详细情况"]  # 16
    law_titles = [
        "中华人民共和国政府信息公开条例",
        "教育部关于进一步做好小学升入初中免试就近入学工作的实施意见",
        "教育部关于推进中小学信息公开工作的意见",
    ]
    assert laws(one) == laws(two) == law_titles
    assert any("书名号未闭合" in reason for reason in one.review_reasons)  # 12 lacks the last 》
    assert deadline(one)[1:] == WORKING_20 and one.publishers == two.publishers == ["翔安区教育局"]
    # 13: ■/□ run together (■公开查阅点□政务服务中心): only the ticked ones
    assert [slug for slug, _ in channels(one)] == [
        "zhengfu-wangzhan",
        "liangwei-yiduan",
        "guangbo-dianshi",
        "zhizhi-meiti",
        "gongkai-chayuedian",
        "gongshilan",
    ]
    assert [slug for slug, _ in channels(two)] == [
        "zhengfu-wangzhan",
        "liangwei-yiduan",
        "gongkai-chayuedian",
        "gongshilan",
    ]
    # 14/19 "√ | √ | ||": the page kept two ticks for four columns; read as 全社会 + 主动, flagged
    for item in items:
        assert ticks(item) == (True, False, True, False)
        assert any("勾选标记所在的列原文未保留" in reason for reason in item.review_reasons)


def test_guangdong_meixian_ditto_cells_an_extra_cell_and_a_note_in_the_channels():
    raw, items = read("guangdong-meixian-gonggongfalvfuwu.txt")
    assert raw.layout == "lines"
    assert [i.number for i in items] == ["1", "2", "3", "4"] and cut_at(raw, 119)  # row 5 ends in 《法律援
    one, two, three, four = items
    # 47-51: 法治宣传教育 printed twice before the 二级 name; read once and flagged
    assert names(one) == ("法治宣传教育", "法律知识普及服务、法律法规和案例检索服务", "")
    assert any("印了两次" in reason for reason in one.review_reasons)
    assert names(two) == ("法治宣传教育", "推广法治文化服务", "")  # 75-77: 一级 merged
    assert names(three) == ("法治宣传教育", "对在法治宣传教育工作中作出显著成绩的单位和个人进行表彰奖励", "")
    assert names(four) == ("律师", "对没有取得律师执业证书以律师名义从事法律业务行为的处罚", "")
    assert one.elements == ["法律法规资讯", "普法动态资讯", "普法讲师团信息", "典型案例库网址或链接等"]
    # 81/95 同上 in 公开依据, 87/101/117 同上 in 公开渠道: the cells above
    assert two.legal_basis_text == three.legal_basis_text == one.legal_basis_text
    assert laws(four) == ["律师法"]
    assert all(deadline(i) == ("自制作或获取该信息之日起20个工作日内公开", "working_days", 20) for i in items)
    assert all(i.publishers == ["司法行政部门"] for i in items)
    # 61-73: six ■ lines and a note (注:…) in the channel cell; ■其他法律服务网 is 其他
    expected = [
        ("zhengfu-wangzhan", "政府网站"),
        ("guangbo-dianshi", "广播电视"),
        ("zhizhi-meiti", "纸质媒体"),
        ("ruhu-xianchang", "入户/现场"),
        ("gongshilan", "社区/企事业单位/村公示栏(电子屏)"),
        ("qita", "法律服务网"),
    ]
    assert channels(one) == channels(two) == channels(four) == expected
    assert "注:有关公开信息可推送或归集至本省级法律服务网。" in one.channel_text
    assert all(ticks(i) == (False, False, False, False) for i in items)  # no tick marks at all


def test_guangdong_xiashanxinyuan_an_extra_leading_column_and_merged_rows():
    raw, items = read("guangdong-xiashanxinyuan-gonggongwenhuafuwu.txt")
    # lines 2-9: titles, breadcrumb, source and date, an attachment name: none an item
    assert raw.issued_date.isoformat() == "2023-10-05" and ("来源", "霞山区人民政府办公室") in raw.metadata
    section = raw.sections[0]
    assert section.domain_name == "公共文化服务"  # heading 5.公共文化服务领域… (line 6)
    assert [(c.label, c.key) for c in section.columns[:2]] == [("序号", "number"), ("相应领域", "other")]
    assert [i.number for i in items] == ["1", "2", "3", "4", "5"] and cut_at(raw, 127)
    one, two, three, four, five = items
    assert one.other_info == [("相应领域", "公共文化服务")]  # 52: kept as 其他信息
    assert names(one) == ("公共文化", "公共文化机构免费开放信息", "")
    # 58-64: numbered 要素 over two paragraphs
    assert one.elements == ["机构名称", "开放时间", "开放项目", "机构地址", "联系电话", "临时停止开放信息"]
    assert laws(one) == ["中华人民共和国公共文化服务保障法", "中华人民共和国政府信息公开条例"]
    assert deadline(one) == ("永久公开", "other", None) and one.publishers == ["新园街道办事处公共服务办公室"]
    assert channels(one) == [("gongshilan", "街道文化站/(社区)综合性文化服务中心公示栏")]
    # rows 2-4 print only 二级事项 and 公开依据 (77-99): the rest is merged with row 1
    assert [names(i)[1] for i in (two, three, four)] == [
        "特殊群体公共文化服务信息",
        "组织开展群众文化活动",
        "组织开展群众文化活动",
    ]
    assert laws(three) == ["中华人民共和国政府信息公开条例", "文化馆服务标准"]
    assert two.publishers == one.publishers and deadline(two) == deadline(one)
    # 107-122: 公共文化 twice (相应领域 and 一级事项), then the 二级 name
    assert names(five) == ("公共文化", "组织开展群众文化活动", "")
    assert five.other_info == [("相应领域", "公共文化")]
    assert all(ticks(i) == (False, False, False, False) for i in items)


def test_heilongjiang_jiayin_header_repeated_per_row_and_checklist_pseudo_rows():
    raw, items = read("heilongjiang-jiayin-shengtaihuanjing.txt")
    (one,) = items  # lines 4-11; row 2 (line 14) ends inside 公开依据
    assert cut_at(raw, 14) and len(raw.sections) == 1  # the header repeated at 12-13 continues the table
    assert (one.number, names(one)) == ("1", ("行政许可", "建设项目环境影响评价文件审批", ""))
    assert one.elements == [
        "受理环节: 受理情况公示、报告书(表)全本",
        "拟决定环节:拟审查环评文件基本情况公示",
        "决定环节:环评批复",
    ]
    assert laws(one) == [
        "中华人民共和国环境影响评价法",
        "中华人民共和国海洋环境保护法",
        "中华人民共和国放射性污染防治法",
        "中华人民共和国政府信息公开条例",
    ]  # 8: 防 治法 with a soft-wrap space
    assert deadline(one) == ("自该信息形成或者变更之日起20个工作日内", "working_days", 20)
    assert one.publishers == ["县级生态环境部门"]
    # the one ticked channel, ■ 政府网站, sits on line 4 above the data row
    assert channels(one) == [("zhengfu-wangzhan", "政府网站")]
    assert ticks(one) == (True, False, True, False)


def test_henan_zhecheng_directory_model_with_continuation_rows():
    raw, items = read("henan-zhecheng-zhengwugongkaiqingdan.txt")
    # lines 26-28: 索引号 / 发布机构 / 成文日期 / 有效性 / 文号 / 所属主题 metadata
    assert ("索引号", "114114240058778641-zcxzf-00004650") in raw.metadata
    assert ("所属主题", "政府信息公开制度") in raw.metadata and raw.issued_date.isoformat() == "2023-07-13"
    assert raw.page_title == "柘城县政务公开清单目录(2022年度)"  # line 34
    keys = [c.key for c in raw.sections[0].columns]
    assert keys == [
        "number",
        "level1",
        "level3",
        "level3",
        "level3",
        "level3",
        "legal_basis",
        "level2",
        "content",
        "deadline",
        "channels",
        "other",
        "publisher",
    ]  # 公开方式 holds channel names: read as 公开渠道
    one, two, three = items  # 62-81, 83-107, 109-123; 县级制度 (125) is cut
    assert cut_at(raw, 125)
    assert (one.number, names(one)) == ("1", ("政府信息公开指南", "政府信息公开指南", ""))
    assert (two.number, names(two)) == ("2", ("政府信息公开制度", "国家制度、省级制度", ""))
    assert (three.number, names(three)) == ("", ("政府信息公开制度", "市级制度", ""))  # no 序号
    assert three.content == "市级政府信息公开工作制度、政府信息公开工作考核制度、社会评议制度、责任追究制度"
    assert all(laws(i) == ["中华人民共和国政府信息公开条例"] for i in items)
    assert all(deadline(i) == ("自该信息形成或者变更之日起20个工作日内", "working_days", 20) for i in items)
    assert all(i.publishers == ["县政府办"] and channels(i) == [("zhengfu-wangzhan", "政府网站")] for i in items)
    assert all(i.other_info == [("公开形式", "文字")] for i in items)


def test_hubei_tianmen_cells_run_together():
    raw, items = read("hubei-tianmen-zhudonggongkaimulu.txt")
    assert raw.layout == "glued"
    one, two = items  # lines 7 and 8; row 3 (9-10) goes on past the end of the excerpt
    assert cut_at(raw, 9)
    assert names(one) == ("机关信息", "机关简介", "")
    assert one.elements == ["机关职能", "机构设置", "办公地址", "办公时间", "联系方式", "负责人姓名"]
    assert names(two) == ("机关信息", "政府领导同志信息", "")  # 一级目录 merged
    assert two.elements == ["姓名", "照片", "主管或分管工作"]
    assert laws(one) == laws(two) == ["国务院办公厅关于印发政府网站发展指引的通知"]
    assert one.audience_public and two.audience_public  # 全社会 closes line 7; merged on 8
    assert all(any("没有分隔符" in reason for reason in i.review_reasons) for i in items)


def test_hubei_wuchang_banner_metadata_row_and_wrapped_ticks():
    raw, items = read("hubei-wuchang-zhongdajianshexiangmu.txt")
    assert raw.page_title == "重大建设项目领域基层政务公开标准目录"  # line 3, not the banner on line 2
    assert ("发布机构", "武昌区发展和改革局") in raw.metadata  # line 4: 填报单位
    assert raw.issued_date.isoformat() == "2020-10-21"  # line 4: 填报时间
    one, two = items  # 7-9 and 10-12; row 3 (13) is cut
    assert cut_at(raw, 13)
    assert names(one) == ("批准结果信息", "政府投资项目建议书审批", "")
    assert names(two) == ("批准结果信息", "政府投资项目可行性研究报告审批", "")
    assert one.elements[:3] == ["审批结果", "批复时间", "批复文号"]
    assert laws(one) == [
        "中华人民共和国政府信息公开条例",
        "关于全面推进政务公开工作的意见",
        "关于推进重大建设项目批准和实施领域政府信息公开的意见",
    ]
    assert deadline(one)[1:] == WORKING_20  # two clauses; the first gives the days
    assert one.publishers == ["武汉市武昌区发展和改革局"]
    assert channels(one) == [("qita", "投资项目在线审批监管平台")]
    # "√ |\n| √ |\n|": √, empty, √, empty in place
    assert ticks(one) == ticks(two) == (True, False, True, False) and not one.needs_review


def test_hunan_hetang_header_without_xuhao_and_wrapped_cells():
    raw, items = read("hunan-hetang-shipinyaopinjianguan.txt")
    assert raw.sections[0].columns[0].key == "number"  # line 3 lost 序号; the rows print it
    assert any("没有“序号”列" in p.message for p in raw.problems)
    one, two = items  # 5-9 and 10-13; row 3 (14) is cut
    assert cut_at(raw, 14)
    assert names(one) == ("行政审批", "食品经营许可服务指南", "")
    assert names(two) == ("行政审批", "食品经营许可基本信息", "")  # 一级 merged
    assert "收费依据及标准" in one.elements[-3]  # soft wrap 收费依据 及标准 (line 6) closed
    assert "生产地址/经营场所" in two.elements and "食品类别/经营项目" in two.elements  # 11
    assert laws(two) == [
        "中华人民共和国食品安全法",
        "中华人民共和国政府信息公开条例",
        "关于全面推进政务公开工作的意见",
        "食品药品安全监管信息公开管理办法",
    ]  # 12: 政府信 息公开条例
    assert deadline(one) == ("信息形成或变更之日起20个工作日内", "working_days", 20)
    assert one.publishers == ["区市场监督管理局"]
    assert channels(two) == [
        ("zhengfu-wangzhan", "政府网站"),
        ("zhengwu-fuwu-zhongxin", "政务服务中心"),
        ("qita", "国家企业信用信息公示系统"),
    ]  # 13: ■其他:…
    # "| √ | √ | √ | |||": three ticks for six columns, read as 全社会, 主动, 县级 and flagged
    assert ticks(one) == (True, False, True, False) and one.levels == ["county"] and one.needs_review


def test_jiangxi_fuliangsanlong_space_separated_with_a_channel_grid():
    raw, items = read("jiangxi-fuliangsanlong-jiuzai.txt")
    assert raw.layout == "spaces"
    # line 3: 公开方式 / 有效期 / 公开时限 / 公开范围 / 信息索取号 (kept as 索引号)
    assert ("索引号", "014560025/2023-06702") in raw.metadata and ("有效期", "长期有效") in raw.metadata
    one, two = items  # 10-16 and 19-25; row 3 (28) stops inside its checklist
    assert cut_at(raw, 28)
    assert names(one) == ("政策文件", "政策规范文件", "法律法规")
    assert names(two) == ("政策文件", "政策规范文件", "部门和地方规章")  # 一级/二级 merged
    assert one.content == "与救灾有关的法律、法规" and two.content == "与救灾有关的部门和地方规章、规范性文件"
    assert laws(one) == ["中华人民共和国政府信息公开条例"] and one.laws[0].printed.endswith("(国令第711号)")
    assert deadline(two) == ("信息形成或变更之日起20个工作日内", "working_days", 20)
    assert one.publishers == ["镇级人民政府"]
    # the two-column grid of boxes over 10-16: ■政府网站 ■公开查阅点 ■政务服务中心
    assert [slug for slug, _ in channels(one)] == ["zhengfu-wangzhan", "gongkai-chayuedian", "zhengwu-fuwu-zhongxin"]
    assert channels(two) == channels(one)
    assert ticks(one) == (False, False, False, False) and one.levels == []  # no tick marks


def test_liaoning_gaizhou_ticks_on_their_own_lines_and_split_header_words():
    raw, items = read("liaoning-gaizhou-shehuijiuzhu.txt")
    labels = [c.label for c in raw.sections[0].columns]
    assert labels[8:] == ["全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]  # 全\n社 会 …
    one, two = items  # 9-15 and 16-22; row 3 (23) is cut
    assert cut_at(raw, 23)
    assert names(one) == ("综合业务", "政策法规文件", "")
    assert names(two) == ("综合业务", "监督检查", "")  # 一级 merged; the row has one cell fewer
    assert two.elements == ["社会救助信访通讯地址", "社会救助投诉举报电话"]
    assert "社会救助暂行办法" in laws(one)
    assert deadline(one) == ("制定或获取信息之日起10个工作日内", "working_days", 10)  # 制 定 或 获 取 …
    assert one.publishers == ["盖州市民政局"]
    assert channels(one) == [("zhengfu-wangzhan", "政府网站")]  # only ■政府网站 is ticked
    assert any("征地信息公开平台" in reason for reason in one.review_reasons)  # a non-standard box
    # 11-15: √ | (empty) | √ | (empty) | √ | √ — each on its own line
    for item in items:
        assert ticks(item) == (True, False, True, False)
        assert item.levels == ["county", "township", "village"]


def test_neimenggu_abaga_city_and_county_levels():
    raw, items = read("neimenggu-abaga-chengshizonghezhifa.txt")
    assert raw.page_title == "阿巴嘎旗城市综合执法领域基层政务公开标准"  # line 2, no 目录
    assert raw.sections[0].domain_name == "城市综合执法"
    one, two = items  # 7-10 and 11-14; row 3 (15) is cut
    assert cut_at(raw, 15)
    assert names(one) == ("绿化管理", "损坏城市树木花草", "")
    assert names(two) == ("绿化管理", "擅自砍伐城市树木", "")
    assert one.elements[0] == "机构职能、权责清单、执法人员名单" and len(one.elements) == 7
    assert laws(one) == ["城市绿化条例"]
    assert deadline(one)[1:] == WORKING_20  # 长期公开 + 20个工作日内
    assert one.publishers == ["城市管理行政执法部门或相关行政主管部门"]
    assert [slug for slug, _ in channels(one)] == ["zhengfu-wangzhan", "gongkai-chayuedian"]
    # "√ | √ | √ | √ | ||": four ticks for six columns, read as 全社会, 主动, 市级, 县级 and flagged
    assert ticks(one) == (True, False, True, False) and one.levels == ["city", "county"] and one.needs_review


def test_neimenggu_kangbashi_department_columns():
    raw, items = read("neimenggu-kangbashi-jiuzaishengchan.txt")
    assert raw.layout == "spaces" and raw.sections[0].domain_name == "救灾生产"
    columns = [(c.label, c.key) for c in raw.sections[0].columns]
    assert ("条款内容", "other") in columns and ("依据效力(位阶)", "other") in columns
    assert ("责任科室", "office") in columns and ("对应职责", "other") in columns
    one, two = items  # lines 10 and 11; row 3 (12) is cut
    assert cut_at(raw, 12)
    assert names(one)[:2] == ("政策文件", "法律法规")
    assert laws(one) == ["中华人民共和国政府信息公开条例"]
    assert deadline(one)[1:] == WORKING_20 and one.publishers == ["应急管理部门"]
    assert [slug for slug, _ in channels(one)] == [
        "zhengfu-wangzhan",
        "liangwei-yiduan",
        "gongkai-chayuedian",
        "zhengwu-fuwu-zhongxin",
    ]
    assert one.responsible_office == two.responsible_office == "综合减灾和应急管理组"
    assert ("依据效力(位阶)", "法规") in one.other_info and ("对应职责", "自然灾害救助") in one.other_info
    assert (
        "条款内容",
        "《中华人民共和国政府信息公开条例》第二十条(十二)突发公共事件的应急预案、预警信息及应对情况",
    ) in one.other_info
    assert ("对应职责", "防灾减灾、抗震减灾、突发事件") in two.other_info
    # space-separated cells are a guess wherever two pieces were read as one cell
    assert one.needs_review and two.needs_review


def test_neimenggu_kangbashi_named_documents_as_third_level():
    raw, items = read("neimenggu-kangbashi-jiuzaishengchan.txt")
    one, two = items
    # line 10: 三级事项 = the two 应急预案; line 11: 二级 部门和地方规章, 三级 the three numbered documents
    assert names(one) == ("政策文件", "法律法规", "国家自然灾害救助应急预案 内蒙古自治区自然灾害救助应急预案")
    assert one.content == "与救灾有关的法律、法规"
    assert names(two)[:2] == ("政策文件", "部门和地方规章") and names(two)[2].startswith("鄂康政办发[2020]30号")
    assert two.content == "与救灾有关的部门和地方规章、规范性文件"


def test_qinghai_huzhu_words_broken_across_paragraphs():
    raw, items = read("qinghai-huzhu-hujiguanli.txt")
    assert raw.issued_date.isoformat() == "2021-12-12"  # line 4
    one, two = items  # 42-66 and 70-90; row 3 (94) is cut
    assert cut_at(raw, 94)
    assert names(one) == ("出生登记", "出生登记", "")  # 出生 / 登记 over blank lines, twice
    assert names(two) == ("收养、入籍等登记", "收养登记", "")
    assert one.elements == ["受理部门", "办理条件", "办理流程", "所需材料", "办理时限", "收费依据及标准"]
    # 公开依据 over two paragraphs (54, 56)
    assert laws(one) == ["中华人民共和国户口登记条例", "中华人民共和国政府信息公开条例"]
    assert laws(two) == [
        "中华人民共和国户口登记条例",
        "中华人民共和国收养法",
        "中国公民收养子女登记办法",
        "中华人民共和国国籍法",
        "中华人民共和国政府信息公开条例",
    ]
    assert deadline(one) == ("形成或者变更之日起20个工作日内予以公开", "working_days", 20)
    assert one.publishers == two.publishers == ["公安机关"]  # 公安 / 机关
    assert channels(one) == [("zhengfu-wangzhan", "政府网站"), ("ruhu-xianchang", "入户/现场")]
    assert ticks(one) == (False, False, False, False)


def test_shandong_jinxianghuji_metadata_grid_and_a_table_of_contents():
    name = "shandong-jinxianghuji-gonggongziyuanjiaoyi.txt"
    raw = parse(decode((CORPUS / name).read_bytes()))
    # lines 4-7: the 索引号 grid is document metadata
    assert ("索引号", "113708280043326001/2024-02411") in raw.metadata
    assert raw.issuer == "金乡县胡集镇人民政府" and raw.issued_date.isoformat() == "2024-06-05"
    # lines 8-21: the table of contents is reported, not read as sections or items
    assert any(p.line == 8 and "目录" in p.message and p.severity == "note" for p in raw.problems)
    (section,) = raw.sections
    assert section.domain_name == "公共资源交易"  # the heading on line 22
    # the only row (25) is cut inside 公开时限: no complete row, nothing to import
    assert cut_at(raw, 25) and section.rows == []
    assert normalise(raw)[0].items == []


def test_shandong_rushan_a_page_without_its_header_is_refused_with_advice():
    # the excerpt is page 7 of a PDF flip-book: its header is on an earlier page
    with pytest.raises(NoTableFound) as error:
        parse(decode((CORPUS / "shandong-rushan-caizhengyujuesuan.txt").read_bytes()))
    message = str(error.value)
    assert "未找到表头" in message and "表头在文件前面的页上" in message


def test_shandong_zaozhuanggaoxin_key_value_metadata_reordered_columns_and_box_characters():
    raw, items = read("shandong-zaozhuanggaoxin-anquanshengchan.txt")
    # lines 2-9: "- key:value" metadata
    assert ("索引号", "370400/2022-00091") in raw.metadata and ("文号", "无") in raw.metadata
    assert raw.issuer == "应急管理局" and raw.issued_date.isoformat() == "2023-12-01"
    assert raw.page_title == "安全生产领域基层政务公开标准目录"  # 标题 (line 8)
    keys = [c.key for c in raw.sections[0].columns]
    assert keys[7:] == ["mode_proactive", "mode_on_request", "channels", "audience_public", "audience_specific"]
    one, two = items  # 26-36 and 37-46; row 3 (47) is cut
    assert cut_at(raw, 47)
    assert names(one) == ("政策文件", "法律法规", "") and names(two) == ("政策文件", "部门和地方规章", "")
    assert one.content == "与安全生产有关的法律、法规"
    assert deadline(one)[1:] == WORKING_20 and one.publishers == ["枣庄高新区应急管理局"]
    # ▄ ticked, 口 unticked, 国家档案馆 without a box: counted, and said so
    assert channels(one) == [("zhengfu-wangzhan", "政府网站"), ("qita", "国家档案馆")]
    assert any("国家档案馆”前没有勾选框" in reason for reason in one.review_reasons)
    assert ticks(one) == ticks(two) == (True, False, True, False)  # √ before and after the channels


def test_shanghai_qingpu_unlabelled_metadata_cut_headers_and_continuation_rows():
    raw, items = read("shanghai-qingpu-yiwujiaoyu.txt")
    columns = raw.sections[0].columns
    # line 8: "公开 | 公开" (时限 / 主体 cut short), read from the cells under them
    assert [(c.key, c.certainty) for c in columns[5:7]] == [("deadline", "guess"), ("publisher", "guess")]
    assert columns[0].key == "number" and columns[9].label == "特定对象"
    one, two, three = items  # lines 10, 11, 12; line 13 is cut
    assert cut_at(raw, 13)
    assert [(i.number, names(i)) for i in items] == [
        ("1", ("政策文件", "教育法律", "")),
        ("", ("政策文件", "规范性文件", "")),  # no 序号, 一级 merged
        ("2", ("教育概况", "教育事业发展主要情况", "")),
    ]
    assert one.elements == ["教育法律", "规章制度"] and two.content == "部门规范性文件"
    assert deadline(two) == ("信息形成或者变更之日起20个工作日内", "working_days", 20)
    assert all(i.publishers == ["区教育局"] and channels(i) == [("zhengfu-wangzhan", "政府网站")] for i in items)
    assert all(ticks(i) == (True, False, True, False) for i in items)


def test_shanxi_fangshan_numbering_from_two_and_whitespace_cells():
    raw, items = read("shanxi-fangshan-shenongbutie.txt")
    two, three = items  # 44-74 and 76-106; row 4 (108) is cut
    assert cut_at(raw, 108)
    assert [i.number for i in items] == ["2", "3"]  # the page starts at 2
    assert names(two) == ("农业生产发展资金", "耕地地力保护", "") and names(three)[1] == "新型职业农民培育"
    assert two.elements == [
        "政策依据",
        "申请指南:包括补贴对象、补贴范围、补贴标准、申请程序、申请材料、咨询电话、受理单位、办理时限、联系方式等",
        "补贴结果",
        "监督渠道:包括举报电话、地址等",
    ]  # four paragraphs, 50-56
    assert laws(two)[0] == "农业生产发展资金管理办法" and len(laws(three)) == 4
    assert deadline(two)[1:] == WORKING_20
    assert two.publishers == ["乡镇人民政府", "行政村村民委员会"]  # two publishers, 62-64
    assert channels(two) == [("gongshilan", "行政村公示栏"), ("gongshilan", "乡镇公示栏")]  # plain names, 66-68
    assert three.publishers == ["县级农业农村部门"] and channels(three) == [("zhengfu-wangzhan", "政府网站")]
    assert ticks(two) == ticks(three) == (False, False, False, False)  # lone-space cells (70-74)


def test_sichuan_pingwu_lost_characters_and_single_value_columns():
    raw, items = read("sichuan-pingwu-nongcunweifanggaizao.txt")
    columns = {c.label: c.key for c in raw.sections[0].columns}
    # line 3: 公 dropped from every header
    assert columns["一级事项"] == "level1" and raw.sections[0].columns[1].group == "开事项"
    assert columns["开渠道"] == "channels" and columns["开属性"] == "mode" and columns["开对象"] == "audience"
    assert columns["开方式"] == "other"  # 全文发布: neither a 公开方式 tick nor a channel
    one, two, three = items  # lines 5, 6, 7; line 8 is cut
    assert cut_at(raw, 8)
    assert [names(i) for i in items] == [
        ("计划实施", "任务分配", ""),
        ("条件与标准", "农村危房等级评定标准", ""),
        ("条件与标准", "农村危房改造对象申请条件", ""),  # line 7 lacks 一级事项: cells shift left
    ]
    assert three.content == "农村危房改造农户申请条件"
    assert deadline(one) == ("分配结果确定后20个工作日内", "working_days", 20)
    assert all(i.publishers == ["乡镇人民政府"] for i in items)
    assert one.mode_proactive and one.audience_public  # 主动开, 全社会 written in their cells
    assert one.other_info == [("开方式", "全文发布"), ("咨询电话", "0816-8859127"), ("监督举报电话", "0816-8859127")]
    assert ("咨询电话", "0819-8859127") in three.other_info  # the typo as printed


def test_sichuan_yajiang_no_ticks_and_varying_trailing_cells():
    raw, items = read("sichuan-yajiang-ziranziyuan.txt")
    assert raw.sections[0].columns[7].label.startswith("公开渠道和载体")  # with its instruction, line 3
    one, two, three = items  # 5, 6, 7; line 8 is cut
    assert cut_at(raw, 8)
    assert [names(i) for i in items] == [
        ("机构信息", "县自然资源局及派出机构、公共服务机构信息", ""),
        ("公共服务", "政策文件", ""),
        ("公共服务", "自然资源领域专项规划", ""),  # 自然资源 领域专项 规划: soft wraps
    ]
    assert "办公电话" in one.elements  # 办 公电话
    assert laws(two) == ["中华人民共和国政府信息公开条例", "自然资源规范性文件管理规定"]
    assert deadline(one) == ("信息形成或者变更之日起20个工作日内", "working_days", 20)  # 20个工 作日内
    assert one.publishers == ["自然资源"] and two.publishers == ["县自然资源局"]  # row 1 as printed
    assert [slug for slug, _ in channels(one)] == ["zhengfu-wangzhan", "gongkai-chayuedian", "zhengwu-fuwu-zhongxin"]
    assert all(ticks(i) == (False, False, False, False) for i in items)


def test_xinjiang_wuqia_level_written_as_text_and_an_empty_row():
    raw, items = read("xinjiang-wuqia-nongcunweifanggaizao.txt")
    levels = [(c.label, c.levels) for c in raw.sections[0].columns if c.key == "level"]
    assert levels == [("州级县级", ("city", "county")), ("乡、村级", ("township", "village"))]
    one, two, four = items  # 24-38, 39-52, 55-69; row 3 (53-54) is empty; row 5 (70) is cut
    assert [i.number for i in items] == ["1", "2", "4"] and cut_at(raw, 70)
    section = normalise(raw)[0]
    assert any(p.line == 53 and "空行" in p.message for p in section.problems)
    assert not any("跳到" in p.message for p in section.problems)
    assert names(one) == ("部门文件", "农村危房改造相关文件", "") and names(four) == ("计划实施", "任务分配", "")
    assert laws(one) == ["中华人民共和国政府信息公开条例", "关于全面推进政务公开工作的意见"]
    assert deadline(four) == ("分配结果确定后20个工作日内", "working_days", 20)
    assert one.publishers == ["住房和城乡建设部门"]
    # ■一微一端 is a typo of 两微一端: kept as 其他 and flagged, not guessed
    assert channels(one) == [
        ("zhengfu-wangzhan", "政府网站"),
        ("qita", "一微一端"),
        ("gongkai-chayuedian", "公开查阅点"),
        ("gongshilan", "公示栏"),
    ]
    assert ticks(one) == (True, False, True, False)
    assert one.levels == ["county", "township", "village"] and one.level_label == "县级、乡、村级"  # 37-38
    assert four.levels == ["city", "township", "village"]  # 州级 (67)


def test_yunnan_linxiangnanmei_chrome_and_a_two_column_channel_grid():
    raw, items = read("yunnan-linxiangnanmei-fupin.txt")
    # lines 2-3: a greeting with a 2021 date banner and 设为首页…; line 8: 来源/作者/时间 2025
    assert raw.issued_date.isoformat() == "2025-04-10"
    levels = [c.levels for c in raw.sections[0].columns if c.key == "level"]
    assert levels == [("county",), ("township",)]  # 区级 / 乡级
    one, two, three = items  # 47-75, 79-103, 107-131; row 4 (135) is cut
    assert cut_at(raw, 135)
    assert [names(i) for i in items] == [
        ("政策文件", "行政法规、规章", ""),
        ("政策文件", "规范性文件", ""),
        ("政策文件", "其他政策文件", ""),
    ]
    assert one.elements == ["中央及地方政府涉及扶贫领域的行政法规", "中央及地方政府涉及扶贫领域的规章"]  # · bullets
    assert three.content == "涉及扶贫领域其他政策文件"
    assert deadline(one) == ("信息形成(变更)20个工作日内", "working_days", 20)
    assert one.publishers == ["南美乡扶贫开发办公室"]
    assert [slug for slug, _ in channels(one)] == ["zhengfu-wangzhan", "zhengwu-fuwu-zhongxin", "gongshilan"]
    assert ticks(one) == (False, False, False, False)


def test_yunnan_tengchong_outline_numbers_and_ocr_garbage():
    raw, items = read("yunnan-tengchong-jiuye.txt")
    (one,) = items  # line 5; row 2 (6) is cut
    assert cut_at(raw, 6)
    assert names(one) == ("就业信息服务", "就业政策法规咨询", "")  # 1.就业信息 服务 / 1.1就业政策 法规咨询
    assert one.elements[:2] == ["就业创业政策项目", "对象范围"]
    assert one.elements[-1].endswith("7次沟中迁")  # OCR garbage kept as printed
    assert laws(one) == [
        "中华人民共和国政府信息公开条例",
        "中华人民共和国就业促进法",
        "关于修改〈中华人民共和国电力法〉等六部法律的决定",
        "人力资源市场暂行条例",
    ]
    assert deadline(one) == ("公开事项信息形成或变更之日起20个工作日内公开", "working_days", 20)
    assert one.publishers == ["乡镇人民政府"]  # 乡镇人民 政府
    assert channels(one)[-1] == ("bianmin-fuwuzhan", "其他基层公共服务平台")
    assert ticks(one) == (True, False, True, False) and one.levels == ["county", "township"]


def test_zhejiang_sanmen_three_level_header_over_two_level_rows():
    raw, items = read("zhejiang-sanmen-shehuibaoxian.txt")
    assert raw.page_title == "社会保险领域基层政务公开标准目录(试行)"
    (one,) = items  # 5-8; row 2 (9) is cut
    assert cut_at(raw, 9)
    assert names(one) == ("社会保险登记", "机关事业养老保险单位参保登记", "")  # 三级事项 never filled
    assert len(one.elements) == 11 and one.elements[0] == "事项名称"  # 1.事项名称\n2.事项简述 …
    assert "国务院关于机关事业单位工作人员养老保险制度改革的决定" in laws(one)
    assert one.laws[-1].printed.endswith("(国发﹝2015﹞2号)")
    assert deadline(one) == ("公开事项信息形成或变更之日起20个工作日内公开", "working_days", 20)
    assert one.publishers == ["县人力社保局"]
    assert channels(one)[-1] == ("bianmin-fuwuzhan", "其他基层公共服务平台")  # ■其他 基层公共服务平台
    assert ticks(one) == (True, False, True, False) and one.levels == ["county", "township"]


# The README's whitespace caveat: these files held NBSP or ideographic spaces where the
# corpus has ASCII ones. Every space of theirs turned into either must read the same.
WIDE_SPACE_FILES = [
    "qinghai-huzhu-hujiguanli.txt",
    "shanxi-fangshan-shenongbutie.txt",
    "jiangxi-fuliangsanlong-jiuzai.txt",
    "neimenggu-kangbashi-jiuzaishengchan.txt",
    "hunan-hetang-shipinyaopinjianguan.txt",
    "guangdong-meixian-gonggongfalvfuwu.txt",
    "guangdong-xiashanxinyuan-gonggongwenhuafuwu.txt",
]


def reading(items):
    return [
        (
            i.number,
            names(i),
            i.content,
            laws(i),
            deadline(i),
            i.publishers,
            channels(i),
            ticks(i),
            i.levels,
            i.other_info,
        )
        for i in items
    ]


@pytest.mark.parametrize("name", WIDE_SPACE_FILES)
@pytest.mark.parametrize("space", ["\u00a0", "\u3000"])
def test_nbsp_and_ideographic_space_variants_read_the_same(name, space):
    text = decode((CORPUS / name).read_bytes())
    _, items = read(name)
    _, variant = read(name, text.replace(" ", space))
    assert reading(variant) == reading(items)


def test_every_corpus_file_has_its_test_and_its_source_line():
    names_here = sorted(path.name for path in CORPUS.glob("*.txt"))
    assert len(names_here) == 25
    source = Path(__file__).read_text(encoding="utf-8")
    for name in names_here:
        prefix = "_".join(name.split("-")[:2])
        assert f"def test_{prefix}_" in source, name
        assert (CORPUS / name).read_text(encoding="utf-8").startswith("Source: http"), name

"""Layouts met on real catalogue pages beyond the corpus (issue 14), each input built by rule.

Each test builds a page in the layout a real page used and checks that it reads as the same
page printed plainly does."""

from catalog.importers.normalise import normalise
from catalog.importers.readers import read_document, to_raw

# The official header, as two rows of labels (groups over sub-headers).
TOP = [
    "序号",
    "公开事项",
    "公开内容(要素)",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
]
SUB = ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开"]


def cells(n: int) -> list[str]:
    """Row n: names, content, basis, deadline, publisher, channel, 全社会 and 主动 ticked."""
    return [str(n), f"第{(n + 1) // 2}类事项", f"事项{n}", f"事项{n}的办理条件和结果", f"《测试办法第{n}号》",
            "信息形成之日起20个工作日内", "测试县交通运输局", "■政府网站", "√", " ", "√", " "]  # fmt: skip


def read(text: str):
    raw = to_raw(read_document(text.encode("utf-8"), name="目录.txt"))
    items = [item for section in normalise(raw) for item in section.items]
    columns = [(c.key, c.levels) for c in raw.sections[0].columns]
    fields = [
        (i.number, i.level1, i.level2, i.content, [law.title for law in i.laws], i.deadline_days, i.publishers,
         [c.slug for c in i.channels], i.audience_public, i.audience_specific, i.mode_proactive, i.mode_on_request)
        for i in items
    ]  # fmt: skip
    return raw, columns, fields


def lines_page(labels: list[str], rows: int) -> str:
    """One cell per line, cells between blank lines (a lone space is an empty cell)."""
    body = labels + [cell for n in range(1, rows + 1) for cell in cells(n)]
    return "交通运输领域基层政务公开标准目录\n\n" + "\n\n".join(body) + "\n"


def broken(label: str) -> list[str]:
    """A label broken in the middle as a narrow header cell wraps it: 公开时限 -> 公开 / 时限."""
    half = len(label) // 2
    return [label[:half], label[half:]] if len(label) >= 3 else [label]


def test_header_labels_broken_over_blank_lines_read_as_the_whole_labels():
    # 苏尼特左旗's 交通运输 page prints 公开 / 时限, 公开 / 主体, 一级 / 事项 and 特定 / 群众 as
    # paragraphs of their own, exactly like cell breaks; its rows were read as garbage.
    plain = read(lines_page(TOP + SUB, 4))
    assert plain[0].layout == "lines" and len(plain[2]) == 4
    assert plain[2][0] == ("1", "第1类事项", "事项1", "事项1的办理条件和结果", ["测试办法第1号"], 20, ["测试县交通运输局"],
                           ["zhengfu-wangzhan"], True, False, True, False)  # fmt: skip
    labels = [piece for label in TOP + SUB for piece in broken(label)]
    assert "时限" in labels and "社会" in labels  # 全 / 社会: 社会 alone reads as 全社会 without its 全
    raw, columns, fields = read(lines_page(labels, 4))
    assert (columns, fields) == plain[1:]

"""Builders for uploaded catalogues in the official layout (two header rows, merged cells)."""

import csv
import io

import openpyxl

TOP = [
    "序号",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    None,
    "公开方式",
    None,
    "公开层级",
    None,
]
SUB = [None, None, None, None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]
ROWS = [
    [
        "1",
        "最低生活保障",
        "低保审批结果",
        "低保对象名单、保障金额",
        "《社会救助暂行办法》",
        "信息形成之日起20个工作日内",
        "阿尔山市民政局",
        "政府网站",
        "√",
        "",
        "√",
        "",
        "√",
        "√",
    ],
    [
        "2",
        None,
        "低保政策",
        "政策文件、办理流程",
        "《社会救助暂行办法》",
        "信息形成之日起20个工作日内",
        "阿尔山市民政局",
        "政府网站、公示栏",
        "√",
        "",
        "√",
        "",
        "√",
        "",
    ],
    [
        "3",
        "特困人员救助供养",
        "特困人员认定",
        "认定条件、办理程序",
        "《社会救助暂行办法》",
        "即时公开",
        "阿尔山市民政局",
        "政务服务中心",
        "√",
        "",
        "√",
        "",
        "√",
        "√",
    ],
]


def table_rows(rows=ROWS, heading="（一）社会救助领域基层政务公开标准目录"):
    return [["阿尔山市上传测试目录"], [heading], TOP, SUB, *rows]


def xlsx_bytes(rows=ROWS, *, merge=True, heading="（一）社会救助领域基层政务公开标准目录") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "社会救助"
    for row in table_rows(rows, heading):
        sheet.append(row)
    if merge:
        sheet.merge_cells("A3:A4")  # 序号 over both header rows
        for first, last in (("I3", "J3"), ("K3", "L3"), ("M3", "N3")):
            sheet.merge_cells(f"{first}:{last}")
        sheet.merge_cells("B5:B6")  # 一级事项 shared by items 1 and 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows=ROWS, *, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table_rows(rows):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode(encoding)

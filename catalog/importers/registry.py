"""What we know about the seed catalogues that their text does not say (plain data).

Keyed by source file name. Dates printed to the month only are recorded as the first
of that month with issued_date_precision="month" (shown as 2022年10月). All four seeds were
read from scans (scanned=True: item pages say 扫描件识别录入).
"""

from __future__ import annotations

import datetime

from .records import CatalogueMeta

NEIMENGGU = ("neimenggu", "内蒙古自治区", "province")
AERSHAN = [NEIMENGGU, ("xinganmeng", "兴安盟", "city"), ("aershan", "阿尔山市", "county")]

SEEDS: dict[str, CatalogueMeta] = {
    "000_2033e23605c45f5d.txt": CatalogueMeta(
        slug="aershan-zhen-2022",
        title="阿尔山市基层政务公开标准化规范化目录汇编（镇人民政府级）",
        region=AERSHAN,
        issuer="阿尔山市政务公开领导小组办公室",
        issued_date=datetime.date(2022, 10, 1),
        issued_date_precision="month",
        position=1,
        scanned=True,
        provenance=(
            "原件为 PDF 扫描件，本目录的文字由扫描件识别录入（可下载的“原件”为识别所得的文本）。"
            "封面只印“2022 年 10 月”，发布日期只知道月份。"
            "共 14 个领域分表；扫描件中的空白单元格、跨页断行、错位和勾选标记已逐条整理，"
            "无把握之处标为存疑，以原件为准。"
        ),
    ),
    "001_c073cd0789e26141.txt": CatalogueMeta(
        slug="aershan-shebao-ocr",
        title="阿尔山市基层政务公开标准目录（社会保险领域，另一版本）",
        region=AERSHAN,
        issuer="",
        issued_date=None,
        position=2,
        ocr_aliases="aershan-shebao",
        scanned=True,
        provenance=(
            "原件为另一版本阿尔山市目录汇编中的第（十一）分表“社会保险领域基层政务公开标准目录”，"
            "本目录的文字由其扫描件识别录入；发布机构和日期原文未载。"
            "扫描件质量很差：地名“阿尔山市”多处识别成别的字（已更正为阿尔山市），"
            "多处单元格丢失或错位、勾选标记多出或移动，第 46–51 号事项所在页缺失。"
            "内容与“阿尔山市基层政务公开标准化规范化目录汇编（镇人民政府级）”第（八）分表社会保险领域大量重叠，"
            "作为独立目录保留，未与之合并。"
        ),
    ),
    "002_1da4c976f53653ac.txt": CatalogueMeta(
        slug="genhe-minzheng",
        title="根河市民政局主动公开目录",
        region=[NEIMENGGU, ("hulunbeier", "呼伦贝尔市", "city"), ("genhe", "根河市", "county")],
        issuer="根河市民政局",
        issued_date=None,
        position=3,
        ocr_aliases="genhe",
        domain=("民政", "minzheng"),
        scanned=True,
        provenance=(
            "本目录的文字由扫描件识别录入，发布日期原文未载。"
            "表格有三级事项和责任科室，无公开依据、公开方式和公开层级列；公开渠道为勾选框，只计已勾选的渠道。"
            "公开主体原文只印科室名（办公室、财务室），公开主体按“根河市民政局办公室”等全称记录，原文保留在公开主体（原文）中。"
            "“民政”不是国务院试点领域，作为非标准领域收录。"
        ),
    ),
    "004_d471104087878b0a.txt": CatalogueMeta(
        slug="xiangyuan-chaoyang-shequ",
        title="襄垣县朝阳社区政务公开事项标准目录",
        region=[
            ("shanxi", "山西省", "province"),
            ("changzhi", "长治市", "city"),
            ("xiangyuan", "襄垣县", "county"),
            ("xiangyuan-chaoyang", "朝阳社区", "community"),
        ],
        issuer="",
        issued_date=None,
        position=4,
        domain=("社区政务", "shequ-zhengwu"),
        scanned=True,
        provenance=(
            "本目录的文字由扫描件识别录入，发布机构和日期原文未载。"
            "每页重复的标题和表头已跳过；公开层级为县级、乡镇、社区三列，无公开对象和公开方式列。"
            "朝阳社区所属街道（乡镇）原文未载，行政区划直接挂在襄垣县下。"
            "“社区政务”不是国务院试点领域，作为非标准领域收录。"
        ),
    ),
}

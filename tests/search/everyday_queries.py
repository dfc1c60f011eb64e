"""What citizens type, and which seed items answer it: the everyday-query set.

Written by reading the seed texts (fixtures/sources/*.txt, fixtures/*.json), not by running
the search. Each query names the items a citizen would want as fragments of their names
(一级/二级/三级事项, joined by spaces) or, written "内容:…", of their content.

A query is *useful* when one of the first USEFUL_WITHIN results that the search page lists
is an expected item: a citizen reads the top of the list, not the whole of it.

Used by tests/search/test_everyday_queries.py (SQLite and PostgreSQL) and by
bench/everyday_queries.py, which prints how many are useful on a database.
"""

from dataclasses import dataclass

USEFUL_WITHIN = 5


@dataclass(frozen=True)
class Everyday:
    q: str
    kind: str  # literal, abbreviation, compound, traditional, formal, sentence
    expected: tuple[str, ...]

    def expects(self, item) -> bool:
        names = " ".join(part for part in (item.level1, item.level2, item.level3) if part)
        for fragment in self.expected:
            if fragment.startswith("内容:"):
                if fragment.removeprefix("内容:") in item.content:
                    return True
            elif fragment in names:
                return True
        return False


def Q(q, kind, *expected):  # noqa: N802 - reads like a table row
    return Everyday(q, kind, tuple(expected))


DIBAO = "最低生活保障"

QUERIES = [
    # --- literal: the catalogue's own words (these should work already) ---
    Q("最低生活保障", "literal", DIBAO),
    Q("临时救助", "literal", "临时救助"),
    Q("特困人员", "literal", "特困人员"),
    Q("居住证", "literal", "居住证"),
    Q("身份证", "literal", "居民身份证"),
    Q("工伤", "literal", "工伤"),
    Q("失业保险金", "literal", "失业保险金申领"),
    Q("退休", "literal", "退休"),
    Q("危房改造", "literal", "危房"),
    Q("独生子女", "literal", "独生子女"),
    Q("残疾人补贴", "literal", "残疾人补贴"),
    Q("创业担保贷款", "literal", "创业担保贷款"),
    Q("高龄津贴", "literal", "老年人补贴"),
    Q("出生登记", "literal", "出生登记"),
    # --- abbreviations and everyday words (the synonym table) ---
    Q("低保", "abbreviation", DIBAO),
    Q("社保", "abbreviation", "社会保险"),
    Q("社保卡", "abbreviation", "社会保障卡"),
    Q("医保", "abbreviation", "医疗保险"),
    Q("失业金", "abbreviation", "失业保险金申领"),
    Q("养老金", "abbreviation", "养老保险待遇"),
    Q("高龄补贴", "abbreviation", "老年人补贴"),
    Q("五保", "abbreviation", "特困人员"),
    Q("计生", "abbreviation", "计划生育"),
    Q("户籍", "abbreviation", "户口登记", "出生登记", "迁移登记", "注销登记"),
    Q("户口", "abbreviation", "户口登记", "出生登记", "迁移登记", "注销登记"),
    Q("新农保", "abbreviation", "城乡居民养老保险", "城乡居民基本养老保险"),
    Q("退伍军人", "abbreviation", "军地养老保险"),
    # --- compounds: a known word plus 户/金/费/证/… ---
    Q("低保户", "compound", DIBAO),
    Q("低保金", "compound", DIBAO),
    Q("低保证", "compound", DIBAO),
    Q("五保户", "compound", "特困人员"),
    Q("特困户", "compound", "特困人员"),
    Q("残疾证", "compound", "残疾人补贴"),
    Q("社保费", "compound", "社会保险缴费"),
    Q("医保费", "compound", "代缴基本医疗保险费"),
    Q("丧葬费", "compound", "丧葬补助金"),
    Q("独生子女费", "compound", "独生子女"),
    Q("暂住证", "compound", "暂住登记"),
    Q("失业证", "compound", "就业失业登记"),
    Q("临时救助金", "compound", "临时救助"),
    Q("伤残金", "compound", "伤残待遇"),
    # --- traditional characters (Hong Kong, Taiwan, older documents, some input methods) ---
    Q("戶口", "traditional", "户口登记", "出生登记", "迁移登记", "注销登记"),
    Q("低保戶", "traditional", DIBAO),
    Q("社會保險", "traditional", "社会保险"),
    Q("身份證", "traditional", "居民身份证"),
    Q("殘疾人補貼", "traditional", "残疾人补贴"),
    Q("臨時救助", "traditional", "临时救助"),
    Q("失業保險金", "traditional", "失业保险金申领"),
    Q("養老保險", "traditional", "养老保险"),
    Q("醫療保險", "traditional", "医疗保险"),
    Q("農村危房改造", "traditional", "危房"),
    Q("工傷", "traditional", "工伤"),
    Q("居住證", "traditional", "居住证"),
    # --- the formal wording finds items that use the everyday one, and the reverse ---
    Q("社会保障卡", "formal", "社会保障卡"),
    Q("特困人员救助供养", "formal", "特困人员"),
    # --- long questions and phrases: split into known words ---
    Q("我想申请低保需要什么材料", "sentence", DIBAO),
    Q("怎么办理居住证", "sentence", "居住证申领"),
    Q("身份证丢了怎么补办", "sentence", "居民身份证换、补领", "补领居民身份证", "临时居民身份证"),
    Q("失业了怎么领失业金", "sentence", "失业保险金申领"),
    Q("老人高龄补贴怎么领", "sentence", "老年人补贴"),
    Q("孩子上户口", "sentence", "出生登记"),
    Q("社保卡丢了", "sentence", "社会保障卡挂失"),
    Q("危房改造补助多少钱", "sentence", "资金补助标准"),
    Q("残疾人有什么补贴", "sentence", "残疾人补贴"),
    Q("农村危房改造申请条件", "sentence", "对象申请条件"),
    Q("高校毕业生就业见习", "sentence", "就业见习补贴申领"),
    Q("工伤保险待遇申领", "sentence", "工伤保险待遇", "伤残待遇申领", "工亡补助金"),
    Q("怎么查社保缴费记录", "sentence", "缴费记录查询", "个人权益"),
    Q("食品安全投诉", "sentence", "食品药品投诉举报"),
]

# Nothing in the seed catalogues answers these: the page must say so, not show something else.
# (廉租房 is urban low-rent housing, now 公共租赁住房; the seeds have only 农村危房改造 and
# disaster rebuilding, which are not it.)
UNANSWERED = ["廉租房"]

"""Reviewed word lists for retrying a search that found nothing (catalog/search/relax.py).

Each entry says why it is there. The lists only ever apply to a query that found nothing:
a query with results is never changed.
"""

# Endings that citizens add to the name of a benefit or a service, and that the catalogues
# do not print after it. A term ending in one of these (and at least two characters long
# without it) is retried without it: 低保户 -> 低保, 残疾证 -> 残疾. Longest first.
SUFFIXES = [
    ("人员", "低保人员、特困人员：目录多写“对象”“名单”，或只写事项名"),
    ("对象", "低保对象：目录写“低保对象名单”“救助对象”，但也常只写事项名"),
    ("名单", "低保名单：目录写“低保对象名单”，“名单”前多一个词"),
    ("政策", "低保政策：目录写“政策法规文件”“资助政策”，事项名在前、中间隔开"),
    ("标准", "低保标准：目录写“最低生活保障标准”“补助标准”，常与事项名隔开"),
    ("办理", "居住证办理：目录写“居住证申领”，办理是群众对任何事项的说法"),
    ("申请", "低保申请：目录多把“申请”写在“办理条件、申请材料”等要素里，不紧跟事项名"),
    ("申领", "社保卡申领：同“申请”"),
    ("查询", "社保查询：目录写“缴费记录查询”“应用状态查询”，与简称不相连"),
    ("户", "低保户、五保户、特困户、危房户：指享受该项待遇的家庭，目录写事项名或“对象”"),
    ("金", "低保金、救助金、伤残金：指该项待遇发放的钱，目录写事项名或“补助金”“保险金”"),
    ("费", "社保费、医保费、丧葬费：目录写“缴费”“保险费”“补助金”，或“费”前另有字（保健费）"),
    ("证", "残疾证、暂住证、失业证：证件名，目录写办证的事项（残疾人补贴、暂住登记、失业登记）"),
    ("卡", "医保卡、低保卡：目录写“社会保障卡”或事项名"),
    ("款", "救灾款、补助款：目录写“款物”“资金”"),
]
SUFFIXES.sort(key=lambda entry: len(entry[0]), reverse=True)

# Words found in many 事项 names that say nothing about which 事项 is meant. When a long
# query is split into known words, these still narrow a search with another word
# (怎么办理居住证 -> 办理 居住证), but are never searched alone.
GENERIC_WORDS = {
    "申请": "几乎每个依申请事项都有“申请”",
    "申领": "各类待遇、证件的“申领”",
    "办理": "“办理条件、办理流程”出现在大多数事项的公开内容中",
    "查询": "各类“查询打印”事项",
    "登记": "户籍、社保、就业等多个领域都有“登记”事项",
    "信息": "“审核信息”“动态信息”等，几乎每个目录都有",
    "服务": "“养老保险服务”“公共服务”等一级事项名",
    "管理": "“居住证管理”“隐患管理”等一级事项名",
    "政策": "“政策文件”“政策解读”，每个领域都有",
    "材料": "“申请材料”“办理材料”是公开内容的通用要素",
    "条件": "“办理条件”“申请条件”是公开内容的通用要素",
    "标准": "“补助标准”“评定标准”，多个领域都有",
}

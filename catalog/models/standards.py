"""Controlled vocabularies, as plain data (no Django imports).

The importer maps printed text onto them. The rows were created by the data migration
0002_initial_data, which holds its own copy of these lists (a migration never imports app
code); tests/test_migrations.py checks that the two still agree. Sources: the State
Council's notices listed in docs/design.md.
"""

# The 26 pilot domains of the State Council (国办发〔2019〕54号 etc.): (name, slug, aliases).
STANDARD_DOMAINS: list[tuple[str, str, list[str]]] = [
    ("城乡规划", "chengxiang-guihua", ["自然资源"]),
    ("重大建设项目", "zhongda-jianshe-xiangmu", []),
    ("公共资源交易", "gonggong-ziyuan-jiaoyi", ["公共资源配置"]),
    ("财政预决算", "caizheng-yujuesuan", ["财政预算决算"]),
    ("安全生产", "anquan-shengchan", []),
    ("税收管理", "shuishou-guanli", []),
    ("征地补偿", "zhengdi-buchang", []),
    ("国有土地上房屋征收与补偿", "fangwu-zhengshou-buchang", []),
    ("农村危房改造", "nongcun-weifang-gaizao", []),
    ("环境保护", "huanjing-baohu", ["生态环境"]),
    ("公共文化服务", "gonggong-wenhua-fuwu", []),
    ("扶贫", "fupin", ["乡村振兴"]),
    ("救灾", "jiuzai", ["救灾生产"]),
    ("食品药品监管", "shipin-yaopin-jianguan", []),
    ("城市综合执法", "chengshi-zonghe-zhifa", []),
    ("就业", "jiuye", ["就业创业"]),
    ("社会救助", "shehui-jiuzhu", ["社会救助及福利"]),
    ("养老服务", "yanglao-fuwu", []),
    ("户籍管理", "huji-guanli", []),
    ("涉农补贴", "shenong-butie", []),
    ("医疗卫生", "yiliao-weisheng", ["卫生健康"]),
    ("市政服务", "shizheng-fuwu", []),
    ("公共法律服务", "gonggong-falv-fuwu", []),
    ("义务教育", "yiwu-jiaoyu", []),
    ("社会保险", "shehui-baoxian", []),
    ("保障性住房", "baozhangxing-zhufang", ["住房保障"]),
]

# The 13 standard channels in their official order: (name, slug, aliases as printed).
STANDARD_CHANNELS: list[tuple[str, str, list[str]]] = [
    ("政府网站", "zhengfu-wangzhan", []),
    ("政府公报", "zhengfu-gongbao", []),
    ("两微一端", "liangwei-yiduan", ["政务新媒体"]),
    ("发布会/听证会", "fabuhui-tingzhenghui", ["发布会听证会"]),
    ("广播电视", "guangbo-dianshi", ["广播电视台"]),
    ("纸质媒体", "zhizhi-meiti", ["纸质传媒"]),
    ("公开查阅点", "gongkai-chayuedian", []),
    ("政务服务中心", "zhengwu-fuwu-zhongxin", ["政务服务大厅", "行政服务中心"]),
    ("便民服务站", "bianmin-fuwuzhan", []),
    ("入户/现场", "ruhu-xianchang", []),
    ("社区/企事业单位/村公示栏（电子屏）", "gongshilan", ["社区/企事业单位/公示栏（电子屏）"]),
    ("精准推送", "jingzhun-tuisong", []),
    ("其他", "qita", []),
]

# 公开层级, normalised: (name, code).
LEVELS: list[tuple[str, str]] = [
    ("省级", "province"),
    ("市级", "city"),
    ("县级", "county"),
    ("乡镇级", "township"),
    ("村（社区）级", "village"),
]

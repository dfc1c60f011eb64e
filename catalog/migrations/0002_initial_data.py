"""The data a new portal starts with, written out as it was when the history was squashed:
the controlled vocabularies (26 standard domains, 13 channels, 5 levels), the staff groups
with their permissions, and the reviewed seed list of search synonyms.

Literal data, no app code: later edits to catalog/models/standards.py or
catalog/services/roles.py do not change what this migration did (tests/test_migrations.py
checks that the rows it creates still match them). Safe to run on a database that already
has the rows: everything is created or updated by its natural key.
"""

from django.db import migrations

# (name, slug, aliases): the State Council's 26 pilot domains (国办发〔2019〕54号 etc.).
STANDARD_DOMAINS = [
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

# (name, slug, aliases as printed): the 13 standard channels in their official order.
STANDARD_CHANNELS = [
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

# (name, code): 公开层级.
LEVELS = [
    ("省级", "province"),
    ("市级", "city"),
    ("县级", "county"),
    ("乡镇级", "township"),
    ("村（社区）级", "village"),
]

# Staff group -> codenames of catalog permissions.
GROUP_PERMISSIONS = {
    "编辑": [
        "view_item",
        "change_item",
        "view_reviewitem",
        "change_reviewitem",
        "view_catalogue",
        "view_section",
        "view_contentelement",
        "add_contentelement",
        "change_contentelement",
        "delete_contentelement",
        "view_itemlegalbasis",
        "add_itemlegalbasis",
        "change_itemlegalbasis",
        "delete_itemlegalbasis",
        "view_itempublisher",
        "add_itempublisher",
        "change_itempublisher",
        "delete_itempublisher",
        "view_itemchannel",
        "add_itemchannel",
        "change_itemchannel",
        "delete_itemchannel",
        "view_region",
        "view_domain",
        "view_channel",
        "view_level",
        "view_legalbasis",
        "view_legalbasisalias",
        "view_organisation",
    ],
    "审核": [
        "view_item",
        "change_item",
        "view_reviewitem",
        "change_reviewitem",
        "view_catalogue",
        "view_section",
        "view_contentelement",
        "add_contentelement",
        "change_contentelement",
        "delete_contentelement",
        "view_itemlegalbasis",
        "add_itemlegalbasis",
        "change_itemlegalbasis",
        "delete_itemlegalbasis",
        "view_itempublisher",
        "add_itempublisher",
        "change_itempublisher",
        "delete_itempublisher",
        "view_itemchannel",
        "add_itemchannel",
        "change_itemchannel",
        "delete_itemchannel",
        "view_region",
        "view_domain",
        "view_channel",
        "view_level",
        "view_legalbasis",
        "view_legalbasisalias",
        "view_organisation",
        "publish_item",
        "review_item",
        "upload_catalogue",
        "view_importrun",
    ],
    "审计": [
        "view_item",
        "view_reviewitem",
        "view_catalogue",
        "view_section",
        "view_importrun",
        "view_staffscope",
        "view_contentelement",
        "view_itemlegalbasis",
        "view_itempublisher",
        "view_itemchannel",
        "view_region",
        "view_domain",
        "view_channel",
        "view_level",
        "view_legalbasis",
        "view_legalbasisalias",
        "view_organisation",
        "view_all_regions",
    ],
}

# (term, expansions, why): reviewed against the catalogue texts; staff maintain them afterwards.
SEED_SYNONYMS = [
    (
        "低保",
        ["最低生活保障"],
        "低保即城乡居民最低生活保障。原文：000 第79–83行 事项名“最低生活保障”，第83行“低保对象名单”；002 第43行；004 第24行。",
    ),
    (
        "社保",
        ["社会保险"],
        "社保通常指社会保险（000 第(八)部分、001 全文“社会保险领域”）。不扩展为“社会保障”：它出现在每个“人力资源和社会保障局”的公开主体中，会把几乎全部人社事项都带出来。",
    ),
    ("社保卡", ["社会保障卡"], "社保卡即社会保障卡。原文：000 第231行等“社会保障卡管理部门”。"),
    (
        "医保",
        ["医疗保险", "医疗保障"],
        "医保指基本医疗保险，亦指医疗保障部门。原文：000 第222行、001 第87行“代缴基本医疗保险费”；004 第17行“医疗保险补贴”。“医疗保障”在种子目录中尚无出现，为医疗保障局（2018年机构改革后名称）相关目录保留。",
    ),
    ("户口", ["户籍"], "户口与户籍同义。原文：000 第47行“户籍管理领域”，其事项依据为《户口登记条例》。"),
    (
        "五保",
        ["特困人员"],
        "农村五保供养已并入特困人员救助供养（《社会救助暂行办法》2014年；《国务院关于进一步健全特困人员救助供养制度的意见》国发〔2016〕14号），目录中已不再出现“五保”。原文：000 第84–88行、002 第43、48行“特困人员救助供养”。",
    ),
    (
        "残补",
        ["残疾人补贴", "残疾人生活补贴", "残疾人护理补贴"],
        "残补指残疾人两项补贴（困难残疾人生活补贴、重度残疾人护理补贴）。原文：002 第47行；004 第17行“残疾人补贴”。注意：原词“残补”恰是“伤残补助金”的子串（000 第211行、001 第76行，工伤保险），按原词命中的这些事项排在前面。",
    ),
    ("计生", ["计划生育"], "计生即计划生育。原文：004“独生子女父母计划生育奖励”。"),
    (
        "农保",
        ["居民养老保险", "居民基本养老保险"],
        "新型农村社会养老保险（新农保）已并入城乡居民基本养老保险（国发〔2014〕8号）。原文：000、001“城乡居民养老保险参保登记”“城乡居民基本养老保险关系转移接续”。",
    ),
    ("新农保", ["居民养老保险", "居民基本养老保险"], "同“农保”。"),
    ("养老金", ["养老保险待遇"], "养老金即养老保险待遇。原文：000、001“城乡居民养老保险待遇申领”。"),
    ("失业金", ["失业保险金"], "失业金即失业保险金。原文：000“失业保险金”。"),
    ("高龄补贴", ["高龄津贴"], "高龄补贴即高龄津贴。原文：000 第97行“高龄津贴”。"),
    ("退伍", ["退役"], "“退伍军人”现称“退役军人”。原文：000、001“军人退役基本养老保险”。"),
]


def create_vocabulary(apps, schema_editor):
    Domain = apps.get_model("catalog", "Domain")
    Channel = apps.get_model("catalog", "Channel")
    Level = apps.get_model("catalog", "Level")
    for position, (name, slug, aliases) in enumerate(STANDARD_DOMAINS, start=1):
        Domain.objects.update_or_create(
            slug=slug, defaults={"name": name, "aliases": aliases, "is_standard": True, "position": position}
        )
    for position, (name, slug, aliases) in enumerate(STANDARD_CHANNELS, start=1):
        Channel.objects.update_or_create(slug=slug, defaults={"name": name, "aliases": aliases, "position": position})
    for position, (name, code) in enumerate(LEVELS, start=1):
        Level.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"缺少权限：{sorted(missing)}")
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


def seed_synonyms(apps, schema_editor):
    Synonym = apps.get_model("catalog", "Synonym")
    for term, expansions, note in SEED_SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"expansions": "\n".join(expansions), "note": note})


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_vocabulary, migrations.RunPython.noop),
        migrations.RunPython(create_groups, delete_groups),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]

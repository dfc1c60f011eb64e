"""Demo staff accounts for local development (`make run`): never for production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from catalog.models import Region, StaffScope
from catalog.services import roles

# Dev-only credentials, printed in the README. The command refuses to run with DEBUG off.
DEMO_USERS = (
    ("demo-editor", "demo-editor-pass", roles.EDITOR, "编辑（示例）"),
    ("demo-reviewer", "demo-reviewer-pass", roles.REVIEWER, "审核（示例）"),
    ("demo-auditor", "demo-auditor-pass", roles.AUDITOR, "审计（示例）"),
)
DEFAULT_REGION = "阿尔山市"


class Command(BaseCommand):
    help = "创建演示用的编辑、审核、审计账号（仅限开发环境，DEBUG 关闭时拒绝运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", default=DEFAULT_REGION, help=f"编辑和审核负责的区划（名称或代码），默认 {DEFAULT_REGION}"
        )

    def handle(self, *args, region, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG 已关闭：演示账号的密码是公开的，不能在生产环境创建。")
        roles.ensure_groups(Group, Permission)
        scope_region = Region.objects.filter(name=region).first() or Region.objects.filter(code=region).first()
        if scope_region is None:
            self.stdout.write(
                self.style.WARNING(
                    f"未找到区划“{region}”：编辑和审核账号暂无负责范围，可在后台“工作人员权限范围”中指定。"
                )
            )
        User = get_user_model()
        for username, password, group_name, label in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": label})
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            if group_name != roles.AUDITOR and scope_region is not None:
                scope, _ = StaffScope.objects.get_or_create(user=user)
                scope.regions.set([scope_region])
            where = f"，负责 {scope_region}" if group_name != roles.AUDITOR and scope_region else ""
            self.stdout.write(f"{'已创建' if created else '已更新'} {label}：{username} / {password}{where}")
        self.stdout.write(self.style.SUCCESS("登录地址：/admin/（仅供开发演示，请勿用于生产环境）"))

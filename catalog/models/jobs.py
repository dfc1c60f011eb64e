"""Background jobs staff started (upload previews, imports, big exports): what, whose, how far."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .vocabulary import Region


def keep_for() -> datetime.timedelta:
    """A job finished (or silent) for longer than this is deleted (catalog.services.jobs.prune)."""
    return datetime.timedelta(days=getattr(settings, "JOB_KEEP_DAYS", 30))


def stale_after() -> datetime.timedelta:
    """A running job with no sign of life for this long is shown as 中断 (its worker died)."""
    return datetime.timedelta(minutes=getattr(settings, "JOB_STALE_MINUTES", 10))


class JobQuerySet(models.QuerySet):
    def visible_to(self, user, *, region_ids: list[int] | None):
        """The user's own jobs and those of the regions in their scope (`region_ids`, None: all)."""
        if region_ids is None:
            return self
        return self.filter(Q(created_by_id=user.pk) | Q(region_id__in=region_ids))

    def stale(self):
        return self.filter(state=Job.State.RUNNING, updated_at__lt=timezone.now() - stale_after())

    def waiting_for(self, user):
        """The user's jobs still queued or running (not 中断)."""
        active = Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, updated_at__gte=timezone.now() - stale_after())
        return self.filter(active, created_by_id=user.pk)

    def expired(self, *, now=None):
        """Jobs nothing has been heard of for keep_for(): finished, or running with a dead worker.
        A queued job is never expired: it has not run yet."""
        cutoff = (now or timezone.now()) - keep_for()
        return self.filter(updated_at__lt=cutoff).exclude(state=Job.State.QUEUED)


class Job(models.Model):
    """One piece of heavy work run by a task worker (catalog.services.jobs), and its outcome.

    The id is a random UUID, so a job's address cannot be guessed. `params` are the job's
    inputs as its kind reads them; `result` is what the job page shows when it is done;
    `error` is a Chinese message for staff, never a traceback (that stays in the worker's log
    and the task backend's record)."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类型", max_length=40)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("总量", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="区划",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="负责该区划的工作人员可查看此任务",
    )
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    attempt = models.PositiveSmallIntegerField("第几次运行", default=1)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    updated_at = models.DateTimeField("最近更新", default=timezone.now)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_by_user_idx")]

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running, but nothing heard from its worker for longer than stale_after(): 中断."""
        return self.state == self.State.RUNNING and self.updated_at < timezone.now() - stale_after()

    @property
    def state_label(self) -> str:
        return "中断" if self.is_stale else self.get_state_display()

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, 100 * self.progress_done // self.progress_total)

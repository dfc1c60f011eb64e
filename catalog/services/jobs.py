"""Heavy work off the request path: a Job row staff can watch, run by a Django task worker.

A face registers a kind of job once (`register(JobKind(...))`, at import time), then
`enqueue(kind=..., params=..., by=user, region=...)` records a Job and hands its id to the
task backend (settings.TASKS: django-tasks' database backend, run by `manage.py db_worker`).
The worker calls the kind's `run(job, progress)`, which returns the JSON-safe result shown on
the job page, or raises JobFailed with a Chinese message for staff. Any other exception
fails the job with the kind's `failure` message; the traceback goes to the log and to the
task backend's own record, never to the page.

Progress: `progress(done, total)` (the importers' callback signature) and
`progress.stage("说明")`; see Progress for how it reaches the job page from inside a long
transaction, and the heartbeat that tells a live job from one whose worker died.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from catalog.models import Job
from catalog.models.jobs import keep_for

logger = logging.getLogger(__name__)

FAILURE = "任务运行时出现内部错误，已停止。请点“重新运行”；如仍失败，请联系管理员并告知任务编号。"


class JobFailed(Exception):
    """The job cannot do what was asked; the message (Chinese) is shown to staff as it is."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # Chinese, for the job page and list
    run: Callable[[Job, Progress], dict]
    template: str = ""  # renders `job.result` on the job page (context: job, result, request's user)
    context: Callable[[Job, object], dict] | None = None  # extra context for `template`: (job, request)
    # The job's own page outside the admin, if the request's user may open it: (link text, url).
    page: Callable[[Job, object], tuple[str, str] | None] | None = None
    failure: str = FAILURE


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def kind_of(job: Job) -> JobKind | None:
    return KINDS.get(job.kind)


class TooManyJobs(JobFailed):
    """The user already has JOBS_MAX_WAITING_PER_USER jobs waiting: refused before anything is kept."""


def check_room(user, *, then: str = "提交新文件") -> None:
    """Refuse new work (an uploaded file, a long admin export) while its user has
    JOBS_MAX_WAITING_PER_USER jobs queued or running: one account posting in a loop would
    otherwise keep the workers (and the machine they share with the site) busy for everyone.
    `then` says in the message what the user may do once they are done."""
    limit = int(getattr(settings, "JOBS_MAX_WAITING_PER_USER", 3))
    if getattr(user, "is_authenticated", False) and Job.objects.waiting_for(user).count() >= limit:
        raise TooManyJobs(f"您已有 {limit} 个任务在排队或运行：请等它们完成后再{then}。")


def enqueue(*, kind: str, params: dict, by=None, region=None) -> Job:
    """Record a job and queue it for a worker; returns at once with the job (state 排队中)."""
    if kind not in KINDS:
        raise LookupError(f"未登记的任务类型：{kind}")
    job = Job.objects.create(kind=kind, params=params, created_by=by, region=region, message="排队中，等待后台进程处理")
    _queue(job)
    return job


def retry(*, job: Job) -> Job:
    """Run a failed or interrupted (中断) job again, as a new attempt; an older attempt that
    is in fact still running can no longer write its outcome."""
    if not (job.state == Job.State.FAILED or job.is_stale):
        raise JobFailed("只有失败或中断的任务可以重新运行。")
    job.attempt += 1
    job.state, job.error, job.result = Job.State.QUEUED, "", None
    job.progress_done = job.progress_total = 0
    job.message, job.started_at, job.finished_at = "排队中，等待后台进程处理", None, None
    job.updated_at = timezone.now()
    job.save()
    _queue(job)
    return job


def _queue(job: Job) -> None:
    result = run_job.enqueue(str(job.pk), job.attempt)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def prune(*, now=None) -> int:
    """Delete the jobs finished more than JOB_KEEP_DAYS ago (and those whose worker died as
    long ago), and the task backend's own records of tasks finished as long ago (what
    django-tasks-db's `manage.py prune_db_task_results` deletes); returns how many jobs.
    Each job runs it first, as the export job first deletes the export files past
    EXPORT_FILE_HOURS."""
    deleted, _ = Job.objects.expired(now=now).delete()
    cutoff = (now or timezone.now()) - keep_for()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


def status(job: Job) -> dict:
    """What a job page polls (JSON): enough to redraw the progress and know when to reload."""
    return {
        "state": job.state,
        "state_label": job.state_label,
        "finished": job.is_finished,
        "stale": job.is_stale,
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
    }


def json_safe(value):
    """Dates, decimals and dict keys as JSON has them (what the job page reads back)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@task()
def run_job(job_id: str, attempt: int) -> None:
    """The one task: run job `job_id` (its attempt `attempt`) with its kind's function."""
    this = Job.objects.filter(pk=job_id, attempt=attempt)
    now = timezone.now()
    started = {"state": Job.State.RUNNING, "started_at": now, "updated_at": now, "message": "开始运行"}
    if not this.filter(state=Job.State.QUEUED).update(**started):
        return  # run already, or retried since
    job = this.select_related("created_by", "region").get()
    kind = kind_of(job)
    progress = Progress(job)
    try:
        prune()
        if kind is None:
            raise JobFailed(f"未知的任务类型“{job.kind}”：请升级后台进程后重新运行。")
        result = kind.run(job, progress)
    except JobFailed as error:
        this.update(state=Job.State.FAILED, error=str(error), **_finished(progress))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        this.update(state=Job.State.FAILED, error=kind.failure if kind else FAILURE, **_finished(progress))
        raise
    else:
        this.update(state=Job.State.DONE, result=json_safe(result), **_finished(progress))
    finally:
        progress.close()


def _finished(progress: Progress) -> dict:
    """The outcome's timestamps, and the last progress (made inside a transaction on SQLite)."""
    now = timezone.now()
    return {
        "finished_at": now,
        "updated_at": now,
        "progress_done": progress.done,
        "progress_total": progress.total,
        "message": progress.message,
    }


class Progress:
    """A job's progress, written at most every `interval` seconds (always the last step).

    On PostgreSQL a heartbeat thread, with a database connection of its own, also writes the
    latest progress and `updated_at` every `heartbeat` seconds: progress made inside a long
    transaction shows at once (the worker's own connection cannot show it before the commit),
    and a job whose worker died stops beating and shows as 中断 after JOB_STALE_MINUTES, however
    long a silent step of a live job takes. SQLite allows one writer at a time, so there the
    progress made inside a transaction is written when it ends, and there is no heartbeat."""

    def __init__(self, job: Job, *, interval: float = 0.5, heartbeat: float = 15.0):
        self.job_id, self.attempt, self.interval, self.heartbeat = job.pk, job.attempt, interval, heartbeat
        self.message, self.done, self.total = "", 0, 0
        self.written_at = 0.0
        self.base_depth = len(connection.atomic_blocks)  # a test's own transaction, if any
        self.pending = threading.Event()  # progress the heartbeat thread is to write
        self.stopped = threading.Event()
        self.thread = None
        if connection.vendor == "postgresql":
            self.thread = threading.Thread(target=self._beat, name=f"job-{job.pk}", daemon=True)
            self.thread.start()

    def stage(self, message: str, total: int = 0) -> None:
        """A new step of the work ("读取文件"), its amount of work if known."""
        self.message, self.done, self.total = message[:200], 0, total
        self._write(force=True)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self._write(force=done >= total)

    def _mine(self):
        return Job.objects.filter(pk=self.job_id, attempt=self.attempt, state=Job.State.RUNNING)

    def _values(self) -> dict:
        return {
            "progress_done": self.done,
            "progress_total": self.total,
            "message": self.message,
            "updated_at": timezone.now(),
        }

    def _write(self, *, force: bool) -> None:
        if not force and time.monotonic() - self.written_at < self.interval:
            return
        if len(connection.atomic_blocks) <= self.base_depth:
            self._mine().update(**self._values())
        elif self.thread is not None:
            self.pending.set()
        else:
            return  # SQLite, inside a transaction: written after it
        self.written_at = time.monotonic()

    def _beat(self) -> None:
        """The heartbeat thread (its own connection, autocommit)."""
        beat_at = time.monotonic()
        try:
            while not self.stopped.wait(min(self.interval, self.heartbeat)):
                if self.pending.is_set() or time.monotonic() - beat_at >= self.heartbeat:
                    self.pending.clear()
                    self._mine().update(**self._values())
                    beat_at = time.monotonic()
        except Exception:
            logger.exception("job %s: heartbeat stopped", self.job_id)
        finally:
            connection.close()  # this thread's

    def close(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=10)

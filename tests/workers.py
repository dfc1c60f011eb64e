"""Running queued background jobs in a test, with the task worker that production runs."""

from unittest import mock


def run_queued_jobs() -> None:
    """What `manage.py db_worker --batch` does: run every queued task, then return.

    The worker class itself, in this process and inside this test's database transaction. Two
    things of the command are left out, as Django's test client leaves them out for requests:
    its signal handlers (they would replace pytest's) and close_old_connections (outside
    autocommit, i.e. inside the test's transaction, it closes the connection)."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()

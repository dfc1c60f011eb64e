"""A large catalogue through the admin upload, as background jobs: time and the worker's memory.

    .venv/bin/python -m bench.upload_job_bench                    # 20,000 rows, PostgreSQL db upload_job_bench
    .venv/bin/python -m bench.upload_job_bench --rows 5000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python -m bench.upload_job_bench

Makes an official-layout XLSX of N rows (bench/import_bench.py's table: the seed and corpus items
cycled and renumbered), starts gunicorn (DEBUG=0) and one `manage.py db_worker` on an empty
database (dropped and created), then as a logged-in staff member: POSTs the file to
/admin/catalog/importrun/upload/, polls the job's status JSON once a second (printing each new
progress message, so the progress made inside the import's transaction shows), POSTs 确认导入 and
polls the import job the same way. Prints how long each request took to return, each job's wall
time, and the worker's peak RSS (VmHWM) after the preview and after the import.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.hostile import PY, env, manage
from bench.import_bench import setup_django, table, write_file

BASE = Path(__file__).resolve().parent.parent
PORT = 8431


def request(method, path, session, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Cookie": f"sessionid={session}", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def post(path, session, fields, file=None) -> tuple[int, str]:
    """A form POST as the browser sends it (multipart with a file); (status, Location)."""
    token, boundary = secrets.token_hex(32), "bench" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in {**fields, "csrfmiddlewaretoken": token}.items()
    ]
    if file:
        name, data = file
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "Referer": f"http://127.0.0.1:{PORT}{path}",
    }
    status, response_headers, _ = request("POST", path, session, body=body, headers=headers)
    return status, response_headers.get("Location", "")


def job_id(location: str) -> str:
    return location.rstrip("/").rsplit("/", 1)[-1]


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def follow(job: str, session: str) -> tuple[dict, float]:
    """Poll the job's status until it finishes; print each new message with its progress."""
    started, last = time.monotonic(), None
    while True:
        status = json.loads(request("GET", f"/admin/catalog/job/{job}/status/", session)[2])
        line = f"{status['message']} {status['done']}/{status['total']}" if status["total"] else status["message"]
        if line != last:
            print(f"    {time.monotonic() - started:7.1f}s  {status['state_label']}  {line}")
            last = line
        if status["finished"] or status["stale"]:
            return status, time.monotonic() - started
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    url = env()["DATABASE_URL"].rsplit("/", 1)[0] + "/upload_job_bench"
    extra = {"DATABASE_URL": url, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "MEDIA_ROOT": "/tmp/bench-upload-media"}
    name = url.rsplit("/", 1)[1]
    admin_db = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_db, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin_db, "-qc", f"CREATE DATABASE {name}"], check=True)
    manage("migrate", "--noinput", **extra)
    code = (
        "from django.contrib.auth import get_user_model; from django.contrib.sessions.backends.db import SessionStore;"
        "from catalog.models import Region; r = Region.objects.create(code='bench', name='基准测试县', level='county');"
        "u = get_user_model().objects.create_superuser('bench', 'b@example.gov.cn', 'x-' * 10);"
        "s = SessionStore(); s['_auth_user_id'] = str(u.pk);"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key, r.pk)"
    )
    session, region = manage("shell", "-c", code, **extra).stdout.strip().splitlines()[-1].split()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench-{args.rows}.xlsx"
        setup_django("sqlite:///:memory:")  # the rows come from the importer (no queries)
        write_file(table(args.rows), "xlsx", path)
        data = path.read_bytes()
    print(f"{args.rows} rows, XLSX {len(data) / 1024:.0f} KB; database {url}; load average {_load()}")

    gunicorn = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"],
        cwd=BASE,
        env=env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "--verbosity", "0"],
        cwd=BASE,
        env=env(**extra),
    )
    try:
        for _ in range(100):
            try:
                if request("GET", "/healthz", session)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        fields = {"title": "基准测试目录", "slug": "bench-upload", "region": region}
        t0 = time.monotonic()
        status, location = post("/admin/catalog/importrun/upload/", session, fields, (path.name, data))
        print(f"upload POST returned {status} in {time.monotonic() - t0:.2f}s -> {location}")
        if "/admin/catalog/job/" not in location:
            raise SystemExit("the upload did not start a job")
        preview, took = follow(job_id(location), session)
        print(
            f"  preview job {preview['state_label']} in {took:.1f}s; worker peak RSS {peak_rss_mb(worker.pid):.0f} MB"
        )
        if preview["state"] != "done":
            raise SystemExit(f"preview failed: {preview['error']}")

        t0 = time.monotonic()
        status, location = post("/admin/catalog/importrun/upload/", session, {"confirm": "1", "job": job_id(location)})
        print(f"confirm POST returned {status} in {time.monotonic() - t0:.2f}s -> {location}")
        imported, took = follow(job_id(location), session)
        print(
            f"  import job {imported['state_label']} in {took:.1f}s; worker peak RSS {peak_rss_mb(worker.pid):.0f} MB"
        )
        if imported["state"] != "done":
            raise SystemExit(f"import failed: {imported['error']}")
        print(f"load average {_load()}")
    finally:
        for proc in (worker, gunicorn):
            proc.terminate()
            proc.wait(timeout=60)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())

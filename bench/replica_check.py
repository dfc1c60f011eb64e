"""The scale-out path, exercised: a real PostgreSQL streaming replica behind portal/db_router.py.

    .venv/bin/python -m bench.replica_check                 # primary 127.0.0.1:5432, replica :5433
    .venv/bin/python -m bench.replica_check --keep          # leave replica and database for a look
    .venv/bin/python -m bench.replica_check --cleanup       # only remove what a --keep run left

What it does, and checks (each line of the report is one check, PASS or FAIL; exit status 1 if
any failed):

1. Makes a hot-standby replica of the primary with `pg_basebackup -R -X stream` into
   /tmp/portal-replica-pg, port 5433 (bench/pgcluster.py), starts it and checks that the primary
   lists it as streaming. The primary is only read from, plus one database, `replica_check`,
   created after the replica started (so it reaches the replica by streaming) and dropped at
   the end. Nothing is restarted or reconfigured on the primary.
2. Migrates that database and loads the seed catalogues on the primary, makes a staff user,
   and starts gunicorn with production settings, DATABASE_URL = primary and
   DATABASE_REPLICA_URL = replica, no page cache.
3. Pauses WAL replay on the replica, so the replica keeps the old data while the primary moves on.
   A staff member signs in and edits an item's name through the admin change form (a write: it
   can only succeed on the primary, the replica is read-only), then sees the new name on the
   public item page and in the admin list at once (read-your-writes), while an anonymous visitor
   still gets the old name: their read came from the replica. Replay is resumed and the
   anonymous page shows the new name within the time printed.
4. Stops the replica: anonymous home, item, domain and search pages keep answering 200 with
   current data (the router reads them from the primary), staff pages too.
5. Starts the replica again: after REPLICA_RETRY_SECONDS, anonymous reads go back to it (shown
   the same way as in 3, with a second edit).
6. With the Redis page cache (db 6, flushed first): replay paused, a staff edit invalidates the
   cache, anonymous visitors get the replica's old page, but it is not stored; once the replica
   has replayed the edit, the new page is served and cached.
7. Cleans up: gunicorn stopped, replica stopped and its directory removed, database dropped.

The primary must accept replication connections from 127.0.0.1 (docs/deploy.md, section 4).
"""

import argparse
import http.client
import re
import secrets
import subprocess
import sys
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.load import BASE_DIR, gunicorn, prepare_database, production_env, save
from bench.pgcluster import Cluster, _psql

PORT = 8413
DATABASE = "replica_check"
REPLICA_DATA = Path("/tmp/portal-replica-pg")
RETRY_SECONDS = 3
STAFF = "replica_check_staff"
REDIS_DB = 6  # bench/pages_bench.py uses 5


# --- a small browser: cookies, forms --------------------------------------------------------


class Browser:
    """One visitor: keeps the cookies the portal sets, sends what a browser behind TLS would."""

    def __init__(self, base: str):
        self.host, self.port = base.removeprefix("http://").split(":")
        self.cookies: dict[str, str] = {}
        self.page_cache = ""  # X-Page-Cache of the last response: hit, miss (stored) or empty

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None):
        path = quote(path, safe="/?=&%")
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        origin = f"https://{self.host}:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in ('""', "") or "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        conn.close()
        self.page_cache = response.getheader("X-Page-Cache", "")
        return response.status, text, response.getheader("Location", ""), elapsed

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value") or "on"))
                return
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.fields


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- the check ------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.checks: list[tuple[bool, str]] = []

    def check(self, ok: bool, text: str) -> bool:
        self.checks.append((bool(ok), text))
        print(f"{'PASS' if ok else 'FAIL'}  {text}", flush=True)
        return ok

    def note(self, text: str):
        print(f"      {text}", flush=True)


def wait_until(predicate, timeout: float, step: float = 0.05):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


def caught_up(replica: Cluster, primary_lsn: str) -> bool:
    try:
        return replica.psql(f"SELECT pg_last_wal_replay_lsn() >= '{primary_lsn}'::pg_lsn") == "t"
    except subprocess.CalledProcessError:
        return False


def edit_item_name(staff: Browser, item_id: int, new_name: str):
    """Change the item's 一级事项 through the admin change form, as a browser submits it."""
    path = f"/admin/catalog/item/{item_id}/change/"
    status, html, _, _ = staff.get(path)
    if status != 200:
        return status, f"change form answered {status}"
    fields = [(k, v) for k, v in form_fields(html, "item_form") if k != "level1"]
    fields += [("level1", new_name), ("change_reason", "副本检查：工作人员修改"), ("_save", "保存")]
    status, html, location, _ = staff.post(path, fields)
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return status, location or "; ".join(unescape(re.sub(r"<[^>]+>", " ", e)).strip() for e in errors)[:300]


def run(args, report: Report) -> dict:
    host, primary_port = "127.0.0.1", args.primary_port
    primary_url = f"postgres://postgres@{host}:{primary_port}"
    figures: dict = {}

    # 1. the replica ------------------------------------------------------------------------
    print(f"\n== 1. streaming replica of {host}:{primary_port} on :{args.replica_port}")
    wal_level = _psql(host, primary_port, "SHOW wal_level")
    report.check(wal_level in ("replica", "logical"), f"primary wal_level = {wal_level}")
    replica = Cluster(REPLICA_DATA, args.replica_port)
    started = time.perf_counter()
    replica.make_replica_of(host, primary_port, name="portal_replica_check")
    figures["basebackup_s"] = round(time.perf_counter() - started, 2)
    replica.start()
    report.check(replica.psql("SELECT pg_is_in_recovery()") == "t", "replica is a hot standby (pg_is_in_recovery)")
    streaming = wait_until(
        lambda: (
            _psql(
                host,
                primary_port,
                "SELECT state FROM pg_stat_replication WHERE application_name = 'portal_replica_check'",
            )
            == "streaming"
        ),
        timeout=30,
    )
    report.check(streaming is not None, "primary lists the replica in pg_stat_replication, state streaming")
    report.note(f"pg_basebackup + start: {figures['basebackup_s']} s")

    # 2. data on the primary, the portal on both ---------------------------------------------
    print(f"\n== 2. database {DATABASE} on the primary, gunicorn with the replica on :{PORT}")
    _psql(host, primary_port, f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql(host, primary_port, f"CREATE DATABASE {DATABASE}")
    env = production_env(
        f"{primary_url}/{DATABASE}",
        PORT,
        DATABASE_REPLICA_URL=f"postgres://postgres@{host}:{args.replica_port}/{DATABASE}",
        REPLICA_RETRY_SECONDS=str(RETRY_SECONDS),
        WEB_CONCURRENCY="2",
        PAGE_CACHE_SECONDS="0",
        DATA_CACHE_SECONDS="0",
    )
    env.pop("REDIS_URL", None)
    prepare_database(env, items=0)
    password = secrets.token_urlsafe(18)
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", STAFF, "--email", "s@example.org"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
        check=True,
        capture_output=True,
    )
    row = _psql(
        host,
        primary_port,
        "SELECT i.id, i.level1 FROM catalog_item i WHERE i.status = 'published' AND i.level1 <> '' "
        "AND EXISTS (SELECT 1 FROM catalog_itemchannel c WHERE c.item_id = i.id) ORDER BY i.id LIMIT 1",
        db=DATABASE,
    )
    item_id, original = int(row.split("|", 1)[0]), row.split("|", 1)[1]
    lsn = _psql(host, primary_port, "SELECT pg_current_wal_lsn()")
    lag = wait_until(lambda: caught_up(replica, lsn), timeout=60)
    items_on_replica = replica.psql("SELECT count(*) FROM catalog_item", db=DATABASE)
    items_on_primary = _psql(host, primary_port, "SELECT count(*) FROM catalog_item", db=DATABASE)
    report.check(
        lag is not None and items_on_replica == items_on_primary,
        f"the new database reached the replica by streaming: {items_on_replica} items on the replica, "
        f"{items_on_primary} on the primary",
    )

    log = BASE_DIR / "bench" / "results" / "tmp" / f"gunicorn-{PORT}.log"
    log_start = log.stat().st_size if log.exists() else 0
    with gunicorn(env, PORT) as base:
        public, staff = Browser(base), Browser(base)
        status, html, _, _ = staff.get("/admin/login/?next=/admin/")
        status, _, location, _ = staff.post(
            "/admin/login/?next=/admin/",
            [
                ("csrfmiddlewaretoken", csrf_token(html)),
                ("username", STAFF),
                ("password", password),
                ("next", "/admin/"),
            ],
        )
        report.check(status == 302 and location.endswith("/admin/"), f"staff signs in through /admin/login/ ({status})")
        staff_cookies = dict(staff.cookies)
        item_path = f"/items/{item_id}/"
        status, home, _, _ = public.get("/")
        domain_path = next(iter(re.findall(r'href="(/domains/[^"]+/)"', home)), "/")
        pages = ["/", item_path, domain_path, "/search/?q=" + "最低生活保障"]
        report.note(f"pages: {', '.join(pages)}; item {item_id} is named “{original}”")

        def public_sees(name: str) -> bool:
            status, html, _, _ = public.get(item_path)
            return status == 200 and name in html

        def show_reads_follow(step: str, marker: str):
            """Pause replay, edit as staff, compare what staff and the public see, resume."""
            replica.psql("SELECT pg_wal_replay_pause()")
            paused = wait_until(lambda: replica.psql("SELECT pg_get_wal_replay_pause_state()") == "paused", 10)
            report.check(paused is not None, f"{step}: WAL replay paused on the replica")
            before = _psql(host, primary_port, f"SELECT level1 FROM catalog_item WHERE id = {item_id}", db=DATABASE)
            new_name = f"{original}（{marker}）"
            status, detail = edit_item_name(staff, item_id, new_name)
            report.check(
                status == 302,
                f"{step}: staff edit saved through the admin form (a write; the replica is read-only): "
                f"{status} {detail}",
            )
            on_primary = _psql(host, primary_port, f"SELECT level1 FROM catalog_item WHERE id = {item_id}", db=DATABASE)
            on_replica = replica.psql(f"SELECT level1 FROM catalog_item WHERE id = {item_id}", db=DATABASE)
            report.check(
                on_primary == new_name and on_replica == before,
                f"{step}: the primary has the new name, the paused replica still the old one",
            )
            status, html, _, ms = staff.get(item_path)
            report.check(status == 200 and marker in html, f"{step}: staff see their edit at once on {item_path}")
            status, html, _, _ = staff.get(f"/admin/catalog/item/?q={marker}")
            report.check(status == 200 and marker in html, f"{step}: … and in the admin item list")
            status, html, _, _ = public.get(item_path)
            report.check(
                status == 200 and marker not in html and before in html,
                f"{step}: anonymous visitor gets the replica's (old) name on {item_path}: reads go to the replica",
            )
            replica.psql("SELECT pg_wal_replay_resume()")
            seen = wait_until(lambda: public_sees(marker), timeout=30)
            report.check(seen is not None, f"{step}: after replay resumes the anonymous page shows the new name")
            if seen is not None:
                report.note(f"new name visible to anonymous visitors {seen * 1000:.0f} ms after resuming replay")
            return seen

        # 3. reads follow the kind of request ------------------------------------------------
        print("\n== 3. anonymous reads from the replica, staff and writes on the primary")
        for path in pages:
            status, _, _, ms = public.get(path)
            report.check(status == 200, f"anonymous GET {path}: {status} ({ms:.0f} ms)")
        figures["replay_visible_ms"] = round((show_reads_follow("replica up", "副本检查一") or 0) * 1000)

        # 4. the replica stops ----------------------------------------------------------------
        print("\n== 4. replica stopped: pages keep coming, from the primary")
        replica.stop()
        report.check(not replica.is_ready(), "replica stopped (pg_ctl stop -m fast)")
        statuses, times = [], []
        for round_ in range(5):
            for path in pages:
                status, html, _, ms = public.get(path)
                statuses.append(status)
                times.append(ms)
                if path == item_path and round_ == 0:
                    report.check(
                        status == 200 and "副本检查一" in html, "item page shows current data from the primary"
                    )
        report.check(
            all(s == 200 for s in statuses),
            f"{len(statuses)} anonymous requests with the replica down: statuses {sorted(set(statuses))}, "
            f"first {times[0]:.0f} ms, max {max(times):.0f} ms",
        )
        figures["replica_down"] = {"requests": len(statuses), "statuses": sorted(set(statuses)), "max_ms": max(times)}
        status, html, _, _ = staff.get("/admin/catalog/item/")
        report.check(status == 200, f"staff admin list with the replica down: {status}")

        # 5. the replica comes back -----------------------------------------------------------
        print("\n== 5. replica started again: anonymous reads return to it")
        replica.start()
        lsn = _psql(host, primary_port, "SELECT pg_current_wal_lsn()")
        report.check(wait_until(lambda: caught_up(replica, lsn), 60) is not None, "replica restarted and caught up")
        time.sleep(RETRY_SECONDS + 0.5)
        for path in pages:  # every worker tries the replica again after REPLICA_RETRY_SECONDS
            public.get(path)
        figures["replay_visible_after_restart_ms"] = round(
            (show_reads_follow("replica back", "副本检查二") or 0) * 1000
        )
    # 6. the page cache and replication lag ---------------------------------------------------
    print(f"\n== 6. with the Redis page cache (db {REDIS_DB}): a lagging replica does not fill it with old pages")
    cached_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{PORT + 1}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "PAGE_CACHE_SECONDS": "600",
        "DATA_CACHE_SECONDS": "600",
    }
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"],
        cwd=BASE_DIR,
        env=cached_env,
        check=True,
    )
    with gunicorn(cached_env, PORT + 1) as base:
        public, staff = Browser(base), Browser(base)
        staff.cookies = dict(staff_cookies)  # the same session: sessions live in the primary
        item_path = f"/items/{item_id}/"
        public.get(item_path)
        status, html, _, _ = public.get(item_path)
        report.check(status == 200 and public.page_cache == "hit", "anonymous item page is served from the cache")
        before = _psql(host, primary_port, f"SELECT level1 FROM catalog_item WHERE id = {item_id}", db=DATABASE)
        replica.psql("SELECT pg_wal_replay_pause()")
        wait_until(lambda: replica.psql("SELECT pg_get_wal_replay_pause_state()") == "paused", 10)
        marker = "副本检查三"
        status, detail = edit_item_name(staff, item_id, f"{original}（{marker}）")
        report.check(status == 302, f"replay paused, staff edit saved: {status} {detail}")
        status, html, _, _ = staff.get(item_path)
        report.check(status == 200 and marker in html, "staff see their edit at once (never cached pages)")
        stale = []
        for _ in range(3):
            status, html, _, _ = public.get(item_path)
            stale.append((status, marker not in html and before in html, public.page_cache))
        report.check(
            all(s == 200 and old for s, old, _ in stale) and not any(c for _, _, c in stale),
            f"anonymous visitors get the replica's old page, rendered each time and not stored "
            f"(X-Page-Cache: {[c or '-' for _, _, c in stale]})",
        )
        replica.psql("SELECT pg_wal_replay_resume()")
        seen = wait_until(lambda: marker in public.get(item_path)[1], timeout=60, step=0.2)
        report.check(seen is not None, "after replay resumes the anonymous page shows the new name (no stale cache)")
        if seen is not None:
            figures["cached_replay_visible_ms"] = round(seen * 1000)
            report.note(f"new name visible to anonymous visitors {seen * 1000:.0f} ms after resuming replay")
        else:
            report.note(
                "replica: "
                + replica.psql("SELECT pg_get_wal_replay_pause_state(), pg_last_wal_replay_lsn(), now()")
                + f"; primary: {_psql(host, primary_port, 'SELECT pg_current_wal_lsn()')}; "
                + "on the replica: "
                + replica.psql(f"SELECT level1 FROM catalog_item WHERE id = {item_id}", db=DATABASE)
                + f"; page cache: {public.page_cache or '-'}"
            )
        status, html, _, _ = public.get(item_path)
        report.check(
            marker in html and public.page_cache == "hit",
            f"… and from then on it is cached again (X-Page-Cache: {public.page_cache or '-'})",
        )

    with open(log, "rb") as lines:
        lines.seek(log_start)
        warnings = lines.read().decode(errors="replace").count("replica unreachable")
    figures["replica_unreachable_warnings"] = warnings
    report.note(f"gunicorn log: {warnings} 'replica unreachable' warnings (per worker, per try of the stopped replica)")
    return figures


def cleanup(args):
    Cluster(REPLICA_DATA, args.replica_port).remove()
    _psql("127.0.0.1", args.primary_port, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    print(f"removed {REPLICA_DATA} and database {DATABASE}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--primary-port", type=int, default=5432)
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--keep", action="store_true", help="leave the replica and the database")
    parser.add_argument("--cleanup", action="store_true", help="only remove what an earlier --keep run left")
    args = parser.parse_args(argv)
    if args.cleanup:
        return cleanup(args)
    report = Report()
    figures = {}
    try:
        figures = run(args, report)
    finally:
        if not args.keep:
            print("\n== 7. clean-up")
            cleanup(args)
    failed = [text for ok, text in report.checks if not ok]
    print(f"\n{len(report.checks) - len(failed)} of {len(report.checks)} checks passed")
    path = save("replica_check", {"checks": report.checks, "figures": figures, "failed": failed})
    print(f"saved {path.relative_to(BASE_DIR)}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

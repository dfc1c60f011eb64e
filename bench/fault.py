"""Fault benchmark: restart PostgreSQL in the middle of a load run.

    .venv/bin/python -m bench.fault --items 100000 --clients 50 --duration 60 --restart-at 20

Sets up what bench.load --setup does (throwaway cluster on :5444 — never the machine's main
cluster —, seed + synthetic items, gunicorn with production settings), then runs the load and,
alongside it, a staff writer that saves an edit to an item every 0.2 s (through the ORM, as the
admin's save does: one committed transaction each). At --restart-at seconds it restarts
PostgreSQL (`pg_ctl restart -m fast`). Reports:
  * failed requests (5xx — the 503 maintenance page — and connection errors) and when they happened;
  * recovery: from the moment PostgreSQL accepts connections again to the last failed request
    (target: under 5 s), and to the first page served after it;
  * edits: every edit whose save returned before the restart (and every later one) is read back
    from the database; none may be lost. Edits refused while the database was down are counted.
"""

import argparse
import os
import threading
import time

from bench.load import (
    BENCH_PORT,
    MIX,
    crawl,
    gunicorn,
    is_error,
    prepare_database,
    print_summary,
    production_env,
    run_load,
    save,
    summarise,
)
from bench.pgcluster import Cluster


def staff_writer(stop, log, t0):
    """Save one edit every 0.2 s, like staff in the admin; record which saves succeeded."""
    from django.db import close_old_connections
    from django.db.utils import Error as DatabaseError

    from catalog.models import Item

    pks = list(Item.objects.order_by("pk").values_list("pk", flat=True)[:20])
    if not pks:
        print("!! no items in the database: no staff edits are made")
        return
    n = 0
    while not stop.is_set():
        close_old_connections()  # what Django does at the start of each request
        pk = pks[n % len(pks)]
        token = f"bench-edit-{n}"
        started = time.monotonic() - t0
        try:
            item = Item.objects.get(pk=pk)
            item.responsible_office = token
            item.save(update_fields=["responsible_office"])
            log.append((started, pk, token, "ok"))
        except DatabaseError as error:
            log.append((started, pk, token, f"failed: {error.__class__.__name__}"))
        n += 1
        time.sleep(0.2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=20)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--redis", help="REDIS_URL for the page cache (default: no cache)")
    parser.add_argument("--crawl-pages", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    cluster = Cluster()
    cluster.start()
    cluster.ensure_database("prod_bench")
    extra = {"WEB_CONCURRENCY": str(args.workers)} if args.workers else {}
    if args.redis:
        extra["REDIS_URL"] = args.redis
    env = production_env(f"{cluster.url}/prod_bench", BENCH_PORT, **extra)
    prepare_database(env, args.items)

    # This process writes too (the staff writer): same settings as the server.
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()

    with gunicorn(env, BENCH_PORT) as base:
        urls = crawl(base, max_pages=args.crawl_pages, seed=args.seed)
        print(
            "URLs found:", {k: len(v) for k, v in urls.items()}, "missing kinds:", [k for k in MIX if not urls.get(k)]
        )
        t0 = time.monotonic()
        events, edits, stop = {}, [], threading.Event()
        writer = threading.Thread(target=staff_writer, args=(stop, edits, t0), daemon=True)

        def restart():
            time.sleep(args.restart_at)
            events["restart_begin"] = time.monotonic() - t0
            cluster.restart()
            cluster.wait_ready()
            events["database_back"] = time.monotonic() - t0

        restarter = threading.Thread(target=restart, daemon=True)
        writer.start()
        restarter.start()
        results = run_load(base, urls, clients=args.clients, duration=args.duration, seed=args.seed)
        stop.set()
        writer.join()
        restarter.join()

    for r in results:
        r.started -= t0
    # Requests are placed in time by when they were answered: under load a request may wait in
    # gunicorn's queue for seconds before a worker touches the database.
    failed = sorted((r for r in results if is_error(r)), key=lambda r: r.started + r.seconds)
    back = events["database_back"]
    last_failure_end = max((r.started + r.seconds for r in failed), default=None)
    first_ok_after = min(
        (r.started + r.seconds for r in results if r.status == 200 and r.started + r.seconds >= back), default=None
    )
    recovery = max(0.0, last_failure_end - back) if last_failure_end is not None else 0.0
    # The server's own failures (5xx) are answered when it decides them, so their answer time
    # shows when it recovered. Client-side failures (timeouts under overload, an export stream cut
    # by the restart and noticed when the download ends) are reported apart.
    server_failed = [r for r in failed if r.status >= 500]
    last_5xx = max((r.started + r.seconds for r in server_failed), default=None)
    recovery_5xx = max(0.0, last_5xx - back) if last_5xx is not None else 0.0
    client_failed = [r for r in failed if r.status == 0]

    # Read every edit back from the database, now that it is up again.
    from django.db import close_old_connections

    from catalog.models import Item

    close_old_connections()
    final = dict(Item.objects.filter(pk__in={pk for _, pk, _, _ in edits}).values_list("pk", "responsible_office"))
    last_ok = {}
    for started, pk, token, outcome in edits:
        if outcome == "ok":
            last_ok[pk] = token
    lost = {pk: (token, final.get(pk)) for pk, token in last_ok.items() if final.get(pk) != token}
    ok_before = sum(1 for started, _, _, outcome in edits if outcome == "ok" and started < events["restart_begin"])
    refused = [e for e in edits if e[3] != "ok"]

    # Timeline by the second in which requests were answered: ok / 503 / other failures.
    timeline: dict[int, list[int]] = {}
    for r in results:
        second = int(r.started + r.seconds)
        bucket = timeline.setdefault(second, [0, 0, 0])
        bucket[0 if r.status and r.status < 500 else 1 if r.status == 503 else 2] += 1
    failed_after_back = [r for r in failed if r.started + r.seconds > back]
    failed_after_back_kinds = {}
    for r in failed_after_back:
        key = str(r.status or r.error)
        failed_after_back_kinds[key] = failed_after_back_kinds.get(key, 0) + 1

    summary = summarise(results, args.duration)
    print_summary(
        summary,
        f"{args.clients} clients, {args.duration:.0f} s, PostgreSQL restarted at {events['restart_begin']:.1f} s",
    )
    print(
        f"\nPostgreSQL restart: began {events['restart_begin']:.2f} s, accepting connections again {back:.2f} s "
        f"(down {back - events['restart_begin']:.2f} s)"
    )
    statuses = {}
    for r in failed:
        statuses[str(r.status or r.error)] = statuses.get(str(r.status or r.error), 0) + 1
    print(f"failed requests: {len(failed)} of {len(results)} {statuses}")
    if failed:
        print(f"  failures answered from {failed[0].started + failed[0].seconds:.2f} s to {last_failure_end:.2f} s")
    print("answered per second (ok/503/other failures) around the restart:")
    lo, hi = int(events["restart_begin"]) - 2, int(back) + 8
    print("  " + "  ".join(f"{t}s:{'/'.join(map(str, timeline.get(t, [0, 0, 0])))}" for t in range(lo, hi + 1)))
    print(f"failures answered after the database was back: {len(failed_after_back)} {failed_after_back_kinds}")
    print(
        f"RECOVERY: last 5xx answered {recovery_5xx:.2f} s after the database was back "
        f"({len(server_failed)} server failures)"
    )
    print(
        f"client-side failures: {len(client_failed)} "
        + ", ".join(f"{r.error}({r.kind}) sent {r.started:.1f} s, {r.seconds:.1f} s" for r in client_failed[:10])
    )
    print(
        f"recovery after the database was back: {recovery:.2f} s (last failure of any kind); first page served "
        f"{(first_ok_after - back) if first_ok_after else float('nan'):.2f} s after it"
    )
    print(
        f"staff edits: {len(edits)} attempted, {len(edits) - len(refused)} saved ({ok_before} before the restart), "
        f"{len(refused)} refused while the database was down; lost: {len(lost)} {lost or ''}"
    )
    path = save(
        "fault",
        {
            "args": vars(args),
            "events": events,
            "summary": summary,
            "failed": len(failed),
            "failed_statuses": statuses,
            "recovery_seconds": recovery,
            "recovery_5xx_seconds": recovery_5xx,
            "failed_after_database_back": failed_after_back_kinds,
            "timeline": {str(k): v for k, v in sorted(timeline.items())},
            "first_ok_after_back_seconds": (first_ok_after - back) if first_ok_after else None,
            "edits": {
                "attempted": len(edits),
                "saved": len(edits) - len(refused),
                "saved_before_restart": ok_before,
                "refused": len(refused),
                "lost": len(lost),
            },
        },
    )
    print(f"saved {path}")


if __name__ == "__main__":
    main()

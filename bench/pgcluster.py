"""A throwaway PostgreSQL cluster for benchmarks, on its own port and data directory.

The fault benchmark restarts PostgreSQL; it must never touch the machine's main cluster (5432),
which other work uses. This one lives in /tmp and is started, restarted and stopped with pg_ctl.
`Cluster.make_replica_of()` makes it a hot-standby streaming replica of another cluster instead
(pg_basebackup -R), which bench/replica_check.py uses; the other cluster is only read from.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DEFAULT_PORT = int(os.environ.get("BENCH_PG_PORT", "5444"))
DEFAULT_DATA = Path(os.environ.get("BENCH_PG_DATA", "/tmp/portal-bench-pg"))


class Cluster:
    def __init__(self, data: Path = DEFAULT_DATA, port: int = DEFAULT_PORT):
        if port == 5432:
            raise SystemExit("refusing to manage the cluster on port 5432")
        self.data, self.port = Path(data), port
        self.log = self.data.parent / f"{self.data.name}.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *args, check=True):
        command = [str(PG_BIN / args[0]), *map(str, args[1:])]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self):
        if (self.data / "PG_VERSION").exists():
            return
        self.data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.data}'\n"
                "max_connections = 200\nshared_buffers = 256MB\n"
            )

    def make_replica_of(self, host: str, port: int, name: str = "portal_replica"):
        """Copy the cluster at host:port with pg_basebackup and configure this one as its hot standby.

        The primary needs `wal_level = replica` (the default), free `max_wal_senders` and a pg_hba
        line for replication connections. No replication slot is made: a slot on the primary would
        keep WAL for a replica that is gone. The base backup writes `standby.signal` and
        `primary_conninfo`; `cluster_name` becomes the replica's name in pg_stat_replication.
        """
        if self.data.exists():
            raise SystemExit(f"{self.data} exists: remove it (or run with --cleanup) first")
        self.data.mkdir(parents=True, mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        done = self._run(
            "pg_basebackup", "-h", host, "-p", port, "-U", "postgres", "-D", self.data,
            "-R", "-X", "stream", "-c", "fast", "--no-password", check=False,
        )  # fmt: skip
        if done.returncode != 0:
            shutil.rmtree(self.data, ignore_errors=True)
            raise RuntimeError(f"pg_basebackup from {host}:{port} failed: {done.stderr.strip()}")
        # A hot standby refuses to start with fewer of these than its primary has.
        primary = {
            name: _psql(host, port, f"SHOW {name}")
            for name in (
                "max_connections", "max_worker_processes", "max_wal_senders",
                "max_prepared_transactions", "max_locks_per_transaction",
            )
        }  # fmt: skip
        # Debian keeps the configuration in /etc, outside the data directory the backup copies;
        # appended settings win over any copied ones.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.data}'\n"
                f"hot_standby = on\ncluster_name = '{name}'\n"
                + "".join(f"{key} = {value}\n" for key, value in primary.items())
            )
        if not (self.data / "pg_hba.conf").exists():
            (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.data / "pg_ident.conf").touch()
        if os.geteuid() == 0:
            for path in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
                shutil.chown(self.data / path, "postgres", "postgres")

    def remove(self):
        """Stop the cluster and delete its data directory and log."""
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    def start(self):
        self.init()
        if not self.log.exists() and os.geteuid() == 0:
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        if not self.is_ready():
            self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")
        self.wait_ready()

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def restart(self):
        """Fast restart: connections are cut, committed data stays (fsync is on)."""
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-m", "fast", "-w", "-t", "60", "restart")

    def is_ready(self) -> bool:
        return (
            subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False
            ).returncode
            == 0
        )

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on {self.port} did not come up")
            time.sleep(0.1)

    def psql(self, sql: str, db="postgres") -> str:
        return _psql("127.0.0.1", self.port, sql, db)

    def ensure_database(self, name: str):
        if self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
            self.psql(f"CREATE DATABASE {name}")


def _psql(host: str, port: int, sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", host, "-p", str(port), "-U", "postgres", "-d", db, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

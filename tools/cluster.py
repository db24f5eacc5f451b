"""``python -m tools.cluster up|down``: PostgreSQL with PostGIS, N app servers and nginx,
all on the loopback of this machine, for trying and testing the multi-server setup.

``up`` starts a private PostgreSQL (``initdb`` in a state folder, Debian's ``postgresql``
and ``postgresql-15-postgis-3``), creates the schema and loads the shipped sample
(``python -m data.database init --load``), starts the app servers with
``ATLAS_DATABASE_URL`` and nginx (``deploy/nginx.conf`` with the servers' ports), prints
the address and waits; Ctrl-C or ``down`` (from another shell) stops everything.
The state folder (``--state``, default ``.cluster/`` in the repository, git-ignored) holds
the database, nginx's files and the process ids.

``nginx-servers HOST:PORT ...`` prints the part of ``deploy/nginx.conf`` that names the app
servers, for a deployment's own list.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.local_server import LOOPBACK, ROOT, free_port, spawn_server, stop_server, wait_healthy

DEFAULT_STATE = ROOT / ".cluster"
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
DB_USER = "atlas"
DB_NAME = "atlas"
PIDS_FILE = "pids.json"


def pg_tool(name: str) -> str | None:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def missing_services() -> list[str]:
    """What this machine lacks to run the cluster (empty: everything is there)."""
    missing = [name for name in ("initdb", "postgres") if pg_tool(name) is None]
    if not list(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
        missing.append("postgis")
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx")
    return missing


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    folder: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{DB_USER}@{LOOPBACK}:{self.port}/{DB_NAME}"

    def start(self) -> None:
        data = self.folder / "pgdata"
        if os.geteuid() == 0:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.folder, "postgres", "postgres")
        if not data.exists():
            init = [pg_tool("initdb"), "-D", str(data), "-U", DB_USER, "-A", "trust", "-E", "UTF8"]
            subprocess.run(_as_postgres(init), check=True, capture_output=True)
        command = [pg_tool("postgres"), "-D", str(data), "-p", str(self.port)]
        command += ["-c", f"listen_addresses={LOOPBACK}", "-c", f"unix_socket_directories={data}"]
        command += ["-c", "fsync=on", "-c", "max_connections=100"]
        log = open(self.folder / "postgres.log", "ab")  # noqa: SIM115 (lives with the process)
        self.process = subprocess.Popen(_as_postgres(command), stdout=log, stderr=log)
        self._wait_ready()
        createdb = pg_tool("createdb") or "createdb"
        created = subprocess.run(
            [createdb, "-h", LOOPBACK, "-p", str(self.port), "-U", DB_USER, DB_NAME],
            capture_output=True,
            text=True,
        )
        if created.returncode and "already exists" not in created.stderr:
            raise RuntimeError(created.stderr)

    def _wait_ready(self, timeout: float = 60) -> None:
        ready = pg_tool("pg_isready") or "pg_isready"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited; see {self.folder / 'postgres.log'}")
            probe = [ready, "-h", LOOPBACK, "-p", str(self.port), "-U", DB_USER, "-q"]
            if subprocess.run(probe).returncode == 0:
                return
            time.sleep(0.2)
        raise TimeoutError("postgres did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGINT is the fast shutdown; sent to the server itself (runuser passes no signal).
            pid_file = self.folder / "pgdata" / "postmaster.pid"
            try:
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
            except (OSError, ValueError, IndexError):
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


SERVERS_BEGIN = "# --- app servers: begin"
SERVERS_END = "# --- app servers: end"
HEALTH = "max_fails=1 fail_timeout=10s"


def nginx_servers(addresses: list[str]) -> str:
    """The part of deploy/nginx.conf that names the app servers (``host:port`` each): the
    round-robin upstream for new browsers, one upstream per server (the others as its
    backups) and the two maps between the ``atlas_server`` cookie and those upstreams."""
    pinned = "".join(f"    {n}       atlas_app_{n};\n" for n in range(1, len(addresses) + 1))
    served = "".join(
        f'    "~{re.escape(address)}$"    {n};\n' for n, address in enumerate(addresses, start=1)
    )
    every = "".join(f"    server {address} {HEALTH};\n" for address in addresses)
    blocks = [
        "map $cookie_atlas_server $atlas_upstream {\n    default atlas_app;\n" + pinned + "}\n",
        'map $upstream_addr $atlas_served_by {\n    default                 "";\n' + served + "}\n",
        "# Passive health checks: a failing server (refused, reset, timed out) is taken out\n"
        "# for fail_timeout; its requests go to the next one (proxy_next_upstream below).\n"
        "upstream atlas_app {\n" + every + "    keepalive 32;\n}\n",
    ]
    for n, address in enumerate(addresses, start=1):
        backups = "".join(
            f"    server {other} backup;\n" for other in addresses if other != address
        )
        blocks.append(
            f"upstream atlas_app_{n} {{\n    server {address} {HEALTH};\n{backups}"
            "    keepalive 16;\n}\n"
        )
    return "\n".join(blocks)


def nginx_config(listen: int, app_ports: list[int], folder: Path) -> str:
    """deploy/nginx.conf with loopback ports, wrapped in a stand-alone main config."""
    site = NGINX_TEMPLATE.read_text(encoding="utf-8")
    start = site.index(SERVERS_BEGIN)
    start = site.index("\n", start) + 1
    end = site.index(SERVERS_END)
    servers = nginx_servers([f"{LOOPBACK}:{port}" for port in app_ports])
    site = site[:start] + servers + site[end:]
    site = site.replace("listen 80;", f"listen {LOOPBACK}:{listen};")
    temp = folder / "nginx-temp"
    return (
        "daemon off;\nworker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'nginx-error.log'} warn;\n"
        "events { worker_connections 1024; }\nhttp {\n"
        "  log_format atlas '$remote_addr [$time_local] \"$request\" $status $upstream_addr';\n"
        f"  access_log {folder / 'nginx-access.log'} atlas;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
        f"  scgi_temp_path {temp}/scgi;\n" + site + "}\n"
    )


@dataclass
class Cluster:
    """PostgreSQL + N app servers + nginx on the loopback."""

    folder: Path
    servers: int = 2
    database_url: str | None = None  # an existing database instead of a private one
    extra_env: dict[str, str] = field(default_factory=dict)
    postgres: Postgres | None = None
    apps: dict[int, subprocess.Popen] = field(default_factory=dict)
    nginx: subprocess.Popen | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def db_url(self) -> str:
        return self.database_url or self.postgres.url

    def app_env(self) -> dict[str, str]:
        return {"ATLAS_DATABASE_URL": self.db_url, **self.extra_env}

    def start(self, load: Path | None = None, initialise: bool = True) -> None:
        """Start everything; ``initialise`` re-creates the schema and loads the sample."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            if self.database_url is None:
                self.postgres = Postgres(self.folder / "postgres", free_port())
                self.postgres.start()
            if initialise:
                init = [sys.executable, "-m", "data.database", "init", "--reset"]
                init += ["--load", str(load or ROOT / "data" / "sample")]
                env = {**os.environ, **self.app_env()}
                subprocess.run(init, cwd=ROOT, env=env, check=True, capture_output=True)
            for _ in range(self.servers):
                self.start_app()
            for port, process in self.apps.items():
                wait_healthy(f"http://{LOOPBACK}:{port}", process)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise

    def start_app(self) -> int:
        port = free_port()
        _, process = spawn_server(self.app_env(), port=port)
        self.apps[port] = process
        return port

    def start_nginx(self) -> None:
        self.port = free_port()
        folder = self.folder / "nginx"
        (folder / "nginx-temp").mkdir(parents=True, exist_ok=True)
        config = folder / "nginx.conf"
        config.write_text(nginx_config(self.port, list(self.apps), folder), encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen(
            [nginx, "-c", str(config), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "nginx-stderr.log", "ab"),  # noqa: SIM115
        )
        wait_healthy(self.url, self.nginx, timeout=30, path="/_health/", name="nginx")

    def kill_app(self, port: int) -> None:
        """Kill one app server at once (SIGKILL), as a crash would."""
        self.apps[port].kill()
        self.apps[port].wait()

    def pids(self) -> dict:
        return {
            "postgres": self.postgres.process.pid
            if self.postgres and self.postgres.process
            else None,
            "apps": [p.pid for p in self.apps.values()],
            "nginx": self.nginx.pid if self.nginx else None,
        }

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for process in self.apps.values():
            if process.poll() is None:
                stop_server(process)
        if self.postgres is not None:
            self.postgres.stop()


def _down(state: Path) -> int:
    path = state / PIDS_FILE
    if not path.exists():
        print("no cluster is running from", state)
        return 1
    pid = json.loads(path.read_text())["cluster"]
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        print("the cluster had already stopped")
    path.unlink(missing_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("up", "down", "nginx-servers"))
    parser.add_argument("addresses", nargs="*", help="nginx-servers: HOST:PORT of each server")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--load", type=Path, help="dataset folder to load (default: the sample)")
    args = parser.parse_args(argv)
    if args.command == "down":
        return _down(args.state)
    if args.command == "nginx-servers":
        if not args.addresses:
            parser.error("nginx-servers needs HOST:PORT of each app server")
        print(nginx_servers(args.addresses), end="")
        return 0
    missing = missing_services()
    if missing:
        print("missing: " + ", ".join(missing) + " (apt-get install postgresql "
              "postgresql-15-postgis-3 nginx)", file=sys.stderr)  # fmt: skip
        return 2
    cluster = Cluster(args.state, args.servers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start(args.load)
        (args.state / PIDS_FILE).write_text(json.dumps({"cluster": os.getpid(), **cluster.pids()}))
        print(f"atlas: {cluster.url}  (app servers on ports {', '.join(map(str, cluster.apps))};"
              f" database {cluster.db_url})", flush=True)  # fmt: skip
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
        (args.state / PIDS_FILE).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

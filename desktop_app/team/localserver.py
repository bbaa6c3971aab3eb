"""A PostgreSQL server in a folder of our own: for trying team sync, the tests and the benchmark.

Nothing here is needed by a firm that runs its own PostgreSQL. It drives Debian's server binaries
(`initdb`, `pg_ctl`) directly, so no system service is touched. PostgreSQL refuses to run as
root; when we are root the binaries run as the `postgres` user (created by the Debian package)
through `runuser`, and the folder is handed to that user. Local (unix socket) connections trust
the operating-system user; TCP connections need a SCRAM password, as members use.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ADMIN = "vd_admin"
"""The cluster's superuser: used only to create the team database and its first lead."""

_SEARCH = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")


class ServerError(RuntimeError):
    """The local server could not be set up, started or stopped (the log says why)."""


def bin_dir() -> Path:
    for candidate in (os.environ.get("VOUCHER_DESK_PG_BIN", ""), *_SEARCH):
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ServerError("PostgreSQL server binaries not found (run scripts/setup.sh, which installs "
                      "Debian's postgresql package)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    folder: Path
    port: int = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def _as_owner(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as_owner(), *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ServerError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def init(self) -> None:
        """initdb (UTF-8, C collation) once; a folder already holding a cluster is kept."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        if (self.data / "PG_VERSION").exists():
            return
        self._run(str(bin_dir() / "initdb"), "-D", str(self.data), "-U", ADMIN, "-E", "UTF8",
                  "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")

    def start(self) -> None:
        if not self.port:
            self.port = free_port()
        opts = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
                "-c fsync=on -c max_connections=60 -c shared_buffers=64MB")
        self._run(str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                  "-o", opts, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def admin_dsn(self, dbname: str = "postgres") -> str:
        """Superuser over the unix socket (trust): for set-up only, never for members."""
        return f"host={self.socket_dir} port={self.port} user={ADMIN} dbname={dbname}"

    def member_dsn(self, user: str, password: str, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={user} password={password} dbname={dbname}"

    def wait_ready(self, timeout: float = 30.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.admin_dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def create_team_database(server: LocalServer, dbname: str, lead: str, password: str, *,
                         keep_password: bool = False) -> bool:
    """The administrator's part: the group roles (sql/server_setup.sql), a database only those
    roles may connect to, and the first lead — a login role that may create member roles
    (CREATEROLE) and the team schema in this database. Only a SCRAM verifier is sent.
    `keep_password`: a lead that exists keeps the password it has (a restart of the local server
    reset it, locking the lead out). Returns whether the lead role was created now."""
    import psycopg
    from psycopg import sql

    setup = (Path(__file__).resolve().parent / "sql" / "server_setup.sql").read_text(encoding="utf-8")
    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        conn.execute(setup.encode())
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
                         .format(sql.Identifier(dbname)))
        db = sql.Identifier(dbname)
        conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(db))
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO vd_lead, vd_consultant, vd_reviewer").format(db))
        verifier = conn.pgconn.encrypt_password(password.encode(), lead.encode(), b"scram-sha-256").decode()
        has_role = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (lead,)).fetchone()
        if has_role and keep_password:
            return False
        verb = "ALTER" if has_role else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN CREATEROLE PASSWORD {}")
                     .format(sql.Identifier(lead), sql.Literal(verifier)))
        conn.execute(sql.SQL("GRANT vd_lead TO {}").format(sql.Identifier(lead)))
        conn.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(db, sql.Identifier(lead)))
    return not has_role


def main(argv: list[str] | None = None) -> int:
    """scripts/team-server.sh: a local server in FOLDER, a team database and its first lead."""
    import argparse
    import secrets

    p = argparse.ArgumentParser(prog="team-server.sh", description=__doc__)
    p.add_argument("folder", type=Path, help="where the server keeps its files (created)")
    p.add_argument("--port", type=int, default=55432)
    p.add_argument("--db", default="voucher_team")
    p.add_argument("--lead", default="lead")
    p.add_argument("--stop", action="store_true", help="stop the server in FOLDER")
    ns = p.parse_args(argv)
    server = LocalServer(ns.folder.resolve(), ns.port)
    if ns.stop:
        server.stop()
        print(f"stopped the server in {server.folder}")
        return 0
    server.init()
    if not (server.data / "postmaster.pid").exists():
        server.start()
    server.wait_ready()
    conninfo = f"host=127.0.0.1 port={server.port} dbname={ns.db}"
    if _already(server, ns.db, ns.lead):  # a restart: the lead keeps the password every desk uses
        print(f"""PostgreSQL is running again: {conninfo} (files and log in {server.folder})
The team database and the lead '{ns.lead}' were set up at the first start; their password is
unchanged, so every desk that joined goes on as before: voucher-desk team sync
Stop: bash scripts/team-server.sh {ns.folder} --stop""")
        return 0
    password = secrets.token_urlsafe(18)
    create_team_database(server, ns.db, ns.lead, password)
    print(f"""PostgreSQL is running: {conninfo} (files and log in {server.folder})

1. The lead creates the team (once), on their own desk:
     VOUCHER_DESK_TEAM_PASSWORD='{password}' voucher-desk team init '{conninfo}' --user {ns.lead}
2. The lead adds each colleague; it prints an invite code to hand over in person:
     voucher-desk team members add kim --role consultant      (or --role reviewer / lead)
3. The colleague joins on their own desk (it asks for the code), then syncs:
     voucher-desk team join '{conninfo}' --user kim
     voucher-desk team sync
Other machines: start with --port and open it to the LAN (listen_addresses, pg_hba.conf).
Stop: bash scripts/team-server.sh {ns.folder} --stop""")
    return 0


def _already(server: LocalServer, dbname: str, lead: str) -> bool:
    """The team database exists and the lead may log in to it: a restart, not a first start."""
    import psycopg

    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        db = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        role = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (lead,)).fetchone()
    return db is not None and role is not None and bool(role[0])


if __name__ == "__main__":
    raise SystemExit(main())

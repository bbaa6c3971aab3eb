"""A real PostgreSQL for the team tests: one throwaway server per session (initdb into a temp
folder, pg_ctl on a free port; as root it runs as the `postgres` user), a fresh database per test."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition, find_form
from desktop_app.service import Desk
from desktop_app.team.localserver import LocalServer, create_team_database
from desktop_app.team.team import Team

FORMS = Path(__file__).resolve().parents[1] / "security" / "forms"
_counter = itertools.count(1)


def lookup(spec: str) -> FormDefinition:
    return find_form(spec, FORMS)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalServer]:
    folder = Path(tempfile.mkdtemp(prefix="vd-team-pg-", dir="/tmp"))
    server = LocalServer(folder)
    server.init()
    server.start()
    server.wait_ready()
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class TeamServer:
    server: LocalServer
    dbname: str
    lead: str
    password: str
    tag: str

    @property
    def conninfo(self) -> str:
        return f"host=127.0.0.1 port={self.server.port} dbname={self.dbname}"

    def admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.server.admin_dsn(self.dbname), autocommit=True)


@pytest.fixture
def team_server(pg_server: LocalServer) -> TeamServer:
    n = next(_counter)
    tag = f"t{n}"
    ts = TeamServer(pg_server, f"team_{tag}", f"lead_{tag}", f"lead-pass-{tag}", tag)
    create_team_database(pg_server, ts.dbname, ts.lead, ts.password)
    return ts


@pytest.fixture
def open_desk(tmp_path: Path) -> Iterator[Callable[[str], Desk]]:
    opened: list[Desk] = []

    def opener(name: str) -> Desk:
        desk = Desk.open(tmp_path / name / "voucher-desk.sqlite3", forms=lookup, auto_backup=False)
        opened.append(desk)
        return desk

    yield opener
    for desk in opened:
        desk.close()


@pytest.fixture
def lead_and_consultant(team_server: TeamServer, open_desk: Callable[[str], Desk]
                        ) -> tuple[Desk, Desk, str]:
    """Desk A: the lead (team init). Desk B: a consultant who joined with the invite code."""
    a, b = open_desk("a"), open_desk("b")
    Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    name = f"kim_{team_server.tag}"
    invite = Team(a).add_member(name, "consultant", "김상담")
    assert Team(b).join(team_server.conninfo, name, invite.code) == "consultant"
    return a, b, name

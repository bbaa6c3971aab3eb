"""Rights enforced by PostgreSQL, check-out leases, interruptions, and no plaintext on the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from team_helpers import BIRTH, MOBILE, app_with_client

from desktop_app.service import Desk
from desktop_app.storage import teamlog
from desktop_app.storage.errors import Rejected
from desktop_app.team import server
from desktop_app.team.team import Team

ROOT = Path(__file__).resolve().parents[2]


def _server_changes(ts) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with ts.admin() as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT change_id) FROM team.changes").fetchone()
    return int(row[0]), int(row[1])


def test_a_reviewer_is_refused_by_the_database(team_server, lead_and_consultant, open_desk) -> None:  # type: ignore[no-untyped-def]
    a, _b, _ = lead_and_consultant
    name = f"rev_{team_server.tag}"
    invite = Team(a).add_member(name, "reviewer")
    r = open_desk("r")
    app_with_client(r, "(주)리뷰", "124-81-00998")  # the desk's own book, queued when it joins
    assert Team(r).join(team_server.conninfo, name, invite.code) == "reviewer"
    with pytest.raises(Rejected, match="reviewer role is read-only"):  # the desk itself refuses now
        app_with_client(r, "(주)리뷰둘", "220-81-62517")
    with pytest.raises(server.TeamError, match="reviewer role cannot check applications out"):
        Team(r).lock(1)
    report = Team(r).sync()  # a reviewer's sync pulls and sends nothing: the database would refuse it
    assert report.read_only and report.pushed == 0
    from desktop_app.team.sync import Report, Syncer

    syncer = Syncer(r)
    with syncer.connect() as conn, pytest.raises(server.Refused):
        syncer.push(conn, Report(), 100)  # sent anyway: refused by PostgreSQL
    # and straight at the database, without the program's help
    from desktop_app.team.crypto import login_password

    with psycopg.connect(f"{team_server.conninfo} user={name}", password=login_password(invite.code)) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO team.records (uuid, kind) VALUES (gen_random_uuid(), 'client')")
    assert Team(r).status().waiting > 0  # nothing lost on the reviewer's desk either


def test_a_consultant_made_reviewer_loses_the_right_to_write(team_server, lead_and_consultant) -> None:  # type: ignore[no-untyped-def]
    """`team members add park --role reviewer` on a consultant kept vd_consultant too, and with it
    INSERT on team.changes: a tester's hand-written change went through. The new role replaces."""
    a, _b, kim = lead_and_consultant
    invite = Team(a).add_member(kim, "reviewer")
    from desktop_app.team.crypto import login_password

    with psycopg.connect(f"{team_server.conninfo} user={kim}", password=login_password(invite.code)) as conn:
        groups = {r[0] for r in conn.execute(
            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user").fetchall()}
        assert groups == {"vd_reviewer"}
        assert conn.execute("SELECT has_table_privilege('team.changes', 'INSERT')").fetchone() == (False,)
    with psycopg.connect(f"{team_server.conninfo} user={kim}", password=login_password(invite.code)) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO team.records (uuid, kind) VALUES (gen_random_uuid(), 'client')")
    lead = Team(a).add_member(kim, "lead")  # and up again: a lead may add members
    with psycopg.connect(f"{team_server.conninfo} user={kim}", password=login_password(lead.code)) as conn:
        assert conn.execute("SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone() == (True,)
    Team(a).add_member(kim, "consultant")
    with team_server.admin() as conn:
        assert conn.execute("SELECT rolcreaterole FROM pg_roles WHERE rolname = %s", (kim,)).fetchone() == (False,)


def test_a_consultant_cannot_see_or_write_another_consultants_client(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant, open_desk) -> None:
    a, b, _kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)김의고객", "124-81-00998")
    Team(b).sync()
    name = f"lee_{team_server.tag}"
    invite = Team(a).add_member(name, "consultant")
    c = open_desk("c")
    Team(c).join(team_server.conninfo, name, invite.code)
    assert Team(c).sync().pulled == 0  # row-level security: kim's client is not lee's to see
    from desktop_app.team.crypto import login_password

    record = teamlog.uuid_of(b.store.db, "applications", app_b)
    change = server.OutChange("7d0c3f1e-5b8a-4c39-9e0d-2a8b1f0e6c11", "answer", record, None, None,
                              "project_title", '"가로채기"', "typed", 0, "2026-12-01T00:00:00Z")
    with psycopg.connect(f"{team_server.conninfo} user={name}", password=login_password(invite.code)) as conn, \
            pytest.raises(server.Refused, match="row-level security"):
        server.push(conn, "intruder", [change])
    with team_server.admin() as conn:
        assert conn.execute("SELECT count(*) FROM team.changes WHERE value::text LIKE '%가로채기%'").fetchone()[0] == 0


def test_a_check_out_is_honoured_and_a_take_over_is_logged(team_server, lead_and_consultant) -> None:  # type: ignore[no-untyped-def]
    a, b, kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)잠금", "124-81-00998")
    Team(b).sync()
    Team(a).sync()
    app_a = teamlog.id_of(a.store.db, "applications", teamlog.uuid_of(b.store.db, "applications", app_b))
    assert app_a is not None
    taken, lease = Team(b).lock(app_b)
    assert taken and lease is not None and lease.holder == kim
    taken, lease = Team(a).lock(app_a)
    assert not taken and lease is not None and lease.holder == kim  # who holds it is shown
    # nor does the lead's 'unlock' end it (it did, silently, logged without kim: a tester)
    assert Team(a).unlock(app_a) is False
    with team_server.admin() as conn:
        assert conn.execute("SELECT holder FROM team.leases").fetchall() == [(kim,)]
    Team(a).sync()
    assert Team(a).holder(app_a) is not None and Team(a).holder(app_a)[0] == kim  # type: ignore[index]
    a.apps.save(app_a, "project_title", "잠긴 동안 고침")
    report = Team(a).sync()
    assert teamlog.uuid_of(a.store.db, "applications", app_a) in report.held
    assert Team(a).status().waiting == 1  # held back, not lost
    with team_server.admin() as conn:
        assert conn.execute("SELECT count(*) FROM team.changes WHERE path = 'project_title'").fetchone()[0] == 0
    # the database itself refuses a change to a leased application
    syncer_conn = server.connect(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    record = teamlog.uuid_of(a.store.db, "applications", app_a)
    with syncer_conn, pytest.raises(server.Refused):
        server.push(syncer_conn, "m", [server.OutChange("0b5e1c2d-3f4a-4b6c-8d7e-9f0a1b2c3d4e", "answer", record,
                                                         None, None, "budget", "1", "typed", 0,
                                                         "2026-12-01T00:00:00Z")])
    taken, lease = Team(a).lock(app_a, take_over=True)
    assert taken and lease is not None and lease.holder == team_server.lead
    with team_server.admin() as conn:
        log = conn.execute("SELECT event, who, previous_holder FROM team.lease_log ORDER BY id").fetchall()
    assert ("takeover", team_server.lead, kim) in log
    Team(a).sync()
    assert Team(a).status().waiting == 0
    Team(b).sync()
    assert b.apps.open(app_b).values["project_title"] == "잠긴 동안 고침"


def _many_answers(desk: Desk, apps: int) -> None:
    for i in range(apps):
        app, _ = app_with_client(desk, f"(주)대량{i}", "124-81-00998")
        desk.apps.save_many(app, {"project_title": f"과제 {i}", "budget": 1000 + i})


def test_server_stopping_mid_sync_loses_nothing_and_doubles_nothing(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant) -> None:
    a, b, _ = lead_and_consultant
    _many_answers(b, 12)
    waiting = Team(b).status().waiting
    stopped: list[int] = []

    def stop_after_first(stage: str, n: int) -> None:
        if stage == "push" and not stopped:
            stopped.append(n)
            team_server.server.stop("immediate")

    try:
        with pytest.raises(server.Offline):
            Team(b).sync(batch=25, on_batch=stop_after_first)
    finally:
        team_server.server.start()
        team_server.server.wait_ready()
    assert stopped and 0 < stopped[0] < waiting
    assert Team(b).status().last_error
    Team(b).sync(batch=25)
    total, distinct = _server_changes(team_server)
    assert total == distinct == waiting
    Team(a).sync()
    titles = sorted(a.apps.open(x.id).values.get("project_title", "") for x in a.apps.search(limit=100))
    assert titles == sorted(f"과제 {i}" for i in range(12))


def test_desk_killed_during_sync_loses_nothing_and_doubles_nothing(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant, tmp_path: Path) -> None:
    a, b, _ = lead_and_consultant
    _many_answers(b, 30)
    b.vault.set_passphrase("team-kill-test-pass")  # the child process has no keyring of ours
    waiting = Team(b).status().waiting
    b.close()
    env = {**os.environ, "VOUCHER_DESK_PASSPHRASE": "team-kill-test-pass", "VOUCHER_DESK_TEAM_BATCH": "10",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONPATH": str(ROOT)}
    base = tmp_path / "b"
    # the CLI as typed, data folder = the desk's folder (its database is base/data/…): use --base-dir
    data = base.parent / "kill-home"
    (data / "data").mkdir(parents=True)
    for f in base.iterdir():
        os.replace(f, data / "data" / f.name)
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--base-dir", str(data), "team", "sync"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "push 10": the first batch is on the server
    assert line.startswith("push"), line + proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()  # reaps it and closes its pipes
    partial, _ = _server_changes(team_server)
    assert 0 < partial < waiting
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--base-dir", str(data), "team", "sync"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    total, distinct = _server_changes(team_server)
    assert total == distinct == waiting
    Team(a).sync()
    assert len(a.apps.search(limit=100)) == 30


def test_no_sensitive_plaintext_in_any_server_table(team_server, lead_and_consultant) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)비밀", "124-81-00998")
    b.apps.save(app_b, "members", [{"name": "홍길동", "mobile": "010-5555-1212"}])
    source = Path(__file__).resolve().parents[1] / "fixtures" / "answers" / "attachments"
    pdf = sorted(source.rglob("*.pdf"))[0]
    b.attachments.add(app_b, "biz_cert", pdf)
    Team(b).sync()
    Team(a).sync()
    app_a = teamlog.id_of(a.store.db, "applications", teamlog.uuid_of(b.store.db, "applications", app_b))
    assert app_a is not None
    values = a.apps.open(app_a).values
    assert values["representative_birth"] == BIRTH and values["contact_mobile"] == MOBILE  # it did travel
    assert values["members"][0]["mobile"] == "010-5555-1212"
    assert len(a.apps.open(app_a).attachments) == 1
    secrets = [BIRTH, MOBILE, "010-5555-1212", "19830902", "01098765432"]
    pdf_bytes = pdf.read_bytes()
    with team_server.admin() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'team'")]
        assert {"changes", "records", "blobs", "member_keys"} <= set(tables)
        for table in tables:
            for (text,) in conn.execute(f"SELECT t::text FROM team.{table} t"):
                for secret in secrets:
                    assert secret not in text, f"{secret} in team.{table}"
        for (content,) in conn.execute("SELECT content FROM team.blobs"):
            assert bytes(content) != pdf_bytes and pdf_bytes[:64] not in bytes(content)


def test_a_removed_member_is_refused_by_the_database_and_told_so(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant) -> None:
    a, b, kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)떠나는고객", "124-81-00998")
    Team(b).sync()
    Team(a).sync()
    password = _password_of(b)
    Team(a).remove_member(kim)
    assert kim not in {m.name for m in Team(a).members()}
    with team_server.admin() as conn:
        assert conn.execute("SELECT count(*) FROM team.member_keys WHERE member = %s", (kim,)).fetchone()[0] == 0
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (kim,)).fetchone()[0] is False
        groups = conn.execute("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                              "WHERE r.rolname = %s", (kim,)).fetchone()[0]
        assert groups == 0
    b.apps.save(app_b, "project_title", "제외된 뒤에 고침")
    with pytest.raises(server.TeamError, match=r"refused the login|로그인을 거부"):
        Team(b).sync()
    assert Team(b).status().waiting == 1  # kept on the desk, not lost
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(f"{team_server.conninfo} user={kim}", password=password).close()
    # the lead still has everything the member shared
    assert any(x.title.startswith("(주)떠나는고객") for x in a.apps.search(limit=20))


def _password_of(desk: Desk) -> str:
    from desktop_app.team.sync import Syncer

    return Syncer(desk)._secrets()[1]

"""Two desks (two data folders) and one real PostgreSQL: offline edits merge, conflicts show."""

from __future__ import annotations

from team_helpers import app_with_client

from desktop_app.service import Desk
from desktop_app.team.team import Team


def test_both_edit_offline_then_sync_and_nothing_is_lost(lead_and_consultant: tuple[Desk, Desk, str]) -> None:
    a, b, _ = lead_and_consultant
    app_b, client_b = app_with_client(b, "(주)비데이터", "124-81-00998")
    Team(b).sync()
    report = Team(a).sync()
    assert report.pulled > 0
    app_a = _same_app(a, b, app_b)
    assert a.apps.open(app_a).values["company_name"] == "(주)비데이터"
    # both offline: different fields, plus a new application on B
    a.apps.save(app_a, "project_title", "데이터 라벨링 (A)")
    b.apps.save(app_b, "budget", 3_000_000)
    b.clients.edit(client_b, {"company.representative": "박대표"})
    second = b.apps.new(lookup_form(b), client_id=client_b, title="두 번째").app_id
    b.apps.save(second, "project_title", "둘째 과제")
    for _ in range(2):
        Team(a).sync()
        Team(b).sync()
    for desk, app in ((a, app_a), (b, app_b)):
        values = desk.apps.open(app).values
        assert values["project_title"] == "데이터 라벨링 (A)"
        assert values["budget"] == 3_000_000
    client_a = a.apps.get(app_a).client_id
    assert client_a is not None and a.clients.get(client_a).profile["company.representative"] == "박대표"
    titles = {x.title for x in a.apps.search(limit=50)}
    assert "두 번째" in titles
    assert Team(a).status().waiting == 0 and Team(b).status().waiting == 0
    assert Team(a).conflicts() == [] and Team(b).conflicts() == []


def test_same_field_on_both_desks_is_a_visible_conflict_with_both_values(
        lead_and_consultant: tuple[Desk, Desk, str]) -> None:
    a, b, _ = lead_and_consultant
    app_b, _client = app_with_client(b, "(주)충돌", "124-81-00998")
    b.apps.save(app_b, "project_title", "처음")
    Team(b).sync()
    Team(a).sync()
    app_a = _same_app(a, b, app_b)
    a.apps.save(app_a, "project_title", "A가 고침")
    b.apps.save(app_b, "project_title", "B가 고침")
    Team(a).sync()
    Team(b).sync()
    Team(a).sync()
    for desk, app in ((a, app_a), (b, app_b)):
        shown = desk.apps.open(app).values["project_title"]
        found = Team(desk).conflicts(app)
        assert [c.path for c in found] == ["project_title"], desk.location
        other = Team(desk).other_value(app, found[0])
        assert {shown, other} == {"A가 고침", "B가 고침"}
    # the same value is shown on both desks (the later one on the server)
    assert a.apps.open(app_a).values["project_title"] == b.apps.open(app_b).values["project_title"]
    # picking the other value on A clears the conflict on both desks
    Team(a).resolve(app_a, "project_title", keep="other")
    picked = a.apps.open(app_a).values["project_title"]
    Team(a).sync()
    Team(b).sync()
    assert b.apps.open(app_b).values["project_title"] == picked
    assert Team(a).conflicts(app_a) == [] and Team(b).conflicts(app_b) == []


def _same_app(a: Desk, b: Desk, app_b: int) -> int:
    from desktop_app.storage import teamlog

    uuid = teamlog.uuid_of(b.store.db, "applications", app_b)
    found = teamlog.id_of(a.store.db, "applications", uuid)
    assert found is not None
    return found


def lookup_form(desk: Desk):  # type: ignore[no-untyped-def]
    return desk.find_form("secure-voucher@2026")


def test_a_desk_joining_with_its_book_shares_all_of_it(team_server, open_desk) -> None:  # type: ignore[no-untyped-def]
    """Records made before joining go up as one snapshot per application; nothing is left out."""
    a, c = open_desk("a"), open_desk("c")
    app_c, client_c = app_with_client(c, "(주)먼저있던", "124-81-00998")
    c.apps.save_many(app_c, {"project_title": "가입 전 과제", "budget": 7_000_000,
                             "members": [{"name": "홍길동", "mobile": "010-5555-1212"}]})
    c.clients.archive(client_c, True)
    Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    name = f"park_{team_server.tag}"
    invite = Team(a).add_member(name, "consultant")
    Team(c).join(team_server.conninfo, name, invite.code)
    Team(c).sync()
    Team(a).sync()
    app_a = _same_app(a, c, app_c)
    assert a.apps.open(app_a).values == c.apps.open(app_c).values
    assert a.apps.get(app_a).title == c.apps.get(app_c).title
    assert a.apps.get(app_a).form_key == "secure-voucher@2026"
    client_a = a.apps.get(app_a).client_id
    assert client_a is not None and a.clients.get(client_a).archived
    # afterwards, a field edited on both is still a conflict (the snapshot is its base)
    a.apps.save(app_a, "budget", 1)
    c.apps.save(app_c, "budget", 2)
    Team(a).sync()
    Team(c).sync()
    assert [x.path for x in Team(c).conflicts(app_c)] == ["budget"]


def test_a_snapshot_goes_as_the_book_is_at_push_time_and_the_cursor_skips_own_changes(
        team_server, open_desk) -> None:  # type: ignore[no-untyped-def]
    """Joining queues each application empty; an edit made before the first push travels in its
    snapshot and in its own change, and the other desk sees it once, with no conflict. After a
    push with nothing of anyone else's in between, the pull cursor is past the desk's own changes."""
    from desktop_app.storage import teamlog

    a, c = open_desk("a"), open_desk("c")
    app_c, _client = app_with_client(c, "(주)나중에보냄", "124-81-00998")
    c.apps.save_many(app_c, {"project_title": "가입 전", "budget": 5_000_000,
                             "members": [{"name": "홍길동", "mobile": "010-5555-1212"}]})
    Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    name = f"yun_{team_server.tag}"
    invite = Team(a).add_member(name, "consultant")
    Team(c).join(team_server.conninfo, name, invite.code)
    queued = c.store.db.execute("SELECT path, value FROM team_outbox WHERE path LIKE '*%' ORDER BY path").fetchall()
    assert queued == [("*", None), ("*sealed", None)]  # nothing copied at join
    c.apps.save(app_c, "project_title", "가입 후, 첫 동기화 전")
    Team(c).sync()
    cursor = teamlog.link(c.store.db).cursor  # type: ignore[union-attr]
    with team_server.admin() as conn:
        top = conn.execute("SELECT max(seq) FROM team.changes").fetchone()[0]
        snapshot = conn.execute("SELECT value::text FROM team.changes WHERE path = '*'").fetchone()[0]
    assert cursor == top  # only c's own changes on the server: the cursor is past all of them
    assert "가입 후, 첫 동기화 전" in snapshot and '"budget":5000000' in snapshot
    # a table with a sealed column travels whole in the sealed row, team-sealed
    assert "010-5555-1212" not in snapshot and "홍길동" not in snapshot
    Team(a).sync()
    app_a = _same_app(a, c, app_c)
    assert a.apps.open(app_a).values == c.apps.open(app_c).values
    assert a.apps.open(app_a).values["project_title"] == "가입 후, 첫 동기화 전"
    assert Team(a).conflicts() == [] and Team(c).conflicts() == []
    provenance = {p: x.provenance for p, x in a.apps.open(app_a).answers.items()}
    assert provenance == {p: x.provenance for p, x in c.apps.open(app_c).answers.items()}
    # one desk's later edit of a field the snapshot carried is no conflict anywhere
    c.apps.save(app_c, "budget", 6_000_000)
    a.apps.save(app_a, "project_title", "A가 나중에 고침")
    for _ in range(2):
        Team(c).sync()
        Team(a).sync()
    assert a.apps.open(app_a).values == c.apps.open(app_c).values
    assert a.apps.open(app_a).values["budget"] == 6_000_000
    assert c.apps.open(app_c).values["project_title"] == "A가 나중에 고침"
    assert Team(a).conflicts() == [] and Team(c).conflicts() == []


def test_seal_images_travel_sealed_and_land_beside_the_other_desks_database(
        team_server, open_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A seal chosen before joining (in the snapshot) and one chosen after (its own change) both
    reach the other desk as files; the server holds only sealed bytes under keyed names."""
    import hashlib
    from pathlib import Path

    from desktop_app.answers import read_answers

    sample = read_answers(Path(__file__).resolve().parents[1] / "fixtures" / "answers"
                          / "ai-data-voucher-2020-sme.json")
    first = Path(sample.resolve(sample.answers["seal"])).read_bytes()
    a, c = open_desk("a"), open_desk("c")
    app_c, client_c = app_with_client(c, "(주)도장", "124-81-00998")
    (tmp_path / "seal.png").write_bytes(first)
    c.apps.save(app_c, "seal", str(tmp_path / "seal.png"))
    Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    name = f"seo_{team_server.tag}"
    invite = Team(a).add_member(name, "consultant")
    Team(c).join(team_server.conninfo, name, invite.code)
    Team(c).sync()
    second_app = c.apps.new(lookup_form(c), client_id=client_c, title="둘째").app_id
    assert second_app is not None
    second = first + b"\x00"  # a different file (PNG readers ignore bytes after IEND)
    (tmp_path / "seal2.png").write_bytes(second)
    c.apps.save(second_app, "seal", str(tmp_path / "seal2.png"))
    Team(c).sync()
    Team(a).sync()
    for app in (app_c, second_app):
        shown = Path(a.apps.open(_same_app(a, c, app)).values["seal"])
        assert shown.parent == a.location.root / "images"
        assert shown.read_bytes() == Path(c.apps.open(app).values["seal"]).read_bytes()
    with team_server.admin() as conn:
        keys = [r[0] for r in conn.execute("SELECT key FROM team.images")]
        contents = [bytes(r[0]) for r in conn.execute("SELECT content FROM team.blobs")]
    plain = {hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()}
    assert len(keys) == 2 and not plain & set(keys)
    assert first not in contents and second not in contents and not any(first[16:80] in b for b in contents)


def test_a_leads_sync_brings_an_older_team_schema_up_to_date(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant) -> None:
    a, b, _ = lead_and_consultant
    with team_server.admin() as conn:  # the team as an older program left it (before images)
        conn.execute("DROP TABLE team.images")
        conn.execute("DELETE FROM team.schema_migrations WHERE version = 4")
    app_b, _client = app_with_client(b, "(주)옛서버", "124-81-00998")
    Team(b).sync()  # a consultant cannot migrate: the sync works with what the server has
    Team(a).sync()
    with team_server.admin() as conn:
        assert conn.execute("SELECT max(version) FROM team.schema_migrations").fetchone()[0] == 4
        assert conn.execute("SELECT to_regclass('team.images')").fetchone()[0] is not None
    assert _same_app(a, b, app_b)


def test_a_lead_rejoins_on_a_new_machine_with_the_recovery_code(  # type: ignore[no-untyped-def]
        team_server, open_desk) -> None:
    """`team init` prints the lead's recovery code 'for another machine'; joining with it was
    refused (the lead's login is the administrator's password, not derived from the code)."""
    from desktop_app.team.team import Team

    a, c = open_desk("a"), open_desk("c")
    recovery = Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
    app_with_client(a, "(주)리드", "124-81-00998")
    Team(a).sync()
    role = Team(c).join(team_server.conninfo, team_server.lead, recovery.code, team_server.password)
    assert role == "lead"
    Team(c).sync()
    assert [x.name for x in c.clients.search("리드")] == ["(주)리드"]


def test_a_new_edit_of_a_conflicted_field_settles_it_on_every_desk(
        lead_and_consultant: tuple[Desk, Desk, str]) -> None:
    """An ordinary edit after a conflict cleared it on the other desk but not on the desk that
    made the edit (a tester counted 3 conflicts on one desk and 2 on the other)."""
    a, b, _ = lead_and_consultant
    app_b, _client = app_with_client(b, "(주)다시고침", "124-81-00998")
    Team(b).sync()
    Team(a).sync()
    app_a = _same_app(a, b, app_b)
    a.apps.save(app_a, "project_title", "A가 고침")
    b.apps.save(app_b, "project_title", "B가 고침")
    for desk in (a, b, a):
        Team(desk).sync()
    assert len(Team(a).conflicts(app_a)) == 1 and len(Team(b).conflicts(app_b)) == 1
    # the command line lists it with both values (it showed a count only: a tester)
    import argparse
    import contextlib
    import io
    import json as json_mod

    from desktop_app.cli import team_cmd

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert team_cmd._conflicts(a, argparse.Namespace(app=None, json=True)) == 0
    [listed] = json_mod.loads(out.getvalue())
    assert listed["app"] == app_a and listed["field"] == "project_title"
    assert {listed["shown"], listed["other"]} == {"A가 고침", "B가 고침"}
    a.apps.save(app_a, "project_title", "A가 다시 정함")  # seen both, wrote a third: settled
    for desk in (a, b, a):
        Team(desk).sync()
    assert b.apps.open(app_b).values["project_title"] == "A가 다시 정함"
    assert Team(a).conflicts(app_a) == [] and Team(b).conflicts(app_b) == []

"""The audit trail on the server: who changed which answer when, from which machine, and whether
it came back from the client firm in a package or was written by the consultant."""

from __future__ import annotations

from pathlib import Path

from team_helpers import app_with_client

from desktop_app.service import read_package
from desktop_app.storage import teamlog
from desktop_app.team.team import Team


def test_audit_tells_the_client_firms_edits_from_the_consultants(  # type: ignore[no-untyped-def]
        team_server, lead_and_consultant, open_desk, tmp_path: Path) -> None:
    _a, b, kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)창업가", "124-81-00998")
    out = tmp_path / "to-client.vdpkg"
    b.packages.export(app_b, out)
    # the founder fills in their own plan on their own desk (not in the team) and sends it back
    firm = open_desk("firm")
    mine = firm.packages.import_(read_package(out, firm.find_form, lambda: None), conflict="both").app_id
    firm.apps.save(mine, "project_title", "대표가 직접 쓴 과제명")
    back = tmp_path / "from-client.vdpkg"
    firm.packages.export(mine, back)
    returned = b.packages.import_(read_package(back, b.find_form, lambda: None), conflict="keep").app_id
    b.apps.save(returned, "budget", 5_000_000)  # the consultant's own edit afterwards
    Team(b).sync()
    record = teamlog.uuid_of(b.store.db, "applications", returned)
    machine = teamlog.link(b.store.db).machine  # type: ignore[union-attr]
    with team_server.admin() as conn:
        rows = conn.execute("SELECT path, author, author_role, machine, written_by, at FROM team.audit "
                            "WHERE record = %s ORDER BY seq", (record,)).fetchall()
    by_path = {r[0]: r for r in rows}
    assert by_path["project_title"][4] == "client firm"
    assert by_path["budget"][4] == "consultant"
    assert {r[1] for r in rows} == {kim} and {r[2] for r in rows} == {"consultant"}
    assert {r[3] for r in rows} == {machine}
    assert all(r[5] is not None for r in rows)

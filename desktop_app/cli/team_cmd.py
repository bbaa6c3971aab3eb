"""`team init|join|status|sync|lock|unlock|conflicts|resolve|members`: sharing clients through a PostgreSQL server.

Secrets are never arguments (they would stay in the shell history): the lead's server password
comes from VOUCHER_DESK_TEAM_PASSWORD or a prompt, an invite code from VOUCHER_DESK_TEAM_INVITE or
a prompt. Exit codes: 0 done, 1 not done (the application is checked out by someone else, a
take-over declined), 2 bad input, refused by the server, or the server cannot be reached.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common
from desktop_app.cli.storage_cmd import with_desk

if TYPE_CHECKING:
    from desktop_app.service import Desk


def register(sub: Any) -> None:
    team = sub.add_parser("team", help="share clients and applications with colleagues (PostgreSQL)")
    tsub = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    p = tsub.add_parser("init", help="(lead) create the team on a PostgreSQL server and join it")
    p.add_argument("conninfo", metavar="CONNINFO", help="e.g. 'host=db.firm.local port=5432 dbname=voucher_team'")
    p.add_argument("--user", required=True, help="the lead's PostgreSQL login")
    p.add_argument("--name", default="", help="display name")
    p.set_defaults(func=with_desk(_init))
    p = tsub.add_parser("join", help="join a team with the invite code a lead gave you")
    p.add_argument("conninfo", metavar="CONNINFO")
    p.add_argument("--user", required=True, help="your member name (as the lead added it)")
    p.set_defaults(func=with_desk(_join))
    p = tsub.add_parser("status", help="joined? changes waiting, conflicts, last sync")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=with_desk(_status))
    p = tsub.add_parser("sync", help="send this desk's changes and fetch the others'")
    p.set_defaults(func=with_desk(_sync))
    p = tsub.add_parser("lock", help="check an application out (others see it read-only)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("--take-over", action="store_true", help="take it from whoever holds it (asks first)")
    p.add_argument("--yes", action="store_true", help="with --take-over: do not ask")
    p.add_argument("--minutes", type=int, default=120, help="lease length (default 120)")
    p.set_defaults(func=with_desk(_lock))
    p = tsub.add_parser("unlock", help="give a checked-out application back")
    p.add_argument("app", type=int, metavar="APP")
    p.set_defaults(func=with_desk(_unlock))
    p = tsub.add_parser("conflicts", help="the answers changed on two desks: both values, who and when "
                                          "(all applications, or APP)")
    p.add_argument("app", type=int, nargs="?", metavar="APP")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=with_desk(_conflicts))
    p = tsub.add_parser("resolve", help="settle a conflict on every desk: keep the value shown here, "
                                        "or the other one")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("path", metavar="FIELD")
    p.add_argument("--keep", choices=("shown", "other"), required=True)
    p.set_defaults(func=with_desk(_resolve))
    p = tsub.add_parser("members", help="list the members; 'members add NAME --role ROLE' and "
                                        "'members remove NAME' (a lead)")
    p.add_argument("action", nargs="?", choices=("list", "add", "remove"), default="list")
    p.add_argument("member", nargs="?", metavar="NAME")
    p.add_argument("--role", choices=("lead", "consultant", "reviewer"))
    p.add_argument("--name", default="", help="display name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=with_desk(_members))


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise common.CliError(f"{prompt}: set {env} or run in a terminal")
    return getpass.getpass(f"{prompt}: ")


def _init(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    password = _secret("VOUCHER_DESK_TEAM_PASSWORD", f"PostgreSQL password of {ns.user}")
    invite = Team(desk).init(f"{ns.conninfo} user={ns.user}", password, ns.name)
    print(f"팀을 만들었습니다 / team created on the server; you ({invite.member}) are its lead.")
    print(f"복구 코드(다른 컴퓨터에서 팀 키를 엽니다. 안전하게 보관하세요) / Recovery code (opens the team key on "
          f"another machine; keep it safe): {invite.code}")
    print("동료 추가 / Add colleagues: voucher-desk team members add NAME --role consultant")
    return 0


def _join(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    code = _secret("VOUCHER_DESK_TEAM_INVITE", "invite code")
    # a lead rejoining on another machine: the recovery code, and the lead's own server password
    lead_password = os.environ.get("VOUCHER_DESK_TEAM_PASSWORD") or None
    role = Team(desk).join(ns.conninfo, ns.user, code, lead_password)
    print(f"가입했습니다 / joined as {ns.user} ({role}); run 'voucher-desk team sync'")
    return 0


def _status(desk: Desk, ns: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desktop_app.team.team import Team

    status = Team(desk).status()
    if ns.json:
        common.print_json(asdict(status))
    elif not status.joined:
        print("팀에 가입하지 않음 / not in a team")
    else:
        print(f"member: {status.member} ({status.role})  구성원\nserver: {status.server}  서버\n"
              f"waiting: {status.waiting} changes  보낼 변경 {status.waiting}건\n"
              f"conflicts: {status.conflicts}  확인 필요 {status.conflicts}건\n"
              f"last sync: {status.last_sync or 'never'}  마지막 동기화"
              + (f"\nlast error: {status.last_error}  마지막 오류" if status.last_error else ""))
    return 0


def _sync(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    def progress(stage: str, n: int) -> None:
        print(f"{stage} {n}", flush=True)

    report = Team(desk).sync(on_batch=progress)
    print(f"pulled {report.pulled}, pushed {report.pushed}, conflicts {report.conflicts}"
          + (f", held back (checked out by others): {len(report.held)}" if report.held else "")
          + f" — 받음 {report.pulled}, 보냄 {report.pushed}, 확인 필요 {report.conflicts}"
          + (f", 다른 사람이 체크아웃해 보류 {len(report.held)}" if report.held else ""))
    return 0


def _lock(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    team = Team(desk)
    taken, lease = team.lock(ns.app, minutes=ns.minutes)
    if not taken and lease is not None and ns.take_over:
        if not ns.yes:
            if not sys.stdin.isatty():
                raise common.CliError("가져오기는 확인이 필요합니다: --yes를 붙이거나 터미널에서 실행하세요",
                                      "a take-over must be confirmed: add --yes or run in a terminal")
            answer = input(f"{lease.holder} ({lease.machine}) holds it until {lease.expires_at:%Y-%m-%d %H:%M}. "
                           "Take it over? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "예"):
                return 1
        taken, lease = team.lock(ns.app, take_over=True, minutes=ns.minutes)
    if not taken:
        who = f"{lease.holder} ({lease.machine}) until {lease.expires_at:%Y-%m-%d %H:%M %Z}" if lease else "someone"
        print(f"checked out by {who}: read-only here (--take-over to take it) — "
              "다른 사람이 체크아웃했습니다: 여기서는 읽기 전용입니다(가져오려면 --take-over)")
        return 1
    assert lease is not None
    print(f"checked out to you until {lease.expires_at:%Y-%m-%d %H:%M %Z} — "
          f"{lease.expires_at:%Y-%m-%d %H:%M %Z}까지 체크아웃했습니다")
    return 0


def _unlock(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    team = Team(desk)
    if team.unlock(ns.app):
        print("released — 돌려주었습니다")
        return 0
    held = team.holder(ns.app)
    if held is not None:  # someone else's: only a logged take-over ends it
        member, machine, until = held
        common.fail(common.both(f"{member}({machine})님이 {until}까지 체크아웃했습니다. 가져오려면 "
                                f"'voucher-desk team lock {ns.app} --take-over'",
                                f"checked out by {member} ({machine}) until {until}; to take it over: "
                                f"voucher-desk team lock {ns.app} --take-over"))
        return 1
    print("체크아웃한 적이 없습니다 (it was not checked out by you)")
    return 0


def _conflicts(desk: Desk, ns: argparse.Namespace) -> int:
    """The window's '확인 필요: 두 곳에서 고침' on the command line (a tester had only a count)."""
    from desktop_app.storage import teamlog
    from desktop_app.team.team import Team

    team = Team(desk)
    rows = []
    for c in team.conflicts(ns.app):
        app_id = ns.app if ns.app is not None else teamlog.id_of(desk.store.db, "applications", c.record)
        if app_id is None:
            continue
        shown = desk.apps.open(app_id).values.get(c.path)
        rows.append({"app": app_id, "field": c.path, "shown": shown, "other": team.other_value(app_id, c),
                     "other_author": c.other_author, "other_machine": c.other_machine, "other_at": c.other_at})
    if ns.json:
        common.print_json(rows)
        return 0
    for r in rows:
        print(f"#{r['app']} {r['field']}: shown {r['shown']!r} / other {r['other']!r} "
              f"({r['other_author']}, {r['other_machine']}, {r['other_at']})")
    print(f"{len(rows)} conflict(s) — 확인 필요 {len(rows)}건"
          + ("; settle one: voucher-desk team resolve APP FIELD --keep shown|other" if rows else ""))
    return 0


def _resolve(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    team = Team(desk)
    if not any(c.path == ns.path for c in team.conflicts(ns.app)):
        raise common.CliError(f"#{ns.app} {ns.path}: 확인할 충돌이 없습니다 ('team conflicts {ns.app}')",
                              f"#{ns.app} {ns.path}: no conflict to settle (see 'team conflicts {ns.app}')")
    team.resolve(ns.app, ns.path, ns.keep)
    print(f"settled #{ns.app} {ns.path} (kept the {ns.keep} value); 'team sync' sends it — 정했습니다")
    return 0


def _members(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.team.team import Team

    team = Team(desk)
    if ns.action == "add":
        if not ns.member or not ns.role:
            raise common.CliError("members add NAME --role lead|consultant|reviewer")
        invite = team.add_member(ns.member, ns.role, ns.name)
        status = team.status()
        where = status.server.replace(f"user={status.member}", "").strip()
        print(f"{invite.member}({invite.role})을(를) 추가했습니다. 초대 코드는 직접 또는 전화로 전하세요 / "
              f"added {invite.member} ({invite.role}). Give them, in person or by phone, this invite code:\n"
              f"  {invite.code}\nThey join with:\n"
              f"  voucher-desk team join '{where}' --user {invite.member}   (it asks for the code)"
              + ("\n  (다른 컴퓨터에서는 127.0.0.1 대신 이 서버의 주소를 쓰세요 / from another computer, put this "
                 "server's address in place of 127.0.0.1)" if "127.0.0.1" in where or "localhost" in where else ""))
        return 0
    if ns.action == "remove":
        if not ns.member:
            raise common.CliError("members remove NAME")
        team.remove_member(ns.member)
        print(f"{ns.member}을(를) 팀에서 제외했습니다 / "
              f"removed {ns.member}: the server refuses their login and every statement from now on; "
              "what their desk already holds stays on it (docs/architecture.md, Team sync: members)")
        return 0
    found = team.members()
    if ns.json:
        common.print_json([m.__dict__ for m in found])
    else:
        for m in found:
            print(f"{m.name:<20} {m.role:<11} {m.display_name}")
    return 0

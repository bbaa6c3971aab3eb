"""Hostile input, as an attacker would send it: each case refused with a clear message, exit 2,
nothing written, in a subprocess bounded in memory (RLIMIT_AS) and time — the command as typed.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "exchange"))
from packages import edit_json, manifest_of, members, pack

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
MEMORY = 1536 * 1024 * 1024
TIMEOUT = 60
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and FIFOs")


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def cli(home: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, float]:
    env = {**os.environ, "VOUCHER_DESK_HOME": str(home), "VOUCHER_DESK_PASSPHRASE": "test passphrase 14",
           "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "desktop_app", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_bounded)
    return proc.returncode, proc.stderr + (proc.stdout if args[:1] == ("forms",) else ""), \
        time.monotonic() - start


def _apps(home: Path) -> int:
    """Drafts in the database (read directly, read-only: a subprocess per case doubled the time)."""
    db = home / "data" / "voucher-desk.sqlite3"
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM applications").fetchone()[0])
    finally:
        conn.close()


def _files(home: Path) -> set[str]:
    """Every file the import could have stored (attachments, images), by name."""
    data = home / "data"
    return {str(p.relative_to(data)) for sub in ("attachments", "images") if (data / sub).is_dir()
            for p in (data / sub).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A good package of the shipped sample, taken apart."""
    home = tmp_path_factory.mktemp("sender")
    code, err, _ = cli(home, "apps", "new", "ai-data-voucher", "--answers", str(SAMPLE))
    assert code == 0, err
    out = home / "sample.vdpkg"
    code, err, _ = cli(home, "export", "1", "-o", str(out))
    assert code == 0, err
    return members(out.read_bytes())


def _refused(home: Path, args: list[str], expect: str, cwd: Path | None = None) -> str:
    before = _files(home)
    code, err, took = cli(home, *args, cwd=cwd)
    assert code == 2, f"exit {code}: {err}"
    assert expect in err, err
    assert err.count("\n") <= 2, f"one clear message, not a traceback: {err}"
    assert took < TIMEOUT
    assert _files(home) == before, "nothing stored"
    assert _apps(home) == 0, "no draft made"
    print(f"REFUSED ({took:.1f} s): {err.strip()}")
    return err


def _seal(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["answers"]["seal"] = value
    return change


@pytest.mark.parametrize("value", ["/dev/zero", "../../../../etc/hostname"])
def test_a_package_names_images_only_as_its_own_members(package: dict[str, bytes], tmp_path: Path,
                                                        value: str) -> None:
    parts = edit_json(package, "answers.json", _seal(value))
    parts = {n: b for n, b in parts.items() if not n.startswith("images/")}
    bad = tmp_path / "bad.vdpkg"
    bad.write_bytes(pack(parts))
    _refused(tmp_path / "home", ["import", str(bad)], "may only name the package's own images/ member")


def test_a_package_may_not_ask_for_a_gigabyte_of_scrypt(package: dict[str, bytes], tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = tmp_path / "good.vdpkg"
    good.write_bytes(pack(package))
    env_pkg = tmp_path / "enc.vdpkg"
    code, err, _ = cli(home, "import", str(good))
    assert code == 0, err
    os.environ["VOUCHER_DESK_PACKAGE_PASSPHRASE"] = "패키지 암호문장입니다"
    try:
        code, err, _ = cli(home, "export", "1", "-o", str(env_pkg), "--encrypt")
        assert code == 0, err
        parts = members(env_pkg.read_bytes())
        manifest = manifest_of(parts)
        manifest["kdf"]["log2_n"] = 20
        env_pkg.write_bytes(pack(parts, manifest=manifest))
        home2 = tmp_path / "home2"
        _refused(home2, ["import", str(env_pkg)], "kdf.log2_n 20")
    finally:
        del os.environ["VOUCHER_DESK_PACKAGE_PASSPHRASE"]


def _answers_file(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["answers"].pop("seal", None)  # the sample's own files are not beside the copy
    data["attachments"] = {}
    change(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _attach(name: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["attachments"]["brn_certificate"] = [name]
    return change


COMMANDS = {  # every command that reads the files an answers file names, as typed
    "import": lambda path, out: ["import", str(path)],
    "validate": lambda path, out: ["validate", "ai-data-voucher@2020", str(path)],
    "pdf": lambda path, out: ["pdf", "ai-data-voucher@2020", str(path), "-o", str(out)],
    "apps new": lambda path, out: ["apps", "new", "ai-data-voucher@2020", "--answers", str(path)],
    "hwpx": lambda path, out: ["hwpx", "ai-data-voucher@2020", str(path), "-o", str(out.with_suffix(".hwpx"))],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_answers_file_paths_stay_in_its_folder(tmp_path: Path, command: str) -> None:
    home, out = tmp_path / "home", tmp_path / "out.pdf"
    pdf = SAMPLE.parent / "attachments" / "ai-data-voucher-2020" / "brn-certificate.pdf"
    folder = tmp_path / "inbox" / "received"
    (tmp_path / "inbox" / "sibling").mkdir(parents=True)
    folder.mkdir()
    (tmp_path / "inbox" / "sibling" / "x.pdf").write_bytes(pdf.read_bytes())

    def refused(change: Callable[[dict[str, Any]], None], expect: str, field: str) -> None:
        args = COMMANDS[command](_answers_file(folder, change), out)
        err = _refused(home, args, expect)
        assert field in err, err  # the field is named
        assert not list(tmp_path.glob("out.*")), "no PDF or HWPX written"

    os.mkfifo(folder / "fifo.pdf")
    (folder / "zero.png").symlink_to("/dev/zero")
    (folder / "out.png").symlink_to(pdf)
    (folder / "dir").symlink_to(tmp_path / "inbox" / "sibling")
    refused(_attach(str(pdf)), "absolute paths are refused", "attachments.brn_certificate")
    refused(_attach("../sibling/x.pdf"), "'..' may not climb out", "attachments.brn_certificate")
    refused(_attach("fifo.pdf"), "not a regular file", "attachments.brn_certificate")
    refused(_seal("../sibling/x.pdf"), "'..' may not climb out", "answers.seal")
    refused(_seal("dir/x.pdf"), "a link pointing outside", "answers.seal")
    if command != "import":  # the other commands share the one check; import has every case
        return
    refused(_attach("../../secret/x.pdf"), "'..' may not climb out", "attachments.brn_certificate")
    refused(_attach("sub/../../sibling/x.pdf"), "'..' may not climb out", "attachments.brn_certificate")
    refused(_attach("~/x.pdf"), "absolute paths are refused", "attachments.brn_certificate")
    refused(_attach("zero.png"), "a link pointing outside", "attachments.brn_certificate")
    refused(_attach("dir/x.pdf"), "a link pointing outside", "attachments.brn_certificate")
    refused(_seal("/dev/zero"), "absolute paths are refused", "answers.seal")
    refused(_seal("fifo.pdf"), "not a regular file", "answers.seal")
    refused(_seal("zero.png"), "a link pointing outside", "answers.seal")
    refused(_seal("out.png"), "a link pointing outside", "answers.seal")


def test_the_samples_files_are_their_own(tmp_path: Path) -> None:
    """The shipped samples name `attachments/…` inside their folder, and import with them."""
    for sample in sorted(SAMPLE.parent.glob("*.json")):
        text = sample.read_text(encoding="utf-8")
        assert "../" not in text and '"attachments/' in text, sample.name
    code, err, _ = cli(tmp_path / "home", "import", str(SAMPLE))
    assert code == 0, err
    assert len(_files(tmp_path / "home")) >= 5


def test_answers_file_form_is_an_id_never_a_path(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("id: x\n", encoding="utf-8")

    def change(data: dict[str, Any]) -> None:
        data["form"] = str(evil)
    _refused(tmp_path / "home", ["import", str(_answers_file(tmp_path / "a", change))],
             "must be a form id")


def test_answers_file_limits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    big = tmp_path / "big.json"
    big.write_text('{"form": "ai-data-voucher@2020", "answers": {"project_title": "'
                   + "가" * (9 * 1024 * 1024 // 3) + '"}}', encoding="utf-8")
    _refused(home, ["import", str(big)], "too large")

    def rows(data: dict[str, Any]) -> None:
        data["answers"]["datasets"] = [dict(data["answers"]["datasets"][0]) for _ in range(1000)]
    _refused(home, ["import", str(_answers_file(tmp_path / "rows", rows))], "datasets")
    dup = tmp_path / "dup.json"
    dup.write_text('{"form": "ai-data-voucher@2020", "form": "data-voucher@2023", "answers": {}}',
                   encoding="utf-8")
    _refused(home, ["import", str(dup)], "duplicate key(s): form")
    deep = tmp_path / "deep.json"
    deep.write_text('{"form": "ai-data-voucher@2020", "answers": {"x": ' + "[" * 5000 + "]" * 5000 + "}}",
                    encoding="utf-8")
    _refused(home, ["import", str(deep)], "nested too deeply")
    huge = tmp_path / "huge.json"
    huge.write_text('{"form": "ai-data-voucher@2020", "answers": {"x": ' + "9" * 100_000 + "}}",
                    encoding="utf-8")
    _refused(home, ["import", str(huge)], "number is too large")


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"form": "ai-data-voucher@2020", "answers": {}}).encode())
    code, err, _ = cli(tmp_path / "home", "import", str(path))
    assert code == 0, err


def _form_with(tmp_path: Path, expr: str) -> Path:
    source = (ROOT / "forms" / "data-voucher-2022.yaml").read_text(encoding="utf-8")
    (tmp_path / "templates").symlink_to(ROOT / "forms" / "templates")
    marker = 'expr: "count([1 for r in datasets'
    assert marker in source
    path = tmp_path / "hostile.yaml"
    path.write_text(source.replace(marker, f'expr: "{expr} + count([1 for r in datasets', 1),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("expr", "message"), [
    ("4000000**4000000", "is above 100"),
    ("len('%0999999999d' % 1)", "printf formatting"),
    ("count([[1 for a in datasets] for b in datasets])", "nested comprehensions"),
    ("count([1 for a in datasets for b in datasets for c in datasets])", "one 'for' per comprehension"),
    ("(1 << 99999999)", "shift by"),
])
def test_forms_check_refuses_hostile_expressions(tmp_path: Path, expr: str, message: str) -> None:
    code, err, took = cli(tmp_path / "home", "forms", "check", str(_form_with(tmp_path, expr)))
    assert code == 1 and message in err, err  # `forms check`: 1 = the definition has problems
    print(f"REFUSED ({took:.1f} s): {expr}: {message}")


def test_expressions_are_bounded_at_evaluation_too() -> None:
    """What no check at load can see (values from answers): refused when evaluated."""
    import datetime as dt

    from desktop_app.forms.expressions import Evaluator, ExpressionLimit, compile_expr

    ev = Evaluator(dt.date(2026, 1, 1), {})
    for source, names in [("x ** y", {"x": 4_000_000, "y": 4_000_000}),
                          ("x * x * x * x * x * x * x * x * x * x", {"x": 10 ** 600}),
                          ("t % x", {"t": "%0999999999d", "x": 1})]:
        with pytest.raises(ExpressionLimit):
            ev.evaluate(compile_expr(source), names)


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err, took = cli(tmp_path / "home", "forms", "check", str(bomb))
    assert code == 1 and "too many aliases" in err, err
    assert took < 20

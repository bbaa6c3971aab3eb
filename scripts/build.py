"""Build the frozen app with PyInstaller, smoke-test it, report size and start time (issue #9).

    .venv/bin/python scripts/build.py              # onedir → dist/voucher-desk/, then the smoke tests
    .venv/bin/python scripts/build.py --onefile    # also the single file → dist/onefile/voucher-desk
    .venv/bin/python scripts/build.py --no-build   # smoke-test what dist/ already holds
    .venv/bin/python scripts/build.py --archive    # and pack dist/voucher-desk-VERSION-OS-ARCH.zip/.tar.gz

Smoke tests, for each build:
- `voucher-desk --self-test` with no display: exit 0, "N of N checks passed", and nothing on stderr
  but the known harmless Qt lines in ALLOWED_STDERR;
- the same with `--base-dir DIR`, which must then hold the database;
- every module of desktop_app and ui imports in the bundle, and Qt finds its Korean translations
  and platform plugins there (VOUCHER_DESK_CHECK_IMPORTS=1);
- on Linux, when the tools are installed: under Xvfb (the xcb platform plugin and its libraries),
  and with a Secret Service keyring (gnome-keyring in a private D-Bus session).
Then: size (MB = 10^6 bytes), build time, and start time — process start → window shown and idle
("ready", printed when VOUCHER_DESK_QUIT_WHEN_IDLE=1), frozen vs from source, side by side.
Exit 0 only when every build and every smoke test passed and the sizes are within budget.
benchmarks/frozen.py reuses these functions for the budget table.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "voucher-desk"
IS_WINDOWS = sys.platform == "win32"
IS_LINUX = sys.platform.startswith("linux")
MB = 1_000_000
# This round's libraries cost about 25 MB unpacked: python-hwpx with lxml (≈11 MB, the agency's
# 서식), psycopg's binary with libpq and its TLS/Kerberos libraries (≈12 MB, the team server) and
# openpyxl; measured 200.3 MB onedir / 87.5 MB onefile, so the budgets moved from 200 / 80.
BUDGET_MB = {"onedir": 210, "onefile": 92}
TIMEOUT = 180

# stderr lines that are expected and harmless (regular expressions, whole line).
ALLOWED_STDERR = [
    r"This plugin does not support propagateSizeHints\(\)",  # the offscreen platform, for every window
]
SUMMARY = re.compile(r"^self-test: (\d+) of (\d+) checks passed$", re.M)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Build:
    kind: str  # "onedir" or "onefile"
    seconds: float | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return DIST / NAME if self.kind == "onedir" else DIST / "onefile" / exe_name(NAME)

    def executable(self) -> Path:
        """The executable with a console (Windows and macOS builds carry a -console variant)."""
        if self.kind == "onefile":
            return self.path
        console = self.path / exe_name(f"{NAME}-console")
        return console if console.exists() else self.path / exe_name(NAME)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def exe_name(stem: str) -> str:
    return f"{stem}.exe" if IS_WINDOWS else stem


# --- Building ---------------------------------------------------------------------------------

def pyinstaller(kind: str) -> float:
    """Run `pyinstaller build.spec`; returns the seconds it took. Raises on failure."""
    env = {**os.environ, "VOUCHER_DESK_ONEFILE": "1" if kind == "onefile" else "0"}
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(ROOT / "build.spec")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    seconds = time.perf_counter() - start
    for line in (proc.stdout + proc.stderr).splitlines():
        if line.startswith("build.spec:"):
            print(f"  {line}")
    if proc.returncode != 0:
        print("\n".join((proc.stdout + proc.stderr).splitlines()[-40:]), file=sys.stderr)
        raise RuntimeError(f"pyinstaller failed for the {kind} build (exit {proc.returncode})")
    return seconds


def size_bytes(path: Path) -> int:
    """Apparent size of a file, or of every file below a folder (symbolic links count as links)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def app_version() -> str:
    text = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    return match.group(1) if match else "0"


def archive(build: Build) -> Path:
    """The release archive of the onedir build: zip on Windows, tar.gz elsewhere (keeps symbolic links)."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    base = DIST / f"{NAME}-{app_version()}-{system}-{platform.machine().lower()}"
    fmt = "zip" if IS_WINDOWS else "gztar"
    return Path(shutil.make_archive(str(base), fmt, root_dir=build.path.parent, base_dir=build.path.name))


# --- Smoke tests -------------------------------------------------------------------------------

def headless_env(**extra: str) -> dict[str, str]:
    """The environment of a machine without a display: the app must choose offscreen by itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for key in [k for k in env if k.startswith("VOUCHER_DESK_")]:
        del env[key]
    return {**env, **extra}


def unexpected_stderr(text: str) -> list[str]:
    return [line for line in text.splitlines()
            if line.strip() and not any(re.fullmatch(p, line.strip()) for p in ALLOWED_STDERR)]


def run(cmd: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=TIMEOUT, stdin=subprocess.DEVNULL)


def self_test_check(name: str, cmd: Sequence[str], env: dict[str, str], *, strict_stderr: bool = True,
                    must_say: str | None = None) -> Check:
    try:
        proc = run(cmd, env)
    except subprocess.TimeoutExpired:
        return Check(name, False, f"no answer within {TIMEOUT} s")
    problems = []
    summary = SUMMARY.search(proc.stdout)
    if proc.returncode != 0:
        problems.append(f"exit {proc.returncode}")
    if summary is None or summary.group(1) != summary.group(2):
        problems.append("no 'N of N checks passed' line")
    if must_say and must_say not in proc.stdout:
        problems.append(f"output lacks {must_say!r}")
    extra = unexpected_stderr(proc.stderr) if strict_stderr else []
    if extra:
        problems.append(f"unexpected stderr: {extra[:5]}")
    if problems:
        failed = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
        return Check(name, False, "; ".join(problems + failed))
    return Check(name, True, summary.group(0) if summary else "")


def import_check(exe: Path) -> Check:
    proc = run([str(exe)], headless_env(VOUCHER_DESK_CHECK_IMPORTS="1", QT_QPA_PLATFORM="offscreen"))
    text = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    if proc.returncode != 0:
        return Check("imports and Qt files", False, f"exit {proc.returncode}: {proc.stderr.strip()[:400]}")
    return Check("imports and Qt files", True, text)


def base_dir_check(exe: Path) -> Check:
    with tempfile.TemporaryDirectory(prefix="vd-smoke-") as tmp:
        check = self_test_check("self-test --base-dir", [str(exe), "--self-test", "--base-dir", tmp], headless_env())
        if check.ok and not any((Path(tmp) / "data").glob("*.sqlite3")):
            return Check(check.name, False, f"no database under {tmp}/data")
    return check


def secret_service_command(exe: Path) -> list[str] | None:
    """A private D-Bus session with an unlocked gnome-keyring, where keyring finds a real backend."""
    if not (IS_LINUX and shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        return None
    script = ('printf smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
              'exec "$0" --self-test')
    return ["dbus-run-session", "--", "sh", "-c", script, str(exe)]


def smoke_test(build: Build) -> None:
    exe = build.executable()
    if not exe.exists():
        build.checks.append(Check("exists", False, f"{exe} is missing"))
        return
    build.checks.append(self_test_check("self-test (no display)", [str(exe), "--self-test"], headless_env()))
    build.checks.append(base_dir_check(exe))
    build.checks.append(import_check(exe))
    if IS_LINUX and shutil.which("xvfb-run"):
        build.checks.append(self_test_check("self-test under Xvfb (xcb)", ["xvfb-run", "-a", str(exe), "--self-test"],
                                            headless_env(), must_say=" on xcb,"))
    secret = secret_service_command(exe)
    if secret:  # dbus-daemon itself writes to stderr here, so only the app's stdout is judged
        build.checks.append(self_test_check("self-test with Secret Service", secret, headless_env(),
                                            strict_stderr=False, must_say="SecretService"))


# --- Start time ------------------------------------------------------------------------------

def source_command() -> list[str]:
    return [sys.executable, "-m", "ui.app"]


def seconds_to_marks(cmd: Sequence[str], env: dict[str, str],
                     marks: tuple[str, ...] = ("ready", "home")) -> list[float]:
    """Seconds from spawning `cmd` to each marker line it prints."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            cwd=ROOT, stdin=subprocess.DEVNULL)
    assert proc.stdout is not None
    found: list[float] = []
    for line in proc.stdout:
        if line.strip() == marks[len(found)]:
            found.append(time.perf_counter() - start)
            if len(found) == len(marks):
                break
    proc.stdout.close()
    proc.wait(timeout=TIMEOUT)
    if len(found) != len(marks):
        raise RuntimeError(f"{cmd[0]} exited without printing {marks}")
    return found


def start_times(commands: dict[str, list[str]], runs: int = 5) -> dict[str, tuple[float, float]]:
    """Median seconds to the first window ("ready") and to the populated home page ("home") for each
    command, run in turn (interleaved, after one warm-up each) against one prepared data folder."""
    with tempfile.TemporaryDirectory(prefix="vd-start-") as home:
        config = Path(home) / "config"
        config.mkdir(parents=True)
        (config / "ui.ini").write_text("[General]\nmode=consultant\n", encoding="utf-8")
        env = headless_env(QT_QPA_PLATFORM="offscreen", VOUCHER_DESK_QUIT_WHEN_IDLE="1", VOUCHER_DESK_HOME=home)
        samples: dict[str, list[list[float]]] = {name: [] for name in commands}
        for cmd in commands.values():
            seconds_to_marks(cmd, env)  # warm the disk cache; the first run creates the database
        for _ in range(runs):
            for name, cmd in commands.items():
                samples[name].append(seconds_to_marks(cmd, env))
    return {name: (statistics.median(s[0] for s in runs_), statistics.median(s[1] for s in runs_))
            for name, runs_ in samples.items()}


# --- Main ------------------------------------------------------------------------------------

def report(builds: list[Build], sizes: dict[str, int], times: dict[str, tuple[float, float]] | None) -> bool:
    ok = True
    for build in builds:
        print(f"\n{build.kind}: {build.path.relative_to(ROOT)}")
        for check in build.checks:
            print(f"  {'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
            ok &= check.ok
        size = sizes.get(build.kind)
        if size is not None:
            within = size / MB <= BUDGET_MB[build.kind]
            ok &= within
            print(f"  {'ok  ' if within else 'FAIL'} size: {size / MB:.1f} MB (budget {BUDGET_MB[build.kind]} MB)")
        if build.seconds is not None:
            print(f"       build time: {build.seconds:.1f} s")
    if times:
        source = times["source"][0]
        print("\nstart (process start → window shown and idle; → home page populated), median:")
        for name, (window, home) in times.items():
            ratio = "" if name == "source" else f"  ({window / source:.2f}× the start from source)"
            print(f"  {name:8} {window * 1000:6.0f} ms; home {home * 1000:6.0f} ms{ratio}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true", help="also build and test the single-file app")
    parser.add_argument("--no-build", action="store_true", help="test the builds already in dist/")
    parser.add_argument("--runs", type=int, default=5, help="start-time runs per command (0: skip)")
    parser.add_argument("--archive", action="store_true", help="pack the onedir build for a release")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is missing: run this with the project's .venv/bin/python "
              "(bash scripts/setup.sh installs it)", file=sys.stderr)
        return 2
    builds = [Build("onedir")] + ([Build("onefile")] if args.onefile else [])
    for build in builds:
        if not args.no_build:
            print(f"building {build.kind} …", flush=True)
            try:
                build.seconds = pyinstaller(build.kind)
            except RuntimeError as exc:
                build.checks.append(Check("build", False, str(exc)))
                continue
        print(f"smoke-testing {build.kind} …", flush=True)
        smoke_test(build)
    sizes = {b.kind: size_bytes(b.path) for b in builds if b.path.exists()}
    times = None
    if args.runs > 0 and all(b.ok for b in builds):
        commands = {"source": source_command(), **{b.kind: [str(b.executable())] for b in builds}}
        times = start_times(commands, args.runs)
    ok = report(builds, sizes, times)
    if ok and args.archive:
        packed = archive(builds[0])
        print(f"\nrelease archive: {packed.relative_to(ROOT)} ({packed.stat().st_size / MB:.1f} MB)")
    print("\nbuild: " + ("all smoke tests passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

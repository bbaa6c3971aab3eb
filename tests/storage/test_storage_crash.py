"""Kill a writer 200 times at random moments; nothing acknowledged may be lost.

After each SIGKILL the database must pass integrity_check, hold every save the writer
acknowledged (it prints an ack only after the commit returned), and its change log must replay
exactly to the stored answers. A deliberately broken writer (one change split over two
transactions) must be caught by the same checker — proof that the checker can fail.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crash_writer

WRITER = Path(crash_writer.__file__)
KILLS = 200
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer zygote forks")


def _prepare(db_path: Path, form: FormDefinition) -> None:
    with Desk.open(db_path, auto_backup=False) as desk:
        for _ in range(3):
            desk.apps.new(form)


class Zygote:
    def __init__(self, db_path: Path, broken: bool) -> None:
        args = [sys.executable, str(WRITER), str(db_path)] + (["--broken"] if broken else [])
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env)

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        assert line, "the writer zygote died"
        return line.strip()

    def run_and_kill(self, seed: int, delay: float, after_open: bool) -> tuple[list[str], int]:
        """Start a writer, SIGKILL it `delay` seconds after its start (or, with `after_open`,
        after its first acknowledged save: on a loaded machine opening and the first save alone
        can outlast any fixed delay); its ack lines and exit status."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {seed}\n".encode())
        self.proc.stdin.flush()
        pid = int(self._line().split()[1])
        acks = []
        while after_open and not acks:
            line = self._line()
            assert not line.startswith("exit "), f"the writer ended by itself: {line}"
            acks.append(line)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        while not (line := self._line()).startswith("exit "):
            acks.append(line)
        return acks, int(line.split()[1])

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def _crash_rounds(db_path: Path, broken: bool, kills: int, stop_at_problem: bool
                  ) -> tuple[int, int, list[str]]:
    """(rounds run, acks seen, problems of the first failing round)."""
    rng = random.Random(20261125 + broken)
    zygote = Zygote(db_path, broken)
    acked: list[str] = []
    early = 0
    try:
        for n in range(1, kills + 1):
            acks, status = zygote.run_and_kill(rng.randrange(2**31), rng.uniform(0.0, 0.06),
                                               after_open=rng.random() < 0.9)
            early += not acks  # killed while opening, before its first save
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
                f"round {n}: the writer ended by itself ({status}) — see its stderr"
            acked += acks
            problems = crash_writer.check(db_path, acked)
            if problems and stop_at_problem:
                return n, len(acked), problems
            assert not problems, f"round {n}: {problems[:5]}"
        print(f"{early} of {kills} kills came before the writer's first save (while opening)")
        return kills, len(acked), []
    finally:
        zygote.close()


def test_killed_writer_loses_nothing_acknowledged(tmp_path: Path, form_2026: FormDefinition
                                                 ) -> None:
    db_path = tmp_path / "crash.sqlite3"
    _prepare(db_path, form_2026)
    rounds, acks, problems = _crash_rounds(db_path, broken=False, kills=KILLS,
                                           stop_at_problem=False)
    assert rounds == KILLS and not problems
    assert acks > KILLS, "the writer should have acknowledged many saves between kills"
    with Desk.open(db_path, auto_backup=False) as desk:  # the app's own open still works
        assert desk.history.undo(1).rev is not None
    print(f"crash test: {rounds}/{KILLS} kills survived, {acks} acknowledged changes intact")


def test_checker_catches_a_change_split_over_two_transactions(tmp_path: Path,
                                                              form_2026: FormDefinition) -> None:
    db_path = tmp_path / "broken.sqlite3"
    _prepare(db_path, form_2026)
    rounds, _, problems = _crash_rounds(db_path, broken=True, kills=KILLS, stop_at_problem=True)
    assert problems, f"the broken writer survived {rounds} kills unnoticed"
    print(f"broken variant caught after {rounds} kill(s): {problems[0]}")

"""The docs/architecture.md benchmark output: `NAME: VALUE UNIT (target OP X) ok|MISS`, then `M of N targets met`.

A row's verdict is None for a number reported beside a target (a reference, a side-by-side
value) rather than checked.
"""

from __future__ import annotations

from collections.abc import Iterable

Row = tuple[str, float, str, str, "bool | None"]


def print_rows(rows: Iterable[Row]) -> int:
    """Print every row and the tally; the exit code is 0 only when every target is met."""
    met = targets = 0
    for name, value, unit, target, ok in rows:
        verdict = "" if ok is None else (" ok" if ok else " MISS")
        print(f"{name}: {value:.{2 if unit == 'x' else 1}f} {unit} {target}{verdict}")
        if ok is not None:
            targets += 1
            met += bool(ok)
    print(f"{met} of {targets} targets met")
    return 0 if met == targets else 1

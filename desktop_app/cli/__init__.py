"""The command line (docs/architecture.md contract). Subcommands never start Qt.

Exit codes: 0 success, 1 the checked thing has blocking problems, 2 bad input or an environment
fault — always with a one-line reason on stderr, never a traceback (VOUCHER_DESK_DEBUG=1 shows it).
`voucher-desk` with no subcommand starts the window; that decision lives in ui/app.py, the
composition root, which calls `parse` and `run` here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from desktop_app import __version__, paths
from desktop_app.cli import common, forms_cmd, validate_cmd
from desktop_app.errors import DeskError

# Each module adds its subcommands; storage, exchange and the rest register the same way.
COMMAND_MODULES = [forms_cmd, validate_cmd]


def _extra_modules() -> None:
    """Command modules of optional parts, registered when they are present."""
    import importlib

    for name in ("storage_cmd", "exchange_cmd", "selftest_cmd", "hwpx_cmd", "team_cmd", "key_cmd"):
        try:
            module = importlib.import_module(f"desktop_app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"desktop_app.cli.{name}":
                raise
            continue
        if module not in COMMAND_MODULES:
            COMMAND_MODULES.append(module)


def build_parser() -> argparse.ArgumentParser:
    _extra_modules()
    parser = argparse.ArgumentParser(
        prog="voucher-desk",
        description="바우처 데스크 — government voucher applications, offline. "
        "Without a subcommand the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"voucher-desk {__version__}")
    common.add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the arguments; argparse's own usage errors exit 2 as the contract wants."""
    ns = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    paths.set_base_dir(ns.base_dir)
    return ns


def run(ns: argparse.Namespace, extra_checks: list[tuple[str, Callable[[], str]]] | None = None) -> int:
    if getattr(ns, "self_test", False):
        from desktop_app.selftest import run_self_test

        return 0 if run_self_test(ns.base_dir, extra_checks) else 1
    handler = getattr(ns, "func", None)
    if handler is None:
        common.fail("no subcommand given; see 'voucher-desk --help'")
        return 2
    try:
        return int(handler(ns))
    except DeskError as exc:  # every error raised on purpose: its own line, its exit code
        if os.environ.get("VOUCHER_DESK_DEBUG") and exc.kind == "bug":
            raise
        common.fail(str(exc))
        return common.exit_code(exc)
    except KeyboardInterrupt:
        common.fail("interrupted")
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one readable line, the traceback only on request
        if os.environ.get("VOUCHER_DESK_DEBUG"):
            raise
        common.fail(f"internal error ({type(exc).__name__}): {exc} — "
                    "rerun with VOUCHER_DESK_DEBUG=1 for details")
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m desktop_app`: subcommands only (the window is ui/app.py's job)."""
    return run(parse(argv))

"""Entry script of the frozen app: the same composition root as the `voucher-desk` command.

With VOUCHER_DESK_CHECK_IMPORTS=1 the frozen app instead imports every module of desktop_app and
ui (and the Qt modules they load lazily), checks that Qt finds its Korean translations and the
platform plugins inside the bundle, and exits 1 if anything is missing: the build script's check
for what --self-test does not reach.
"""

import os
import sys

LAZY_EXTRAS = ("PySide6.QtPdf", "PySide6.QtPdfWidgets", "keyring.backends.SecretService", "keyring.backends.fail")


def check_imports() -> int:
    import importlib
    import pkgutil

    names = list(LAZY_EXTRAS)
    for package in ("desktop_app", "ui"):
        module = importlib.import_module(package)
        names += [info.name for info in pkgutil.walk_packages(module.__path__, f"{package}.")
                  if not info.name.endswith(".__main__")]  # importing __main__ would run the CLI
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every missing module, not just the first
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    for line in failed:
        print(f"import failed: {line}", file=sys.stderr)
    print(f"imports: {len(names) - len(failed)} of {len(names)} modules import")
    return 1 if failed or not qt_paths_ok() else 0


def qt_paths_ok() -> bool:
    from pathlib import Path

    from PySide6.QtCore import QLibraryInfo

    translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    missing = [str(p) for p in (translations / "qtbase_ko.qm", plugins / "platforms") if not p.exists()]
    for path in missing:
        print(f"Qt file missing from the bundle: {path}", file=sys.stderr)
    return not missing


if __name__ == "__main__":
    import multiprocessing

    # a batch's worker processes start this executable again ("spawn"): run the worker, not the app
    multiprocessing.freeze_support()
    if os.environ.get("VOUCHER_DESK_CHECK_IMPORTS") == "1":
        sys.exit(check_imports())
    from ui.app import main

    sys.exit(main())

"""PySide6 widgets on top of the Qt-free core (desktop_app)."""

from ui.singletons import protect as _protect

_protect()  # before any Qt call: see ui/singletons.py (PySide6 6.12.0 on CPython 3.11)

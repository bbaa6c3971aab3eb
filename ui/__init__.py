"""PySide6 widgets on top of the Qt-free core (desktop_app)."""

"""The façade for the UI and the CLI (DESIGN.md: service). Start with `Desk.open()`.

Mutating calls return a `Changed` saying what they touched; errors are StorageError children
(desktop_app.storage.errors), each with a Korean and an English message.
"""

from desktop_app.service.applications import Blocked
from desktop_app.service.desk import Desk
from desktop_app.service.profile import PROFILE_KEYS
from desktop_app.service.results import PARKED_PREFIX, AppView, Changed

__all__ = ["PARKED_PREFIX", "PROFILE_KEYS", "AppView", "Blocked", "Changed", "Desk"]

"""The façade for the UI and the CLI (docs/architecture.md: service). Start with `Desk.open()`.

Mutating calls return a `Changed` saying what they touched, others a typed result; every error
is a `desktop_app.errors.DeskError` with a Korean and an English message. The window imports
this package only (plus the pure helpers `desktop_app.paths`, `desktop_app.korean_ids`): the
value types it shows are re-exported here, so it never reaches into the modules below.
"""

from desktop_app.forms import FieldDef, FormDefinition, Section
from desktop_app.forms.migrate import UpgradePlan
from desktop_app.forms.model import Text
from desktop_app.forms.registry import newer_editions
from desktop_app.security.errors import WrongPassphrase
from desktop_app.security.lock import Lock
from desktop_app.service.answer_files import AnswersExported, AnswersImported
from desktop_app.service.applications import Blocked
from desktop_app.service.clients import DuplicateClient
from desktop_app.service.desk import Desk
from desktop_app.service.export import FinalRefused, PdfJob
from desktop_app.service.packages import Choice, Exported, Imported, PackageJob, Resolver, is_encrypted
from desktop_app.service.packages import read as read_package
from desktop_app.service.packages import write as write_package
from desktop_app.service.profile import PROFILE_KEYS
from desktop_app.service.results import PARKED_PREFIX, AppView, Changed
from desktop_app.storage.records import Application, AttachmentRow, Client
from desktop_app.validation import Issue, ValidationResult

__all__ = [
    "PARKED_PREFIX",
    "PROFILE_KEYS",
    "AnswersExported",
    "AnswersImported",
    "AppView",
    "Application",
    "AttachmentRow",
    "Blocked",
    "Changed",
    "Choice",
    "Client",
    "Desk",
    "DuplicateClient",
    "Exported",
    "FieldDef",
    "FinalRefused",
    "FormDefinition",
    "Imported",
    "Issue",
    "Lock",
    "PackageJob",
    "PdfJob",
    "Resolver",
    "Section",
    "Text",
    "UpgradePlan",
    "ValidationResult",
    "WrongPassphrase",
    "is_encrypted",
    "newer_editions",
    "read_package",
    "write_package",
]

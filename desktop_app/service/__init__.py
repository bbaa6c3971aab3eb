"""The façade for the UI and the CLI (docs/architecture.md: service). Start with `Desk.open()`.

Mutating calls return a `Changed` saying what they touched, others a typed result; every error
is a `desktop_app.errors.DeskError` with a Korean and an English message. The window imports
this package only (plus the pure helpers `desktop_app.paths`, `desktop_app.korean_ids`): the
value types it shows are re-exported here, so it never reaches into the modules below.
"""

from desktop_app.atomic import write_atomic
from desktop_app.forms import FieldDef, FormDefinition, FormDefinitionError, Section, load_shipped
from desktop_app.forms.answer_path import field_of, parts
from desktop_app.forms.calls import call_state, catalogue_order
from desktop_app.forms.expressions import compile_expr
from desktop_app.forms.kinds import FieldKind, NumberKind, TextKind, kind_of
from desktop_app.forms.migrate import UpgradePlan
from desktop_app.forms.model import Text
from desktop_app.forms.registry import newer_editions
from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.security.errors import (
    KeyLost,
    KeyUnavailable,
    NotRecoverable,
    PassphraseRequired,
    RecoveryKeyMistyped,
    WrongPassphrase,
    WrongRecoveryKey,
)
from desktop_app.security.kdf import MIN_PASSPHRASE
from desktop_app.security.lock import Lock
from desktop_app.security.passphrase import unlock_check
from desktop_app.security.recovery import file_text as recovery_file_text
from desktop_app.security.recovery import new_recovery_key
from desktop_app.service import eligibility, profile_checks
from desktop_app.service.answer_files import AnswersExported, AnswersImported
from desktop_app.service.applications import Blocked
from desktop_app.service.attachments import PhotoNeedsPdf
from desktop_app.service.clients import Clients, DuplicateClient
from desktop_app.service.desk import Desk
from desktop_app.service.export import FinalRefused, HwpxInfo, PdfJob
from desktop_app.service.packages import (
    AlreadyImported,
    Choice,
    Exported,
    Imported,
    PackageJob,
    Resolver,
    is_encrypted,
)
from desktop_app.service.packages import read as read_package
from desktop_app.service.packages import write as write_package
from desktop_app.service.profile import PROFILE_KEYS
from desktop_app.service.results import PARKED_PREFIX, AppView, Changed
from desktop_app.storage.errors import DatabaseCorrupt, StorageError
from desktop_app.storage.location import Location
from desktop_app.storage.records import Application, AttachmentRow, Client
from desktop_app.validation import Issue, ValidationResult, validate
from desktop_app.validation.engine import AttachmentFile
from desktop_app.validation.fieldchecks import is_blank

__all__ = [
    "MIN_PASSPHRASE",
    "PARKED_PREFIX",
    "PROFILE_KEYS",
    "AlreadyImported",
    "AnswersExported",
    "AnswersImported",
    "AppView",
    "Application",
    "AttachmentFile",
    "AttachmentRow",
    "Blocked",
    "Changed",
    "Choice",
    "Client",
    "Clients",
    "DatabaseCorrupt",
    "Desk",
    "DuplicateClient",
    "Exported",
    "FieldDef",
    "FieldKind",
    "FinalRefused",
    "FormDefinition",
    "FormDefinitionError",
    "HwpxInfo",
    "Imported",
    "Issue",
    "KeyLost",
    "KeyUnavailable",
    "Location",
    "Lock",
    "NotRecoverable",
    "NumberKind",
    "PackageJob",
    "PassphraseRequired",
    "PdfJob",
    "PhotoNeedsPdf",
    "RecoveryKeyMistyped",
    "Resolver",
    "Section",
    "StorageError",
    "TemplateRefused",
    "Text",
    "TextKind",
    "UpgradePlan",
    "ValidationResult",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "call_state",
    "catalogue_order",
    "compile_expr",
    "eligibility",
    "field_of",
    "is_blank",
    "is_encrypted",
    "kind_of",
    "load_shipped",
    "new_recovery_key",
    "newer_editions",
    "parts",
    "profile_checks",
    "read_package",
    "recovery_file_text",
    "unlock_check",
    "validate",
    "write_atomic",
    "write_package",
]

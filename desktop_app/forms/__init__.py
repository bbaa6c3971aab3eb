"""Form definitions: strict YAML loading into an immutable model, and the expression engine."""

from desktop_app.forms.loader import FormDefinitionError, load_form, parse_form
from desktop_app.forms.model import Attachment, Computed, FieldDef, FormDefinition, Rule, Section
from desktop_app.forms.registry import FormNotFound, find_form, load_shipped, shipped_files

__all__ = [
    "Attachment", "Computed", "FieldDef", "FormDefinition", "FormDefinitionError", "FormNotFound",
    "Rule", "Section", "find_form", "load_form", "load_shipped", "parse_form", "shipped_files",
]

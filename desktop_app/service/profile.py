"""The client profile: the keys forms bind to (`profile: company.brn`) and the prefill.

A key outside the list is accepted (a new form may bind to one) but reported, so a typo in
`clients edit --set` does not go unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app import korean_ids
from desktop_app.forms import FormDefinition
from desktop_app.forms.profile_keys import KEY_PATTERN, PROFILE_KEYS, SENSITIVE_KEYS
from desktop_app.service.values import coerce
from desktop_app.storage.records import Entry

__all__ = ["KEY_PATTERN", "PROFILE_KEYS", "SENSITIVE_KEYS", "check_keys", "normalise", "prefill"]



def check_keys(changes: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(malformed keys, unknown but well-formed keys)."""
    bad = [k for k in changes if not KEY_PATTERN.match(k)]
    unknown = [k for k in changes if KEY_PATTERN.match(k) and k not in PROFILE_KEYS]
    return bad, unknown


def normalise(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Tidy values (a valid 사업자등록번호 gets its hyphens); returns warnings to show."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or None
        if key == "company.brn" and value is not None:
            problem = korean_ids.brn_problem(str(value))
            if problem is None:
                value = korean_ids.format_brn(str(value))
            else:
                warnings.append(f"company.brn: 사업자등록번호가 올바르지 않습니다 ({problem}) / "
                                f"invalid business registration number ({problem})")
        out[key] = value
    return out, warnings


def prefill(form: FormDefinition, profile: Mapping[str, Any]) -> dict[str, Entry]:
    """Answers for the fields bound to profile keys that the client has (provenance profile)."""
    return {f.id: (coerce(f, profile[f.profile]), "profile") for f in form.fields.values()
            if f.profile and profile.get(f.profile) not in (None, "")}

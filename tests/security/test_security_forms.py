"""The shipped forms and the profile agree on what is sensitive: a value sealed in the profile
must not land in plain text in an application, nor the other way round."""

from __future__ import annotations

from desktop_app.forms import load_shipped
from desktop_app.service.profile import PROFILE_KEYS, SENSITIVE_KEYS


def test_sensitive_profile_keys_are_known_keys() -> None:
    assert PROFILE_KEYS.keys() >= SENSITIVE_KEYS


def test_fields_bound_to_sensitive_profile_keys_are_sensitive() -> None:
    problems = []
    for form in load_shipped():
        for f in form.fields.values():
            if f.profile in SENSITIVE_KEYS and not f.sensitive:
                problems.append(f"{form.key}: {f.id} is bound to {f.profile} but not sensitive")
            if f.sensitive and f.profile and f.profile not in SENSITIVE_KEYS:
                problems.append(f"{form.key}: {f.id} is sensitive but {f.profile} is not sealed "
                                "in the profile (add it to service.profile.SENSITIVE_KEYS)")
    assert problems == []

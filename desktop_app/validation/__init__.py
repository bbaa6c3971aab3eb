"""Answers + definition → a list of issues. Validation reports; it never raises on bad answers."""

from desktop_app.validation.engine import Issue, ValidationResult, validate

__all__ = ["Issue", "ValidationResult", "validate"]

"""The one exception of the PDF package."""

from __future__ import annotations


class PdfError(Exception):
    """The submission PDF cannot be made (missing font, unreadable output); str() says what to do."""

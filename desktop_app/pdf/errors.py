"""The one exception of the PDF package."""

from __future__ import annotations

from desktop_app.errors import EnvironmentFault


class PdfError(EnvironmentFault):
    """The submission PDF cannot be made (missing font, unreadable output); str() says what to do."""

"""The submission PDF (reportlab platypus): agency-style tables, Korean font embedded,
running header/footer with `page x / y`, DRAFT watermark while errors remain, deterministic bytes.

Modules: fonts (registration), styles (look), formatting (values as text), texts (fixed wording),
cells and blocks (flowables), page (template, header/footer/watermark), render (assembly).
reportlab is imported on first render, never when this package is imported.
"""

from desktop_app.pdf.errors import PdfError
from desktop_app.pdf.render import RenderInfo, content_hash, render_pdf

__all__ = ["PdfError", "RenderInfo", "content_hash", "render_pdf"]

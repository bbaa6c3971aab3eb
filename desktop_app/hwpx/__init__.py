"""The agency's own 서식 (HWPX, OWPML) filled with an application's answers.

`package` opens an untrusted template safely; `template` indexes its cells (label text,
table/row/column) and measures them; `mapping` resolves a form's `fill:` entries to cells;
`fill` writes the filled document (deterministic bytes); `fit` says whether each text fits
its space and how many pages the plan takes. python-hwpx does the OWPML work.
"""

from desktop_app.hwpx.errors import TemplateRefused

__all__ = ["TemplateRefused"]

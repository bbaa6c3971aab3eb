"""'공고문 확인 필요' beside what depends on an assumed setting (desktop_app/forms/confirm.py).

One look for the form view, the interview and the help panes: a line under the question with the
first values, the whole list (with why each is assumed) in the help pane.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.forms import confirm
from desktop_app.service import FormDefinition
from ui.i18n import language, t


def hint_label(form: FormDefinition, field_id: str, parent: QWidget | None = None) -> QLabel | None:
    """The line shown under a question that depends on unconfirmed settings, or None."""
    names = confirm.for_field(form, field_id)
    if not names:
        return None
    lang = language()
    label = QLabel(f"⚠ {escape(confirm.line(form, names, lang))}", parent)
    label.setObjectName("confirmHint")
    label.setWordWrap(True)
    label.setToolTip("\n".join(confirm.describe(form, n, lang, note=True) for n in names))
    label.setAccessibleName(confirm.MARK[lang])
    return label


def help_html(form: FormDefinition, field_id: str) -> str:
    """The help pane's block listing every unconfirmed value the question depends on."""
    names = confirm.for_field(form, field_id)
    if not names:
        return ""
    lang = language()
    items = "".join(f"<li>{escape(confirm.describe(form, n, lang, note=True))}</li>" for n in names)
    intro = t("아래 값은 자료에서 올해 수치가 확인되지 않아 지난 공고 등을 바탕으로 둔 가정값입니다. "
              "공고문에서 확인하세요.",
              "These values are not stated for this year in the sources; they are assumptions taken "
              "from earlier notices. Check them against the notice.")
    return (f"<div style='background:#fff4e0;border:1px solid #e0b060;padding:6px'>"
            f"<b>⚠ {escape(confirm.MARK[lang])}</b><p>{escape(intro)}</p><ul>{items}</ul></div>")


def computed_mark(form: FormDefinition, computed_id: str) -> str:
    """' (공고문 확인 필요)' after a computed value that rests on an assumed setting, else ''."""
    if not confirm.for_computed(form, computed_id):
        return ""
    return f" <span style='color:#8a5a00'>({escape(confirm.MARK[language()])})</span>"

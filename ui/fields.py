"""One input widget per field kind, all speaking JSON answers (docs/architecture.md answers format).

`EDITORS` maps every kind of desktop_app/forms/kinds.py to its editor class (`@editor_for`);
what differs within a family (an example, an input mask, a unit, how a number reads) is asked
of the kind, so a new field type needs one registered editor here and nothing else in ui/.

Every editor emits `changed` while the user types (for live show_if and computed values) and
`committed` when the user leaves it (for inline messages and the autosave), and takes an answer
with `set_value` without echoing `changed` — so loading a draft never looks like typing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.forms import readers
from desktop_app.forms.model import FieldDef
from desktop_app.service import NumberKind, TextKind
from ui.i18n import language, t

KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


class FieldEditor(QWidget):
    """Base of every field editor: value() / set_value() in answers-JSON terms."""

    changed = Signal(object)
    committed = Signal(object)

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._loading = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _emit(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit(self.value())

    def _commit(self, *_: object) -> None:
        if not self._loading:
            self.committed.emit(self.value())

    def focus_target(self) -> QWidget:
        return self

    def _watch_focus(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
        widget.setAccessibleName(self.field.label.get(language()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._commit()
        return super().eventFilter(watched, event)


EDITORS: dict[str, type[FieldEditor]] = {}


def editor_for(*kinds: str) -> Callable[[type[FieldEditor]], type[FieldEditor]]:
    """Register an editor class as the one for these field kinds."""
    def register(cls: type[FieldEditor]) -> type[FieldEditor]:
        for kind in kinds:
            EDITORS[kind] = cls
        return cls
    return register


class _MaskedLineEdit(QLineEdit):
    """A masked box (NNN-NN-NNNNN) that a click in its empty part does not strand: the cursor
    goes to the first blank, so the digits typed next land (a founder clicked the middle of an
    empty 사업자등록번호 box and her digits went nowhere until she pressed Home)."""

    def mousePressEvent(self, event: Any) -> None:
        super().mousePressEvent(event)
        self._to_first_blank()

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        self._to_first_blank()

    def _to_first_blank(self) -> None:
        if not self.inputMask() or self.hasSelectedText():
            return
        blank = self.displayText().find("_")
        if blank != -1 and self.cursorPosition() > blank:
            self.setCursorPosition(blank)


@editor_for("text", "email", "address", "phone", "postcode", "brn", "crn")
class LineEditor(FieldEditor):
    """One line of text; the kind gives the example, the input mask and the tidy form."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        kind = field.kind
        row = QHBoxLayout()
        mask = kind.input_mask if isinstance(kind, TextKind) else None
        self.edit = _MaskedLineEdit() if mask else QLineEdit()
        example = kind.example if isinstance(kind, TextKind) else None
        if field.placeholder:
            self.edit.setPlaceholderText(field.placeholder.get(language()))
        elif example:
            self.edit.setPlaceholderText(example)
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        if mask:  # digits only, hyphens in place: NNN-NN-NNNNN / NNNNNN-NNNNNNN
            self.edit.setInputMask(mask)
        if kind.name == "crn":  # a passing check digit is not proof (issue 14)
            from desktop_app.korean_ids import CRN_CHECK_LIMIT

            self.edit.setToolTip(t(*CRN_CHECK_LIMIT))
        row.addWidget(self.edit, 1)
        unit = kind.unit if isinstance(kind, NumberKind) else None
        if unit:
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            row.addWidget(QLabel(t(*unit)))
        self.layout_.addLayout(row)
        self._watch_focus(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)

    def focus_target(self) -> QWidget:
        return self.edit

    def _typed(self, text: str) -> None:
        self._emit()

    def _tidy(self) -> None:
        """On leaving: write the answer the way the agency prints it (hyphens in IDs)."""
        kind = self.field.kind
        if not isinstance(kind, TextKind) or kind.tidy is None:
            return
        text = self.edit.text().strip()
        if kind.tidy_always or kind.format_code is None or kind.format_code(text) is None:
            shown = kind.tidy(text)
            if shown != self.edit.text():
                self.edit.setText(shown)
                self._emit()  # what is stored is what is shown (setText alone sent no change)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text.strip("-"):  # an untouched mask reads "--"
            return None
        return self.field.kind.from_text(text, self.field)

    def _show(self, value: Any) -> None:
        if value is None:
            self.edit.clear()
        else:
            self.edit.setText(self.field.kind.edit_text(value, language(), self.field))


@editor_for("integer", "number", "money", "percent")
class NumberEditor(LineEditor):
    """A number, right-aligned with its unit; money groups its thousands while typing."""

    def _typed(self, text: str) -> None:
        kind = self.field.kind
        if isinstance(kind, NumberKind) and kind.group_digits:
            self._group_thousands(text)
        self._emit()

    def _group_thousands(self, text: str) -> None:
        """Money shows 12,345,000 while typing; the cursor stays after the same digit."""
        digits = re.sub(r"[^\d-]", "", text)
        if not digits or digits == "-":
            return
        pos = self.edit.cursorPosition()
        digits_before = len(re.sub(r"[^\d]", "", text[:pos]))
        shown = KOREAN.toString(int(digits))
        self.edit.setText(shown)
        seen, new_pos = 0, 0
        for i, ch in enumerate(shown):
            if seen == digits_before:
                break
            if ch.isdigit():
                seen += 1
            new_pos = i + 1
        self.edit.setCursorPosition(new_pos)


@editor_for("textarea")
class TextAreaEditor(FieldEditor):
    """Long text with a live character count against the form's limits."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(110)
        if field.placeholder:
            self.edit.setPlaceholderText(field.placeholder.get(language()))
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.count)
        self._watch_focus(self.edit)
        self.edit.textChanged.connect(self._on_text)
        self._on_text()

    def focus_target(self) -> QWidget:
        return self.edit

    def _on_text(self) -> None:
        n = len(self.edit.toPlainText().strip())
        limit = f" / {self.field.max_length:,}" if self.field.max_length else ""
        self.count.setText(t(f"{n:,}{limit}자", f"{n:,}{limit} characters"))
        self._emit()

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


@editor_for("date")
class DateEditor(FieldEditor):
    """A date typed the way people write it (1997-03-14, 19970314, 1997.03.14, 1997/3/14) or
    picked from a calendar that opens at the answer, else at today (within the field's bounds).
    Typed text that is no date is kept as typed, so validation names it — never dropped."""

    WITH_TIME = False

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        example = "2020-06-15 15:00" if self.WITH_TIME else "1997-03-14"
        if field.placeholder:
            self.edit.setPlaceholderText(field.placeholder.get(language()))
        else:
            self.edit.setPlaceholderText(t(f"예) {example}", f"e.g. {example}"))
        self.edit.setToolTip(t(f"날짜는 {readers.DATE_EXAMPLES} 어느 형식으로나 입력할 수 있습니다",
                               f"Type the date as {readers.DATE_EXAMPLES}"))
        self.pick = QPushButton(t("달력", "Calendar"))
        self.pick.setAccessibleName(t(f"{field.label.ko} 달력에서 고르기", f"Pick {field.label.en} from a calendar"))
        self.pick.clicked.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        self.layout_.addLayout(row)
        self._watch_focus(self.edit)
        self.edit.textEdited.connect(self._emit)
        self.edit.editingFinished.connect(self._tidy)

    def focus_target(self) -> QWidget:
        return self.edit

    def _read(self) -> str | None:
        read = self.field.kind.read(self.edit.text().strip(), self.field)
        return read if isinstance(read, str) else None

    def _tidy(self) -> None:
        """On leaving: a date that was read is shown as the agency writes it (ISO)."""
        value = self._read()
        if value is not None:
            shown = self._shown(value)
            if shown != self.edit.text():
                self.edit.setText(shown)
                self._emit()

    def _shown(self, value: str) -> str:
        return value[:16].replace("T", " ") if self.WITH_TIME else value

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        read = self._read()
        return text if read is None else read

    def _show(self, value: Any) -> None:
        self.edit.setText("" if not value else self._shown(str(value)))

    def start_date(self) -> QDate:
        """Where the calendar opens: the answer, else today kept within the field's bounds."""
        read = self._read()
        if read:
            return QDate.fromString(read[:10], "yyyy-MM-dd")
        today = QDate.currentDate()
        low, high = (self._bound(b) for b in (self.field.min_value, self.field.max_value))
        if low is not None and today < low:
            return low
        if high is not None and today > high:
            return high
        return today

    @staticmethod
    def _bound(bound: Any) -> QDate | None:
        if isinstance(bound, str) and bound != "today":
            date = QDate.fromString(bound[:10], "yyyy-MM-dd")
            return date if date.isValid() else None
        return None

    def open_calendar(self) -> None:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setLocale(KOREAN if language() == "ko" else QLocale(QLocale.Language.English))
        calendar.setGridVisible(True)
        start = self.start_date()
        calendar.setSelectedDate(start)
        calendar.setCurrentPage(start.year(), start.month())
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.move(self.pick.mapToGlobal(self.pick.rect().bottomLeft()))
        self.calendar = calendar
        calendar.show()
        calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        iso = date.toString("yyyy-MM-dd")
        if self.WITH_TIME:
            clock = self._read()
            iso = f"{iso} {clock[11:16] if clock else '09:00'}"
        self.edit.setText(iso)
        if self.calendar is not None:
            self.calendar.close()
            self.calendar.deleteLater()
            self.calendar = None
        self._emit()
        self._commit()


@editor_for("datetime")
class DateTimeEditor(DateEditor):
    """A date and a time of day (Korean time)."""

    WITH_TIME = True


@editor_for("boolean")
class BoolEditor(FieldEditor):
    """A yes/no question as two explicit choices, 예 and 아니오; neither picked is unanswered
    (never "no"), so a required question stays open until it is answered."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.yes = self._button(t("예", "Yes"))
        self.no = self._button(t("아니오", "No"))
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.yes, self.no):
            button.setAccessibleName(f"{field.label.get(language())}: {button.text()}")
            self.group.addButton(button)
            row.addWidget(button)
            button.installEventFilter(self)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.group.buttonClicked.connect(self._picked)

    def _button(self, text: str) -> QAbstractButton:
        """The form view's compact radio buttons (the interview shows big push buttons)."""
        return QRadioButton(text)

    def _picked(self, _button: QAbstractButton) -> None:
        self._emit()
        self._commit()

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else self.yes

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def _show(self, value: Any) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot go back to "neither"
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)


@editor_for("choice")
class ChoiceEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.addItem(t("— 선택 —", "— choose —"), None)
        for c in field.choices:
            self.combo.addItem(c.label.get(language()), c.value)
        self.layout_.addWidget(self.combo)
        self._watch_focus(self.combo)
        self.combo.currentIndexChanged.connect(self._emit)
        self.combo.activated.connect(self._commit)

    def focus_target(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))


@editor_for("multichoice")
class MultiChoiceEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for c in field.choices:
            box = QCheckBox(c.label.get(language()))
            box.setAccessibleName(f"{field.label.get(language())}: {c.label.get(language())}")
            box.toggled.connect(self._emit)
            box.toggled.connect(self._commit)
            self.layout_.addWidget(box)
            self.boxes.append((c.value, box))

    def focus_target(self) -> QWidget:
        return self.boxes[0][1] if self.boxes else self

    def value(self) -> Any:
        chosen = [v for v, box in self.boxes if box.isChecked()]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes:
            box.setChecked(v in chosen)


@editor_for("image")
class ImageEditor(FieldEditor):
    """The seal (직인) or signature: a PNG/JPEG file with a preview."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.path: str | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(96, 96)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #bbb; background: white;")
        choose = QPushButton(t("이미지 선택…", "Choose image…"))
        choose.setAccessibleName(field.label.get(language()))
        choose.clicked.connect(self.choose)
        clear = QPushButton(t("지우기", "Clear"))
        clear.clicked.connect(lambda: self._set_path(None))
        row = QHBoxLayout()
        row.addWidget(self.preview)
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.choose_button = choose

    def focus_target(self) -> QWidget:
        return self.choose_button

    def choose(self) -> None:
        from ui.file_dialogs import open_path

        path = open_path(self, self.field.label.get(language()), t("그림 (*.png *.jpg *.jpeg)", "Images (*.png *.jpg *.jpeg)"), "images")
        if path:
            self._set_path(str(path))

    def _set_path(self, path: str | None) -> None:
        self._show(path)
        self._emit()
        self._commit()

    def value(self) -> Any:
        return self.path

    def _show(self, value: Any) -> None:
        self.path = str(value) if value else None
        pixmap = QPixmap(self.path) if self.path else QPixmap()
        if pixmap.isNull():
            self.preview.setText(t("없음", "none") if not self.path else t("읽을 수 없음", "unreadable"))
        else:
            self.preview.setPixmap(pixmap.scaled(92, 92, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))


def make_editor(field: FieldDef, parent: QWidget | None = None) -> FieldEditor:
    """The editor registered for the field's kind (tables: ui/table_editor.py)."""
    import ui.table_editor  # noqa: F401  (registers the table editor)

    return EDITORS[field.type](field, parent)

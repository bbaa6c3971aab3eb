"""Check application: every issue grouped by severity and section; activating one jumps to
its field, F8 walks through them in order."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop_app.service import FormDefinition, Issue, ValidationResult, call_state
from ui.i18n import count, language, t

SEVERITIES = (("error", "오류", "Errors", "#b00020"), ("warning", "경고", "Warnings", "#8a5a00"),
              ("info", "안내", "Notes", "#1a5fb4"))


class CheckPanel(QWidget):
    activated = Signal(str)

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(t("점검 결과", "Check results"))
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemDoubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self.order: list[QTreeWidgetItem] = []
        self.position = -1
        self.result: ValidationResult | None = None
        self.now: dt.datetime | None = None  # the clock (tests set it); None is now
        # what the last fill of the agency's 서식 found (overflowing cells, page limit): kept
        # beside the validation issues until the next HWPX export measures again
        self.layout_issues: list[Issue] = []

    def set_layout_issues(self, issues: list[Issue]) -> None:
        self.layout_issues = list(issues)
        if self.result is not None:
            self.show_result(self.result)

    def show_result(self, result: ValidationResult) -> None:
        own = [i for i in result.issues if not i.code.startswith("hwpx.")]
        result = dataclasses.replace(result, issues=own + self.layout_issues)
        key = [(i.path, i.code, i.severity, i.message_ko) for i in result.issues]
        same = self.result is not None and key == [
            (i.path, i.code, i.severity, i.message_ko) for i in self.result.issues]
        self.result = result
        if same:  # leaving a field revalidates; keep F8's place when nothing changed
            return
        self.tree.clear()
        self.order = []
        self.position = -1
        titles = {s.id: s.title.get(language()) for s in self.form.sections}
        for severity, ko, en, colour in SEVERITIES:
            issues = [i for i in result.issues if i.severity == severity]
            if not issues:
                continue
            top = QTreeWidgetItem([f"{t(ko, en)} ({len(issues)})"])
            top.setForeground(0, QBrush(QColor(colour)))
            self.tree.addTopLevelItem(top)
            by_section: dict[str, QTreeWidgetItem] = {}
            for issue in issues:
                section = issue.section or ""
                if section not in by_section:
                    by_section[section] = QTreeWidgetItem([titles.get(section, t("첨부·기타", "Attachments / other"))])
                    top.addChild(by_section[section])
                item = QTreeWidgetItem([issue.message(language())])
                item.setData(0, Qt.ItemDataRole.UserRole, issue.path)
                item.setToolTip(0, f"{issue.code} · {issue.path}")
                by_section[section].addChild(item)
                self.order.append(item)
            top.setExpanded(True)
            for child in by_section.values():
                child.setExpanded(True)
        errors = len(result.errors)
        remain = count(errors, "error") + (" remains" if errors == 1 else " remain")
        state = call_state(self.form, self.now)
        if state.closed:  # never "ready to submit" for a call that closed (issue 13 #9)
            head = (t(f"오류 {errors}건이 남아 있습니다. ", remain + ". ") if errors
                    else t("오류가 없습니다. ", "No errors. "))
            self.summary.setText(head + state.notice(language())
                                 + t(f" 완성도 {result.percent}%", f" {result.percent}% complete"))
        elif errors:
            self.summary.setText(t(f"오류 {errors}건이 남아 있어 최종본을 낼 수 없습니다(초안 PDF는 가능). 완성도 {result.percent}%",
                                   f"{remain}: only a DRAFT PDF can be exported. {result.percent}% complete"))
        else:
            self.summary.setText(t(f"오류가 없습니다. 최종본을 낼 수 있습니다. 완성도 {result.percent}%",
                                   f"No errors: ready for the final export. {result.percent}% complete"))

    def next_issue(self) -> str | None:
        if not self.order:
            return None
        self.position = (self.position + 1) % len(self.order)
        item = self.order[self.position]
        path = str(item.data(0, Qt.ItemDataRole.UserRole))
        self.tree.setCurrentItem(item)
        self.activated.emit(path)
        return path

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = item.data(0, Qt.ItemDataRole.UserRole)
        if path:
            self.activated.emit(str(path))

"""Offer to keep an application's company answers in the client's profile, showing the diff,
so the next application starts filled (issue 13, item 7)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service.applications import ProfileChange
from ui.i18n import t


def _shown(value: Any) -> str:
    if value is None or value == "":
        return t("(없음)", "(none)")
    if isinstance(value, bool):
        return t("예", "yes") if value else t("아니오", "no")
    return str(value)


class ProfileSaveDialog(QDialog):
    """Each differing answer with the profile's value beside it, ticked; OK saves the ticked."""

    def __init__(self, changes: list[ProfileChange], has_client: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("회사 정보에 저장", "Save to the company profile"))
        intro = QLabel(t("이 신청서의 답을 회사 정보에 저장하면 다음 신청서가 미리 채워집니다. 저장할 항목을 고르세요.",
                         "Saving these answers in the company profile fills the next application. Choose what to save.")
                       if has_client else
                       t("아직 회사 정보가 없습니다. 이 답으로 회사 정보를 만들면 다음 신청서가 미리 채워집니다.",
                         "There is no company profile yet: one made from these answers fills the next application."))
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([t("항목", "Item"), t("지금 회사 정보", "Profile now"), t("이 신청서", "This application")])
        self.items: dict[str, QTreeWidgetItem] = {}
        for c in changes:
            item = QTreeWidgetItem([t(c.label_ko, c.label_en), _shown(c.old), _shown(c.new)])
            item.setCheckState(0, Qt.CheckState.Checked)
            self.tree.addTopLevelItem(item)
            self.items[c.key] = item
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def chosen(self) -> list[str]:
        return [k for k, item in self.items.items() if item.checkState(0) == Qt.CheckState.Checked]

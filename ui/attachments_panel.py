"""Attachments per requirement: add, replace, remove, with the type and size checks of the
form and a status for each (provided / missing / optional)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk, FormDefinition
from ui import ops
from ui.i18n import language, t


class AttachmentsPanel(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, app_id: int, form: FormDefinition, *, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.app_id, self.form = desk, app_id, form
        self.required: tuple[str, ...] = ()
        self.from_client: tuple[str, ...] = ()  # items the client's kept documents fill
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([t("서류", "Document"), t("상태", "Status"), t("파일", "File")])
        self.tree.setAccessibleName(t("첨부 서류", "Attachments"))
        self.add_button = QPushButton(t("파일 추가…", "Add file…"))
        self.replace_button = QPushButton(t("바꾸기…", "Replace…"))
        self.remove_button = QPushButton(t("삭제", "Remove"))
        self.add_button.clicked.connect(lambda: self.add())
        self.replace_button.clicked.connect(lambda: self.replace())
        self.remove_button.clicked.connect(self.remove)
        self.read_only = read_only
        # users double-click (or press Enter on) a missing item, or right-click it: both do what the buttons do
        self.tree.itemActivated.connect(lambda _item, _column: self.activate())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        row = QHBoxLayout()
        for b in (self.add_button, self.replace_button, self.remove_button):
            b.setEnabled(not read_only)
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        self.refresh()

    def set_required(self, required: tuple[str, ...], from_client: tuple[str, ...] = ()) -> None:
        if (required, from_client) != (self.required, self.from_client):
            self.required, self.from_client = required, from_client
            self.refresh()

    def refresh(self) -> None:
        """Rebuilt from the stored attachments, keeping the place: the list jumped back to the top
        after every attach, and a founder's next file went to the item the cursor landed on."""
        keep = self._selected()
        current = self.tree.currentItem()
        keep_req = self._requirement_of(current) if current is not None else None
        scrolled = self.tree.verticalScrollBar().value()
        self.tree.clear()
        rows = self.desk.attachments.of(self.app_id)
        for a in self.form.attachments:
            files = [r for r in rows if r.requirement_id == a.id]
            needed = a.required or a.id in self.required
            if files:
                status = t(f"제출 {len(files)}개", f"{len(files)} provided")
            elif a.id in self.from_client:
                status = t("고객사 보관 서류 사용", "the client's kept document")
            else:
                status = t("누락", "missing") if needed else t("선택", "optional")
            accept = ", ".join(a.accept)
            top = QTreeWidgetItem([a.label.get(language()), status, f"{accept} · ≤ {a.max_size_mb:g} MB"])
            top.setData(0, Qt.ItemDataRole.UserRole, ("req", a.id))
            if a.help:
                top.setToolTip(0, a.help.get(language()))
            mark = "●" if files or a.id in self.from_client else ("○" if needed else "·")
            top.setText(1, f"{mark} {status}")
            for f in files:
                child = QTreeWidgetItem([f.original_name, f"{f.size / 1024:,.0f} KB", _kind_text(f.media_type)])
                child.setData(0, Qt.ItemDataRole.UserRole, ("file", f.id))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.verticalScrollBar().setValue(scrolled)
        if keep is not None or keep_req is not None:
            target = self._find(keep) or self._find(("req", keep_req) if keep_req else None)
            if target is not None:
                self.tree.setCurrentItem(target)
                self.tree.scrollToItem(target)

    def _requirement_of(self, item: QTreeWidgetItem) -> str | None:
        top = item.parent() or item
        data = top.data(0, Qt.ItemDataRole.UserRole)
        return str(data[1]) if isinstance(data, tuple) and data[0] == "req" else None

    def _find(self, data: tuple[str, str | int] | None) -> QTreeWidgetItem | None:
        if data is None:
            return None
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            if top.data(0, Qt.ItemDataRole.UserRole) == data:
                return top
            for k in range(top.childCount()):
                child = top.child(k)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == data:
                    return child
        return None

    def activate(self) -> bool:
        """Double-click / Enter: a requirement gets a file added, an attached file is replaced."""
        selected = self._selected()
        if self.read_only or selected is None:
            return False
        return self.replace() if selected[0] == "file" else self.add()

    def menu(self) -> QMenu:
        """The right-click menu for the current row: the same three actions as the buttons."""
        selected = self._selected()
        menu = QMenu(self)
        is_file = selected is not None and selected[0] == "file"
        for text, slot, enabled in (
                (t("파일 추가…", "Add file…"), lambda: self.add(), selected is not None),
                (t("바꾸기…", "Replace…"), lambda: self.replace(), is_file),
                (t("삭제", "Remove"), self.remove, is_file)):
            action = menu.addAction(text)
            action.setEnabled(enabled and not self.read_only)
            action.triggered.connect(slot)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = self.menu()
        self.popup(menu, self.tree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def popup(self, menu: QMenu, where: QPoint) -> None:  # tests stand in for the modal menu
        menu.exec(where)

    def _selected(self) -> tuple[str, str | int] | None:
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return (str(data[0]), data[1]) if data else None

    def _requirement(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return str(data[1]) if data else None

    def _pick(self) -> str | None:
        from ui.file_dialogs import open_path

        path = open_path(self, t("첨부 파일 선택", "Choose a file"),
                         t("문서 (*.pdf *.jpg *.jpeg *.png *.hwp *.hwpx *.xlsx *.docx *.pptx *.zip)",
                           "Documents (*.pdf *.jpg *.jpeg *.png *.hwp *.hwpx *.xlsx *.docx *.pptx *.zip)"),
                         "attachments")
        return str(path) if path else None

    def add(self, path: str | None = None, requirement: str | None = None) -> bool:
        requirement = requirement or self._requirement()
        if requirement is None:
            return False
        path = path or self._pick()
        if not path:
            return False
        from desktop_app.service import PhotoNeedsPdf

        chosen, file = requirement, Path(path)

        def add() -> bool:
            try:
                self.desk.attachments.add(self.app_id, chosen, file)
            except PhotoNeedsPdf as need:  # a photo where a PDF is asked: offer to convert it
                if not self.offer_pdf(need):
                    return False
                self.desk.attachments.add_photo_as_pdf(self.app_id, chosen, file)
            return True

        added = ops.attempt(self, add)
        if added is None or not added.value:
            return False
        self.refresh()
        target = self._find(("req", chosen))  # the place stays with what was just attached
        if target is not None:
            self.tree.setCurrentItem(target)
            self.tree.scrollToItem(target)
        self.changed.emit()
        return True

    def offer_pdf(self, need: Exception) -> bool:
        """A phone photo for a PDF-only item: say so plainly and offer to make it a PDF."""
        message = need.message(language()) if hasattr(need, "message") else str(need)
        box = QMessageBox(QMessageBox.Icon.Question, t("PDF만 받는 서류입니다", "This item takes PDF only"),
                          message + "\n\n" + t("사진을 PDF로 바꿔 첨부할까요?", "Turn the photo into a PDF and attach it?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("photo-to-pdf")
        convert = box.addButton(t("PDF로 바꿔 첨부", "Convert and attach"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(t("취소", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(convert)
        box.exec()
        return box.clickedButton() is convert

    def replace(self, path: str | None = None) -> bool:
        selected = self._selected()
        if not selected or selected[0] != "file":
            return False
        path = path or self._pick()
        if not path:
            return False
        attachment = int(selected[1])
        if ops.attempt(self, lambda: self.desk.attachments.replace(attachment, Path(path))) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def remove(self) -> bool:
        selected = self._selected()
        if not selected or selected[0] != "file":
            return False
        attachment = int(selected[1])
        if ops.attempt(self, lambda: self.desk.attachments.remove(attachment)) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True


_KINDS = {"application/pdf": ("PDF", "PDF"), "image/jpeg": ("사진(JPG)", "photo (JPG)"),
          "image/png": ("그림(PNG)", "image (PNG)")}


def _kind_text(media_type: str) -> str:
    """The file's kind as people say it, not its MIME type ('application/pdf' in a founder's list)."""
    ko, en = _KINDS.get(media_type, (media_type, media_type))
    return t(ko, en)

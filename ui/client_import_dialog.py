"""고객사 가져오기 (CSV/XLSX): the column mapping and every row's problems are shown first;
가져오기 is possible only when nothing is wrong, and adds all the rows or none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk, client_import
from ui.i18n import t


class ClientImportDialog(QDialog):
    def __init__(self, desk: Desk, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.imported: list[int] = []
        self.setWindowTitle(t("고객사 가져오기 — 미리 보기", "Import clients — preview"))
        self.resize(820, 560)
        self.plan = client_import.preview(desk, path)
        mapping = ", ".join(f"{h} → {k}" for h, k in self.plan.mapping.items())
        ignored = ", ".join(self.plan.ignored) or "—"
        bad = sum(1 for r in self.plan.rows if r.problems)
        self.summary = QLabel(t(
            f"<b>{path.name}</b>: {len(self.plan.rows):,}행 — 가져올 수 있음 {len(self.plan.rows) - bad:,}, "
            f"문제 {bad:,}<br>열: {mapping}<br>가져오지 않는 열: {ignored}",
            f"<b>{path.name}</b>: {len(self.plan.rows):,} rows — ready {len(self.plan.rows) - bad:,}, "
            f"with problems {bad:,}<br>columns: {mapping}<br>not imported: {ignored}"))
        self.summary.setWordWrap(True)
        self.rows = QPlainTextEdit()
        self.rows.setReadOnly(True)
        self.rows.setAccessibleName(t("가져올 행", "Rows to import"))
        lines = []
        for row in self.plan.rows:
            mark = t("문제", "PROBLEM") if row.problems else t("통과", "ok")
            lines.append(f"{row.line:>5}  {mark}  {row.values.get('company.name', '')}  "
                         f"{row.values.get('company.brn', '')}  {row.values.get('company.representative', '')}")
            lines += [f"        ↳ {p}" for p in row.problems]
        self.rows.setPlainText("\n".join(lines))
        self.verdict = QLabel(t("문제가 없습니다. 가져오기를 누르면 모두 추가합니다.",
                                "No problem found: 가져오기 adds them all.") if self.plan.ok else
                              t("<span style='color:#b00020'>문제가 있어 아무것도 가져오지 않습니다. 파일을 고친 뒤 다시 여세요.</span>",
                                "<span style='color:#b00020'>Problems found: nothing will be imported. "
                                "Fix the file and open it again.</span>"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("가져오기", "Import"))
        self.ok_button.setEnabled(self.plan.ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("취소", "Cancel"))
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.summary, self.rows, self.verdict):
            layout.addWidget(w)
        layout.addWidget(buttons)

    def confirm(self) -> None:
        """The user's go-ahead: everything in one transaction, or nothing."""
        self.imported = client_import.apply(self.desk, self.plan)
        self.accept()

"""First run: who is using the app? A founder applying for their own company (solo) or a
consultant managing clients. Switchable later from the toolbar."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import t
from ui.settings import CONSULTANT, SOLO


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = SOLO
        self.setWindowTitle(t("바우처 데스크 시작", "Welcome to Voucher Desk"))
        intro = QLabel(t("<h2>어떻게 사용하시나요?</h2><p>나중에 도구 모음에서 바꿀 수 있습니다.</p>",
                         "<h2>How will you use Voucher Desk?</h2><p>You can switch later from the toolbar.</p>"))
        self.solo_button = QPushButton(t("내 회사를 위해 신청합니다", "I apply for my own company"))
        self.consultant_button = QPushButton(t("여러 고객사를 관리합니다", "I manage clients"))
        self.solo_button.setDefault(True)
        self.solo_button.clicked.connect(lambda: self._choose(SOLO))
        self.consultant_button.clicked.connect(lambda: self._choose(CONSULTANT))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.solo_button)
        layout.addWidget(self.consultant_button)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

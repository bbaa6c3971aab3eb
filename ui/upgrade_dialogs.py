"""New editions without lost drafts: the upgrade dialog (before/after diff and what needs
attention, shown before anything is written) and the carry-forward dialog (start this year's
application from last year's, choosing which sections to carry)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import FormDefinition, UpgradePlan, field_of, newer_editions, parts
from ui.i18n import language, t

KIND_TEXT = {"rename": ("이름 바뀜", "renamed"), "move": ("옮김", "moved"), "split": ("나눔", "split"),
             "merge": ("합침", "merged"), "default": ("기본값", "default"), "drop": ("없어짐", "dropped"),
             "park": ("확인 필요", "needs attention"), "keep": ("그대로", "unchanged")}


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "…"


class UpgradeDialog(QDialog):
    """Shows the plan; the caller applies it only when the user agrees."""

    def __init__(self, plan: UpgradePlan, old: FormDefinition, new: FormDefinition,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(f"새 공고 양식으로 올리기 — {new.key}", f"Upgrade to the new edition — {new.key}"))
        self.resize(900, 560)
        labels = {f.id: f.label.get(language()) for f in (*old.fields.values(), *new.fields.values())}

        def name(path: str) -> str:
            return " + ".join(labels.get(field_of(p), p) for p in parts(path))

        intro = QLabel(t(
            f"<b>{old.title.ko} {old.edition}</b> → <b>{new.edition}</b>. 아래 변경을 적용합니다. 맞지 않는 답변은 버리지 않고 "
            "'확인 필요'로 보관합니다. 올린 뒤에도 되돌리기로 취소할 수 있습니다.",
            f"<b>{old.title.en} {old.edition}</b> → <b>{new.edition}</b>. These changes will be applied. Answers that "
            "no longer fit are kept aside under 'needs attention', never dropped. Undo takes the upgrade back."))
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([t("변경", "Change"), t("이전 항목", "Before"), t("새 항목", "After"), t("값 / 사유", "Value / reason")])
        self.tree.setAccessibleName(t("변경 내용", "Changes"))
        for step in plan.steps:
            if step.kind == "keep":
                continue
            ko, en = KIND_TEXT.get(step.kind, (step.kind, step.kind))
            after = name(step.target) if step.target else "—"
            detail = _short(step.after) if step.target else f"{_short(step.before)} — {step.reason}"
            item = QTreeWidgetItem([t(ko, en), name(step.source) if step.source else "—", after, detail])
            if step.target is None:
                for col in range(4):
                    item.setForeground(col, QBrush(QColor("#8a5a00")))
            self.tree.addTopLevelItem(item)
        kept = sum(1 for s in plan.steps if s.kind == "keep")
        self.summary = QLabel(t(f"그대로 옮겨지는 답변 {kept}개 · 확인이 필요한 답변 {len(plan.needs_attention)}개",
                                f"{kept} answer(s) carried unchanged · {len(plan.needs_attention)} need attention"))
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("올리기", "Upgrade"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("취소", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)


class CarryForwardDialog(QDialog):
    """Start a new application from an existing one: which programme/edition, which sections."""

    def __init__(self, source: FormDefinition, forms: list[FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(t("이전 신청서에서 이어 쓰기", "Carry forward from an earlier application"))
        self.resize(640, 560)
        self.forms = sorted(forms, key=lambda f: (f.id != source.id, f.id, f.edition))
        self.target = QComboBox()
        self.target.setAccessibleName(t("새 신청서의 사업", "Programme of the new application"))
        newest = newer_editions(forms, source.id, source.edition)
        for f in self.forms:
            self.target.addItem(f"{f.title.get(language())} ({f.edition})", f.key)
        chosen = newest[-1].key if newest else source.key
        self.target.setCurrentIndex(max(self.target.findData(chosen), 0))
        self.boxes: list[tuple[str, QCheckBox]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("새 신청서의 사업과 공고:", "Programme and edition of the new application:")))
        layout.addWidget(self.target)
        layout.addWidget(QLabel(t("가져올 부분 (가져온 답변은 확인할 때까지 표시됩니다):",
                                  "Sections to carry (carried answers stay marked until you confirm them):")))
        for s in source.sections:
            box = QCheckBox(s.title.get(language()))
            box.setChecked(True)
            self.boxes.append((s.id, box))
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("새 신청서 만들기", "Create the application"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("취소", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def target_form(self) -> FormDefinition:
        key = self.target.currentData()
        return next(f for f in self.forms if f.key == key)

    def sections(self) -> list[str]:
        return [sid for sid, box in self.boxes if box.isChecked()]


class ParkedPanel(QTreeWidget):
    """Answers kept aside by an upgrade or a copy: shown with their old place, copyable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([t("이전 항목", "Earlier item"), t("값", "Value")])
        self.setAccessibleName(t("확인이 필요한 답변", "Answers needing attention"))
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)

    def show_parked(self, parked: dict[str, Any], labels: dict[str, str] | None = None) -> None:
        self.clear()
        labels = labels or {}
        for path, value in sorted(parked.items()):
            base = field_of(path)
            shown = f"{labels[base]} ({path})" if base in labels else path
            item = QTreeWidgetItem([shown, _short(value)])
            item.setToolTip(1, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsSelectable)
            self.addTopLevelItem(item)
        self.resizeColumnToContents(0)

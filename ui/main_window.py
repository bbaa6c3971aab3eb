"""The main window: home, the client workspace (or the company profile in solo mode) and the
editor, with the keyboard shortcuts of the whole app (Ctrl+N, Ctrl+S, Ctrl+P, F8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.service import Desk, FormDefinition, KeyLost, Lock, UpgradePlan, write_package
from ui import ops, settings, wheel_guard, window_place
from ui.catalogue import NewApplicationDialog
from ui.clients import ClientsPage
from ui.editor import EditorPage
from ui.file_dialogs import open_path, save_path
from ui.home import HomePage
from ui.hwpx_export import HwpxExport
from ui.i18n import count, language, set_language, t
from ui.key_recovery import KeyBanner, RecoverKeyDialog, RecoverySetupDialog, not_recoverable_text
from ui.lock import WindowLock
from ui.pdf_export import PdfPreview, default_name
from ui.recovery import RecoveryBanner, describe, describe_one
from ui.team_panel import TeamStatus
from ui.upgrade_dialogs import CarryForwardDialog, UpgradeDialog

WATCH_MS = 2000  # PRAGMA data_version: one tiny query


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, forms: list[FormDefinition], mode: str) -> None:
        super().__init__()
        wheel_guard.install()
        self.desk = desk
        self.forms = forms
        self.mode = mode
        self.editor: EditorPage | None = None
        self.exporter = ops.Task(self, text=t("PDF를 만드는 중…", "Creating the PDF…"))
        self.exporter.done.connect(self._exported)
        self._export_target: tuple[int, Path, bool] | None = None
        self.hwpx = HwpxExport(self, desk)
        self.last_preview: PdfPreview | None = None
        self.stack = QStackedWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.recovered_apps: dict[int, str] = {}  # after a crash: what each application kept, for its editor
        self.recovery = self._recovery_banner()
        if self.recovery is not None:
            column.addWidget(self.recovery)
        self.key_banner = KeyBanner()
        self.key_banner.action_button.clicked.connect(self._key_banner_action)
        self.key_dialog: RecoverySetupDialog | RecoverKeyDialog | None = None
        column.addWidget(self.key_banner)
        column.addWidget(self.stack)
        self.setCentralWidget(central)
        self._build_pages()
        self._build_actions()
        self.window_lock = WindowLock(self, Lock(desk.vault))
        self.team_status = TeamStatus(desk, self)
        self.statusBar().addPermanentWidget(self.team_status)
        self.team_status.synced.connect(self._team_synced)
        self.team_status.start()
        self._apply_team_role()
        self.desk.store.changed_elsewhere()  # the baseline
        self.watch = QTimer(self)  # another instance's (or the CLI's) changes, polled cheaply
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.notice_outside_changes)
        self.watch.start()
        self.retranslate()
        window_place.place(self)
        self.show_home()
        desk.vault.on_created(lambda: QTimer.singleShot(0, self, self._key_made))  # dropped with the window
        self.check_key()

    def own_work_done(self) -> None:
        """A worker of this window (the daily backup's upkeep, a batch) committed on a connection
        of its own: the view reloads, but "another program changed the data" would be untrue
        (a tester saw it after start and after the window's own batch)."""
        try:
            changed = self.desk.store.changed_elsewhere()
        except Exception:  # a busy or vanished file: the watch's next tick tries again
            return
        if changed:
            self._team_synced()

    def notice_outside_changes(self) -> bool:
        """Another program wrote to the database: reload what is shown (never under typing)."""
        try:
            changed = self.desk.store.changed_elsewhere()
        except Exception:  # a busy or vanished file: the next tick tries again
            return False
        if changed:
            self._team_synced()
            self.statusBar().showMessage(t("다른 프로그램이 데이터를 바꿔 화면을 새로 고쳤습니다",
                                           "Another program changed the data: the view was reloaded"), 8000)
        return changed

    # --- the data key's recovery (ui/key_recovery.py)
    def check_key(self) -> bool:
        """At start: a keyring key whose entry is gone gets the banner with the way back."""
        if self.desk.vault.status().mode != "keyring":
            return False
        try:
            self.desk.vault.key()
        except KeyLost:
            self.key_banner.say(t("이 데이터베이스의 암호화 키가 키링에 없어 민감한 답변을 열 수 없습니다.",
                                  "The data key is not in the OS keyring: sensitive answers cannot be opened."),
                                t("되찾기…", "Recover…"))
            return True
        except Exception:  # a keyring that does not answer: the editor says so where it matters
            return False
        return False

    def _key_made(self) -> None:
        try:
            recoverable = self.desk.vault.recovery_status().recoverable
        except Exception:  # the Desk was closed before the banner's turn came: nothing to offer
            return
        if not recoverable:
            self.key_banner.say(t("민감한 답변을 암호화하는 키를 만들었습니다. 키링 항목을 잃어도 되찾을 수 있게 "
                                  "복구 키를 만들어 두세요.",
                                  "A key now encrypts sensitive answers. Make a recovery key, so that a lost "
                                  "keyring entry can be recovered."),
                                t("복구 키 만들기…", "Make a recovery key…"))

    def _key_banner_action(self) -> None:
        if self.desk.vault.status().mode == "keyring" and self.check_key():
            self.open_recover()
        else:
            self.open_recovery_setup()

    def open_recovery_setup(self) -> RecoverySetupDialog:
        dialog = RecoverySetupDialog(self.desk, self)
        dialog.finished.connect(lambda _code: self._setup_closed(dialog))
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _setup_closed(self, dialog: RecoverySetupDialog) -> None:
        if dialog.done_any:
            self.key_banner.hide()
        else:  # declined: said plainly, not nagged
            self.key_banner.say(not_recoverable_text(), t("복구 키 만들기…", "Make a recovery key…"))

    def open_recover(self) -> RecoverKeyDialog:
        dialog = RecoverKeyDialog(self.desk, self)
        dialog.accepted.connect(self._recovered)
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _recovered(self) -> None:
        self.key_banner.hide()
        self._team_synced()  # the editor or the list shows the sensitive answers again
        self.statusBar().showMessage(t("암호화 키를 되찾았습니다: 민감한 답변을 다시 열 수 있습니다",
                                       "The data key is back: sensitive answers open again"), 8000)

    def _apply_team_role(self) -> None:
        """A team reviewer's window changes nothing: no new application, no carry-forward, no
        client edits (the editor opens read-only too, ui.team_panel.lease_note)."""
        from desktop_app.team.team import Team

        try:
            read_only = Team(self.desk).status().read_only
        except Exception:  # the Desk is closing with the window
            return
        self.home.new_button.setEnabled(not read_only)
        self.home.copy_button.setEnabled(not read_only)
        self.clients.set_read_only(read_only)

    def _team_synced(self) -> None:
        """Colleagues' changes arrived in the background: show them where nothing is being typed."""
        self._apply_team_role()  # the role is re-read from the server at each sync
        editor = self.editor
        if editor is not None and not editor.pending and self.stack.currentWidget() is editor:
            editor._reload()
        elif self.stack.currentWidget() is self.home:
            self.home.refresh()

    # --- construction
    def _recovery_banner(self) -> RecoveryBanner | None:
        """After a crash or kill: say what the database kept of that session, and from when."""
        since, items = self.desk.history.recovered()
        if since is None:
            return None
        forms = {f.key: f for f in self.forms}

        def label_of(app_id: int, path: str) -> str:
            form = forms.get(self.desk.apps.get(app_id).form_key)
            field = form.fields.get(path.split("[")[0].split(".")[0]) if form else None
            return field.label.get(language()) if field else path

        self.recovered_apps = {item.app_id: describe_one(item, label_of) for item in items}
        return RecoveryBanner(describe(since, items, label_of))

    def _build_pages(self) -> None:
        self.home = HomePage(self.desk, self.forms, solo=self.mode == settings.SOLO)
        self.home.open_requested.connect(self.open_app)
        self.home.new_requested.connect(lambda: self.new_application())
        self.home.copy_requested.connect(self.copy_to_newer)
        self.home.batch_requested.connect(lambda kind: self.run_batch(kind))
        self.clients = ClientsPage(self.desk, self.forms, solo=self.mode == settings.SOLO)
        self.clients.open_requested.connect(self.open_app)
        self.clients.new_application_requested.connect(lambda cid: self.new_application(cid))
        self.stack.addWidget(self.home)
        self.stack.addWidget(self.clients)

    def _action(self, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.home_action = self._action(self.show_home, "Ctrl+H", "home")
        self.clients_action = self._action(self.show_clients, "Ctrl+K", "clients")
        self.new_action = self._action(lambda: self.new_application(), QKeySequence.StandardKey.New, "new")
        self.save_action = self._action(self.save_now, QKeySequence.StandardKey.Save, "save")
        self.export_action = self._action(lambda: self.export_pdf(), "Ctrl+P", "export")
        self.next_action = self._action(self.next_issue, "F8", "next-issue")
        self.import_action = self._action(lambda: self.import_answers(), "Ctrl+I", "import")
        self.lang_action = self._action(self.toggle_language, None, "language")
        self.mode_action = self._action(self.toggle_mode, None, "mode")
        self.lock_action = self._action(self.lock_now, "Ctrl+L", "lock")
        self.package_action = self._action(lambda: self.export_package(), "Ctrl+E", "export-package")
        self.passphrase_action = self._action(lambda: self.set_passphrase(), None, "passphrase")
        self.hwpx_action = self._action(lambda: self.export_hwpx(), "Ctrl+Shift+P", "export-hwpx")
        self.recovery_action = self._action(self._key_banner_action, None, "recovery-key")
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit, "quit")
        if self.quit_action.shortcut().isEmpty():  # Windows has no standard Quit key
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        bar = self.addToolBar("main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        for a in (self.home_action, self.clients_action, self.new_action, self.import_action,
                  self.save_action, self.export_action, self.next_action):
            bar.addAction(a)
        bar.addSeparator()
        bar.addAction(self.lang_action)
        bar.addAction(self.mode_action)
        bar.addAction(self.lock_action)
        menu = self.menuBar().addMenu("")
        self.more_menu = menu
        menu.addAction(self.hwpx_action)
        menu.addAction(self.package_action)
        menu.addAction(self.passphrase_action)
        menu.addAction(self.recovery_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)  # closes as the window's X does: saves, asks, waits

    def retranslate(self) -> None:
        self.setWindowTitle(t("바우처 데스크", "Voucher Desk"))
        solo = self.mode == settings.SOLO
        for action, ko, en in (
            (self.home_action, "홈", "Home"),
            (self.clients_action, "회사 정보" if solo else "고객사", "Company" if solo else "Clients"),
            (self.new_action, "새 신청서", "New"),
            (self.import_action, "가져오기(패키지·답변 파일)", "Import (package or answers)"),
            (self.save_action, "저장", "Save"),
            (self.export_action, "PDF 내보내기", "Export PDF"),
            (self.hwpx_action, "기관 서식(HWPX)으로 내보내기…", "Export the agency's form (HWPX)…"),
            (self.next_action, "다음 문제", "Next issue"),
            (self.lock_action, "잠그기", "Lock"),
            (self.package_action, "패키지로 내보내기…", "Export a package…"),
            (self.passphrase_action, "데이터 암호 설정…", "Set a data passphrase…"),
            (self.recovery_action, "복구 키…", "Recovery key…"),
            (self.quit_action, "끝내기", "Quit"),
            (self.mode_action, "여러 고객사 관리로 전환" if solo else "내 회사만 신청으로 전환",
             "Switch to consultant mode" if solo else "Switch to solo mode"),
        ):
            action.setText(t(ko, en))
            tip = action.shortcut().toString()
            action.setToolTip(f"{t(ko, en)} ({tip})" if tip else t(ko, en))
        self.lang_action.setText("English" if language() == "ko" else "한국어")
        self.more_menu.setTitle(t("파일", "File"))
        self.lock_action.setVisible(self.window_lock.lock.available)

    # --- navigation
    def show_home(self) -> None:
        if not self.close_editor():
            return
        self.lock_action.setVisible(self.window_lock.lock.available)
        self.home.refresh()
        ops.attempt(self, self.home.refresh_cockpit)
        self.stack.setCurrentWidget(self.home)

    def show_clients(self) -> None:
        if not self.close_editor():
            return
        self.clients.refresh()
        self.stack.setCurrentWidget(self.clients)

    def open_app(self, app_id: int) -> EditorPage | None:
        if self.editor is not None and self.editor.app_id == app_id:
            self.stack.setCurrentWidget(self.editor)
            return self.editor
        if not self.close_editor():
            return None
        opened = ops.attempt(self, lambda: EditorPage(self.desk, app_id))
        if opened is None:
            return None
        editor = opened.value
        editor.closed.connect(lambda _id: self.show_home())
        editor.export_requested.connect(lambda aid, _f: self.export_pdf(aid))
        editor.upgrade_requested.connect(lambda aid: self.upgrade_app(aid))
        editor.form_switched.connect(self._reopen, Qt.ConnectionType.QueuedConnection)
        editor.offer_upgrade(bool(self.desk.upgrades.newer(self.forms, editor.form)))
        if app_id in self.recovered_apps:  # said once in the application itself, not only at start
            editor.show_recovered(self.recovered_apps.pop(app_id))
        self.editor = editor
        self.lock_action.setVisible(self.window_lock.lock.available)  # a key may just have been made
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        return editor

    def close_editor(self) -> bool:
        editor = self.editor
        if editor is None:
            return True
        if not editor.flush():
            return False
        editor.remember_position()
        self.editor = None
        self.stack.removeWidget(editor)
        editor.deleteLater()
        return True

    # --- applications
    def _solo_client(self) -> int | None:
        """The one company of a solo founder's book, if there is one yet."""
        clients = self.desk.clients.search("", limit=1)
        return clients[0].id if clients else None

    def new_application(self, client_id: int | None = None) -> int | None:
        if self.mode == settings.SOLO:
            client_id = self._solo_client()
            dialog = NewApplicationDialog(self.forms, None, self)
        else:
            dialog = NewApplicationDialog(self.forms, self.desk.clients, self, client_id=client_id)
        if dialog.exec() != NewApplicationDialog.DialogCode.Accepted:
            return None
        form = dialog.form()
        if form is None:
            return None
        chosen = client_id if self.mode == settings.SOLO else dialog.client_id()
        return self.create_application(form, chosen, dialog.answers())

    def create_application(self, form: FormDefinition, client_id: int | None,
                           answers: dict[str, Any] | None = None) -> int | None:
        def create() -> int:
            app_id = self.desk.apps.new(form, client_id=client_id).app_id
            assert app_id is not None
            if answers:
                self.desk.apps.save_many(app_id, answers, label="pre-check")
            return app_id

        created = ops.attempt(self, create)
        if created is None:
            return None
        self.open_app(created.value)
        return created.value

    def run_batch(self, kind: str, out_dir: Path | None = None, final: bool = False) -> Any:
        """일괄 PDF / 일괄 점검 on the home list's selection, on a worker, in a dialog that can
        cancel it; the home list is refreshed when it ends (statuses, completion). Asked from
        the window, a batch PDF first says what it will export (the selected rows, or the whole
        list when none is selected: a tester got all 12 without a word) and whether drafts go too."""
        from ui.batch_dialog import BatchDialog

        if kind == "pdf" and out_dir is None:
            scope = self.ask_batch_scope(self.home.selected_selection())
            if scope is None:
                return None
            final = scope
            from PySide6.QtWidgets import QFileDialog

            from ui.file_dialogs import remember, start_dir

            chosen = QFileDialog.getExistingDirectory(self, t("PDF를 저장할 폴더", "Folder for the PDFs"),
                                                      str(start_dir("batch-pdf")))
            if not chosen:
                return None
            out_dir = Path(chosen)
            remember("batch-pdf", out_dir)
        done = ops.attempt(self, lambda: BatchDialog(self.desk, self.home.selected_selection(), kind,
                                                 out_dir=out_dir, final=final, parent=self))
        if done is None:
            return None
        dialog = done.value
        dialog.task.done.connect(self._batch_done)
        self.last_batch = dialog
        dialog.show()
        dialog.start()
        return dialog

    def ask_batch_scope(self, selection: Any) -> bool | None:
        """Final only (True), everything with drafts marked (False), or cancelled (None)."""
        from PySide6.QtWidgets import QMessageBox

        from desktop_app.josa import particle
        from desktop_app.service import batch

        count = len(batch.select(self.desk, selection))
        what = (t(f"선택한 신청서 {count:,}건", f"the {count:,} selected application(s)") if selection.ids
                else t(f"선택한 것이 없어 목록의 신청서 {count:,}건 전체",
                       f"nothing is selected, so all {count:,} application(s) in the list"))
        box = QMessageBox(QMessageBox.Icon.Question, t("일괄 PDF", "Batch PDF"),
                          t(f"{what}{particle(what, '을')} PDF로 내보냅니다. 오류가 남은 신청서는 어떻게 할까요?",
                            f"Exporting {what} as PDFs. What about those with errors left?"),
                          QMessageBox.StandardButton.NoButton, self)
        finals = box.addButton(t("오류 없는 것만 (최종본)", "Only those without errors (final)"),
                               QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(t("모두 (오류가 남은 것은 초안으로)", "All (those with errors as DRAFTs)"),
                              QMessageBox.ButtonRole.AcceptRole)
        box.addButton(t("취소", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(finals)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is finals else False if clicked is every else None

    def _batch_done(self, _summary: object) -> None:
        self.own_work_done()
        self.home.refresh()

    def copy_to_newer(self, app_id: int, target: FormDefinition | None = None,
                      sections: list[str] | None = None) -> int | None:
        """Carry an application forward (this year's from last year's, or to another programme);
        without `target` the user chooses the form and the sections in a dialog."""
        source = ops.attempt(self, lambda: self.desk.apps.form_of(app_id))
        if source is None:
            return None
        if target is None:
            dialog = CarryForwardDialog(source.value, self.forms, self)
            if dialog.exec() != CarryForwardDialog.DialogCode.Accepted:
                return None
            target, sections = dialog.target_form(), dialog.sections()
        chosen = target
        copied = ops.attempt(self, lambda: self.desk.apps.copy(app_id, chosen, sections=sections))
        if copied is None:
            return None
        self.home.refresh()
        if copied.value.app_id is not None:
            self.open_app(copied.value.app_id)
        return copied.value.app_id

    def upgrade_app(self, app_id: int, target: FormDefinition | None = None) -> bool:
        """Show the before/after of moving a draft to a newer edition; apply it when agreed."""
        if self.editor is not None and self.editor.app_id == app_id and not self.editor.flush():
            return False
        def plan() -> tuple[FormDefinition, FormDefinition, UpgradePlan]:
            new = target or self.desk.upgrades.target(app_id, self.forms)
            return self.desk.apps.form_of(app_id), new, self.desk.upgrades.preview(app_id, new)

        planned = ops.attempt(self, plan)
        if planned is None:
            return False
        old, new, steps = planned.value
        if not self.confirm_upgrade(UpgradeDialog(steps, old, new, self)):
            return False
        if ops.attempt(self, lambda: self.desk.upgrades.apply(app_id, new)) is None:
            return False
        self.close_editor()  # the form changed: build the editor anew
        self.open_app(app_id)
        return True

    def _reopen(self, app_id: int) -> None:
        """The application now follows another edition: build its editor anew."""
        self.close_editor()
        self.open_app(app_id)

    def confirm_upgrade(self, dialog: UpgradeDialog) -> bool:
        return dialog.exec() == UpgradeDialog.DialogCode.Accepted

    def import_answers(self, path: str | None = None) -> int | None:
        """An answers JSON file (docs/architecture.md format) becomes a new application."""
        if path is None:
            picked = open_path(self, t("가져오기", "Import"),
                               t("패키지 또는 답변 파일 (*.vdpkg *.json)", "Packages or answers (*.vdpkg *.json)"), "import")
            if picked is None:
                return None
            path = str(picked)
        if path.endswith(".vdpkg"):
            return self.import_package(Path(path))
        client_id = self._solo_client() if self.mode == settings.SOLO else None
        file = Path(path)  # the CLI's import: every attachment checked first, one transaction
        done = ops.attempt(self, lambda: self.desk.answers.import_file(file, client_id=client_id))
        if done is None:
            return None
        for warning in done.value.warnings:
            self.statusBar().showMessage(warning, 8000)
        self.open_app(done.value.app_id)
        return done.value.app_id

    def import_package(self, path: Path, **options: Any) -> int | None:
        from ui.packages import import_file

        done = import_file(self.desk, path, parent=self, **options)
        if done is None:
            return None
        imported = done.value
        for warning in imported.warnings:
            self.statusBar().showMessage(warning, 8000)
        self.open_app(imported.app_id)
        return imported.app_id

    def export_package(self, app_id: int | None = None, path: Path | None = None,
                       passphrase: str | bool | None = None) -> Path | None:
        """Save an application as a .vdpkg; `passphrase=True` asks for one (encrypted hand-off)."""
        from ui.packages import ask_package_passphrase

        app_id = app_id if app_id is not None else (self.editor.app_id if self.editor else self.home.selected_app())
        if app_id is None:
            return None
        if self.editor is not None and not self.editor.flush():
            return None
        if path is None:
            chosen = save_path(self, t("패키지로 내보내기", "Export a package"),
                               f"{self.desk.apps.get(app_id).title}.vdpkg", "Voucher Desk (*.vdpkg)", "export")
            if chosen is None:
                return None
            path = chosen
            encrypt = QMessageBox.question(self, t("패키지 암호", "Package passphrase"),
                                           t("고객사와 주고받을 패키지를 암호로 보호할까요?",
                                             "Protect the package with a passphrase for the hand-off?"))
            passphrase = encrypt == QMessageBox.StandardButton.Yes
        if passphrase is True:
            passphrase = ask_package_passphrase(self, "create")
            if passphrase is None:
                return None
        chosen_app, dest, secret = app_id, path, passphrase or None
        job = ops.attempt(self, lambda: self.desk.packages.prepare(chosen_app))  # the snapshot
        if job is None:
            return None
        snapshot = job.value  # building, scrypt and writing: off the GUI thread, no Desk there
        written = ops.in_worker(self, lambda: write_package(snapshot, dest, passphrase=secret),
                                t("패키지를 만드는 중…", "Writing the package…"))
        if written is None or ops.attempt(self, lambda: self.desk.packages.record(chosen_app, dest)) is None:
            return None
        exported = written.value
        self.statusBar().showMessage(t(f"{exported.path.name} 저장됨", f"Saved {exported.path.name}"), 8000)
        return exported.path

    def set_passphrase(self, new: str | None = None) -> bool:
        """Protect the data key with a passphrase of the user's (instead of the OS keyring)."""
        from ui.passphrase import PassphraseDialog

        if new is None:
            dialog = PassphraseDialog("create", self)
            if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                return False
            new = dialog.passphrase()
        secret, vault = new, self.desk.vault  # the key's record here; scrypt on a worker
        wrap = ops.attempt(self, lambda: vault.rewrapping(secret))
        if wrap is None:
            return False
        records = ops.in_worker(self, wrap.value, t("암호를 설정하는 중…", "Setting the passphrase…"))
        if records is None or ops.attempt(self, lambda: vault.rewrapped(records.value)) is None:
            return False
        self.lock_action.setVisible(self.window_lock.lock.available)
        return True

    # --- editor actions
    def save_now(self) -> None:
        if self.editor is not None:
            self.editor.save_now()
        elif self.current_page() is self.clients:
            # the company profile is saved by a button at the bottom of a long form: the toolbar's
            # 저장 (Ctrl+S) saves it too, and says so
            saved = ops.attempt(self, self.clients.profile.save)  # a refusal is shown, located
            if saved is not None and saved.value is not None:
                self.statusBar().showMessage(t("회사 정보 저장됨", "Company profile saved"), 4000)
            else:
                self.statusBar().showMessage(t("저장하지 못했습니다: 빨간 글씨로 표시된 항목을 고치세요.",
                                               "Not saved: fix the items marked in red."), 6000)
        else:
            self.statusBar().showMessage(t("모든 내용은 입력하는 즉시 저장됩니다.", "Everything is saved as you type."), 4000)

    def lock_now(self) -> bool:
        """Ctrl+L: save, forget the key, hide everything until the passphrase is given."""
        if self.editor is not None and not self.editor.flush():
            return False
        return self.window_lock.lock_now()

    def next_issue(self) -> None:
        if self.editor is not None:
            self.editor.next_issue()

    def export_pdf(self, app_id: int | None = None, path: Path | None = None,
                   final: bool | None = None, preview: bool = True) -> bool:
        """Start the export; a final one only when no error remains (a DRAFT is always possible)."""
        editor = self.editor
        if app_id is None and editor is not None:
            app_id = editor.app_id
        if app_id is None or self.exporter.running():
            return False
        if editor is None or editor.app_id != app_id:
            editor = self.open_app(app_id)
            if editor is None:
                return False
        if not editor.flush():
            return False
        chosen_app = app_id  # a final export only when desk.apps.check finds no error (seal file included)
        prepared = ops.attempt(self, lambda: self.desk.exports.prepare(chosen_app, final=final))
        if prepared is None:
            return False
        job = prepared.value
        if final is None:
            final = not job.result.blocking
        if path is None:
            chosen = save_path(self, t("PDF 내보내기", "Export PDF"), default_name(editor.form, job.applicant, final),
                               "PDF (*.pdf)", "export")
            if chosen is None:
                return False
            path = chosen
        self._export_target = (app_id, path, final)
        self._preview_after = preview
        lang, out, is_final = language(), path, final  # the worker gets values, never the Desk
        self.exporter.start(lambda: job.render(out, lang=lang, final=is_final))
        return True

    def export_hwpx(self, app_id: int | None = None, path: Path | None = None,
                    final: bool | None = None) -> bool:
        """The agency's own 서식, filled on a worker (ui/hwpx_export.py); False when not started."""
        if app_id is None and self.editor is not None:
            app_id = self.editor.app_id
        if app_id is None:
            return False
        editor = self.editor if self.editor is not None and self.editor.app_id == app_id else self.open_app(app_id)
        return editor is not None and self.hwpx.start(editor, path, final)

    def _exported(self, info: Any) -> None:
        assert self._export_target is not None
        app_id, path, final = self._export_target
        self._export_target = None
        if ops.attempt(self, lambda: self.desk.exports.record(app_id, info, final=final)) is None:
            return  # the file was not put in place: nothing says "saved"
        if self.editor is not None and self.editor.app_id == app_id:
            self.editor.refresh_header()
        kind = t("최종본", "final") if final else t("초안(DRAFT)", "DRAFT")
        self.statusBar().showMessage(t(f"{path.name} 저장됨 — {info.pages}쪽, {kind}",
                                       f"Saved {path.name} — {count(info.pages, 'page')}, {kind}"), 8000)
        if self._preview_after:
            self.last_preview = PdfPreview(path, self)
            self.last_preview.show()

    # --- settings
    def toggle_language(self) -> None:
        from PySide6.QtWidgets import QApplication

        from ui.qt_translations import apply_language

        set_language("en" if language() == "ko" else "ko")
        settings.save_language(language())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_language(app, language())
        self.rebuild()

    def toggle_mode(self) -> None:
        self.mode = settings.CONSULTANT if self.mode == settings.SOLO else settings.SOLO
        settings.set_mode(self.mode)
        self.rebuild()

    def rebuild(self) -> None:
        """Rebuild the pages in the new language or mode; an open application stays open."""
        open_app = self.editor.app_id if self.editor else None
        if not self.close_editor():
            return
        for page in (self.home, self.clients):
            self.stack.removeWidget(page)
            page.deleteLater()
        self._build_pages()
        self.retranslate()
        if open_app is not None:
            self.open_app(open_app)
        else:
            self.show_home()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.isMaximized():  # the frame's size is known only now: pull it inside again
            window_place.fit(self, window_place.room(self))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_editor():
            window_place.remember(self)
            self.team_status.stop()  # no background sync for a window that is gone
            event.accept()
        else:
            event.ignore()

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

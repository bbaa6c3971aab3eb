"""Why a package or answers file was refused: one typed error with a stable `code` (for tests and
the window) and a message in Korean and English that says what is wrong with the file."""

from __future__ import annotations

from desktop_app.storage.errors import Rejected


class PackageRefused(Rejected):
    """Nothing was written: the file failed a check (see `code`)."""

    def __init__(self, code: str, message_ko: str, message_en: str) -> None:
        self.code = code
        super().__init__(message_ko, message_en)


class ConflictUnresolved(PackageRefused):
    """A client with the same 사업자등록번호 exists and no choice (keep/replace/both) was given."""

    def __init__(self, brn: str, client_id: int, name: str) -> None:
        self.brn, self.client_id, self.name = brn, client_id, name
        super().__init__(
            "client_conflict",
            f"사업자등록번호 {brn}인 고객이 이미 있습니다(#{client_id} {name}). "
            "--client-conflict keep|replace|both 중에서 고르세요",
            f"a client with 사업자등록번호 {brn} exists (#{client_id} {name}); choose "
            "--client-conflict keep (use it as is), replace (take the package's profile) or both "
            "(add the package's client beside it)")

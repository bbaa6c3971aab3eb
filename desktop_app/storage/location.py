"""Where the database, its backups and the attachment files live.

Everything derives from the database file, so a test (or `--base-dir`) that moves the file moves
the rest with it. By default the file is data_dir()/voucher-desk.sqlite3 (desktop_app.paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_FILE_NAME = "voucher-desk.sqlite3"


@dataclass(frozen=True)
class Location:
    db: Path

    @classmethod
    def default(cls) -> Location:
        from desktop_app import paths

        return cls(paths.data_dir() / DB_FILE_NAME)

    @classmethod
    def of(cls, db: str | Path | None) -> Location:
        return cls.default() if db is None else cls(Path(db).expanduser().resolve())

    @property
    def root(self) -> Path:
        return self.db.parent

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

"""Codecs for moving applications in and out: `.vdpkg` packages (optionally passphrase-encrypted)
and docs/architecture.md answer files, as bytes ⇄ contents; no Desk, database or sealing here (the
orchestration is desktop_app/service/packages.py and answer_files.py). Modules by job: `zipcheck`
(reading an untrusted zip), `manifest`, `content` (answers, profile and attachments against the
form), `package` (build and read, all checks before any write), `errors`. The size and count limits
are desktop_app/limits.py, shared with the form loader.
"""

from desktop_app.exchange.errors import ConflictUnresolved, PackageRefused

__all__ = ["ConflictUnresolved", "PackageRefused"]

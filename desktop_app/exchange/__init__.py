"""Moving applications in and out: `.vdpkg` packages (optionally passphrase-encrypted) and
docs/architecture.md answer files. Modules by job: `limits` (format constants), `zipcheck` (reading an
untrusted zip), `manifest`, `content` (answers, profile and attachments against the form),
`package` (build and read, all checks before any write), `exporter`, `importer` (one
transaction, client conflicts), `reuse` (answers across programmes), `answer_files`, `errors`.
"""

from desktop_app.exchange.errors import ConflictUnresolved, PackageRefused

__all__ = ["ConflictUnresolved", "PackageRefused"]

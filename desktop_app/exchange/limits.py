"""The package format's constants and the limits import enforces before reading a byte more.

Limits are generous for real applications (a form's attachments are at most tens of MB each)
and small enough that a hostile file cannot exhaust memory or disk: sizes are checked against
the zip's declared sizes first, and every read is bounded by them.
"""

from __future__ import annotations

FORMAT = "voucher-desk-package"
FORMAT_VERSION = 1
SUFFIX = ".vdpkg"

MANIFEST = "manifest.json"
ANSWERS = "answers.json"
CLIENT = "client.json"
PAYLOAD = "payload.bin"             # an encrypted package's only other member
ATTACHMENTS_DIR = "attachments/"    # attachments/<sha256>/<original name>
IMAGES_DIR = "images/"              # images/<field id>/<original name> (seal, signature)

MiB = 1024 * 1024
MAX_FILE_BYTES = 300 * MiB          # the package file itself
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 64 * MiB         # one member, uncompressed
MAX_TOTAL_BYTES = 256 * MiB         # all members, uncompressed
MAX_JSON_BYTES = 8 * MiB            # manifest, answers, client
MAX_RATIO = 100                     # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
MAX_NAME = 255

"""Every limit on input from outside, in one place (docs/architecture.md "Limits"): the package
format's constants and sizes, answers files, form definitions (YAML), expressions, tables and
the key-derivation parameters a package may ask for.

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

# answers files (desktop_app.answers): as a package's answers.json
MAX_ANSWERS_BYTES = MAX_JSON_BYTES
MAX_JSON_DEPTH = 64                 # lists/objects inside each other
MAX_NUMBER_DIGITS = 30              # an integer answer (no amount in a voucher needs more)

# form definitions (desktop_app.forms.yamlsrc)
MAX_YAML_BYTES = 2 * MiB
MAX_YAML_ALIASES = 50               # *alias uses: a "billion laughs" file is refused at once
MAX_YAML_NODES = 200_000            # values after expanding aliases (a shipped form has ≈20,000)

# expressions in forms (desktop_app.forms.expressions), checked at load and at evaluation
MAX_EXPR_CHARS = 2000
MAX_EXPR_NODES = 400                # syntax tree size
MAX_POWER_EXPONENT = 100            # x ** y with |y| above this is refused
MAX_NUMBER_BITS = 4096              # any intermediate integer
MAX_STRING_CHARS = 100_000          # any intermediate string (format widths, repetition)
MAX_EVAL_STEPS = 200_000            # syntax-tree steps per evaluation (a table of 1000 rows ≈ 10k)

# tables: every table's own max_rows is enforced on import; a table without one gets this
DEFAULT_MAX_ROWS = 1000

# scrypt parameters an encrypted package may ask for: N at most 2^17 (r=8, p=1: 128 MiB per
# try, what this app writes); security.kdf itself accepts r=8, p=1 only
MAX_SCRYPT_LOG2_N = 17

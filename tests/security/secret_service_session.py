"""Run inside `dbus-run-session` with gnome-keyring-daemon started (see the test beside this).

`probe`: can keyring store a secret here at all?  `write DB`: a Desk seals a sensitive answer
(the key goes to the Secret Service); `read DB APP`: a new process opens it with that key.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop_app.forms import find_form
from desktop_app.service import Desk

FORMS = Path(__file__).resolve().parent / "forms"
BIRTH = "1983-09-02"


def main(args: list[str]) -> int:
    import keyring

    backend = keyring.get_keyring()
    print(f"backend {type(backend).__module__}.{type(backend).__name__}")
    if args[0] == "probe":
        keyring.set_password("voucher-desk-probe", "probe", "ok")
        return 0 if keyring.get_password("voucher-desk-probe", "probe") == "ok" else 1
    lookup = lambda spec: find_form(spec, FORMS)  # noqa: E731
    refuse = lambda purpose: sys.exit("a passphrase was asked for although a keyring works")  # noqa: E731
    with Desk.open(args[1], forms=lookup, auto_backup=False, passphrase=refuse) as desk:
        if args[0] == "write":
            app = desk.apps.new(lookup("secure-voucher@2026"),
                                answers={"representative_birth": BIRTH}).app_id
            status = desk.vault.status()
            print(f"app {app} mode {status.mode} key {status.key_id}")
            stored = keyring.get_password("voucher-desk", f"data-key-{status.key_id}")
            return 0 if stored and status.mode == "keyring" else 1
        value = desk.apps.open(int(args[2])).values.get("representative_birth")
        print(f"read {value}")
        return 0 if value == BIRTH else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Entry script of the frozen app: the same composition root as the `voucher-desk` command."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())

"""Keep None, True and False alive under PySide6 6.12.0 on CPython 3.11.

Measured (issue 18): with the 6.12.0 wheels every Qt call that returns void (`setText`,
`setData`, `setItem`, `resize` …) drops one reference to None without having taken it, so
`sys.getrefcount(None)` falls by one per call and the process aborts with "Fatal Python
error: none_dealloc" once it reaches zero (≈5,000 calls after start; the home list made
≈14 such calls per row). 6.11.3 does not do it. The wheels are abi3 builds that treat the
singletons as immortal, which they are only from CPython 3.12 on (PEP 683). So on older
interpreters this gives them what 3.12 gives them: a reference count no run can exhaust.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # ≈10¹² dropped references: decades of calls


def headroom(obj: object) -> int:
    """How many unmatched decrements `obj` survives (CPython's reference count, minus one)."""
    return sys.getrefcount(obj) - 1


def protect() -> bool:
    """Raise the reference counts of None, True and False out of reach; False from 3.12 on,
    where they are immortal already, or off CPython."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        if headroom(obj) < HEADROOM:
            cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is a PyObject's first field
            cell.value += HEADROOM
    return True

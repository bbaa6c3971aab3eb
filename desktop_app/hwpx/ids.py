"""Deterministic element ids while python-hwpx edits a document: same input, same bytes.

python-hwpx numbers new paragraphs and tables from `uuid4()`; it names
`hwpx.oxml._document_impl.uuid4` as the seam to replace. We replace it, for the length of one
fill, with a counter seeded by the fill's input, under a lock (the seam is process-wide).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.RLock()


@contextmanager
def deterministic_ids(seed: bytes) -> Iterator[None]:
    import hwpx.oxml._document_impl as impl

    base = int.from_bytes(hashlib.sha256(seed).digest()[:16], "big")
    counter = itertools.count(1)

    def next_uuid() -> uuid.UUID:
        n = next(counter)
        digest = hashlib.sha256(base.to_bytes(16, "big") + n.to_bytes(8, "big")).digest()
        return uuid.UUID(bytes=digest[:16])

    with _lock:
        previous = impl.uuid4
        impl.uuid4 = next_uuid
        try:
            yield
        finally:
            impl.uuid4 = previous

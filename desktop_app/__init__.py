"""Voucher Desk core: forms, validation, storage, PDF — no Qt here (see tests/test_import_boundary.py)."""

__version__ = "0.1.0"

"""Guichet counter core: domain, store, capture, filing, receipts, sync, security.

This package never imports PySide6 or ``ui`` (checked by tests/desk/test_layering.py).
"""

__version__ = "0.1.0"

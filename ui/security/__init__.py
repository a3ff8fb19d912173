"""Shared-workstation security in the window: the lock."""

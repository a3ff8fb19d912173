"""Identity in the counter window: MRZ from a document reader (keyboard wedge or
serial line), duplicate candidates, identity alerts. ``attach(window)`` plugs it in."""

from __future__ import annotations

from ui.identity.controller import IdentityController, attach

__all__ = ["IdentityController", "attach"]

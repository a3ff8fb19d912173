"""The dossier view and its panels (one feature per module, each under ~400 lines)."""

from ui.dossier.view import DossierView

__all__ = ["DossierView"]

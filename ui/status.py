"""How a status looks: French text, a glyph and a colour — always all three, so that
colour is never the only carrier of meaning (RGAA 3.1).

Colours follow the DSFR palette: rouge Marianne is kept for errors, so a missing piece
is "warning" orange, not red.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desk.domain.dossier import DossierStatus
from desk.domain.entities import PieceStatus

# DSFR colour tokens
BLUE_FRANCE = "#000091"
RED_MARIANNE = "#E1000F"
SUCCESS = "#18753C"
WARNING = "#B34000"
INFO = "#0063CB"
GREY_TEXT = "#3A3A3A"
GREY_MENTION = "#666666"


@dataclass(frozen=True)
class Look:
    text: str
    glyph: str
    colour: str

    @property
    def label(self) -> str:
        return f"{self.glyph} {self.text}"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Status", text)


def dossier_look(status: DossierStatus) -> Look:
    table = {
        DossierStatus.DRAFT: (_tr("Brouillon"), "○", GREY_MENTION),
        DossierStatus.COLLECTING: (_tr("Pièces en cours"), "◔", INFO),
        DossierStatus.READY: (_tr("Complet"), "✔", SUCCESS),
        DossierStatus.FILED_ONLINE: (_tr("Déposé en ligne"), "⇪", SUCCESS),
        DossierStatus.DEPOSITED: (_tr("Déposé au guichet"), "⇪", SUCCESS),
        DossierStatus.INCOMPLETE: (_tr("Incomplet — pièces attendues"), "⚠", WARNING),
        DossierStatus.CLOSED: (_tr("Clos"), "■", GREY_MENTION),
    }
    text, glyph, colour = table[status]
    return Look(text, glyph, colour)


def piece_look(status: PieceStatus, mandatory: bool) -> Look:
    if status is PieceStatus.CAPTURED:
        return Look(_tr("Fournie"), "✔", SUCCESS)
    if status is PieceStatus.DECLARED_MISSING:
        return Look(_tr("Déclarée manquante"), "✖", WARNING if mandatory else GREY_MENTION)
    if mandatory:
        return Look(_tr("À fournir"), "●", WARNING)
    return Look(_tr("Facultative"), "○", GREY_MENTION)

"""How a status looks: French text, a glyph and a colour — always all three, so that
colour is never the only carrier of meaning (RGAA 3.1).

Colours follow the DSFR palette: rouge Marianne is kept for errors, so a missing piece
is "warning" orange, not red.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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


def _translated(look: Look) -> Look:
    return Look(_tr(look.text), look.glyph, look.colour)


def dossier_look(status: DossierStatus) -> Look:
    table = {
        DossierStatus.DRAFT: (str(QT_TRANSLATE_NOOP("Status", "Brouillon")), "○", GREY_MENTION),
        DossierStatus.COLLECTING: (str(QT_TRANSLATE_NOOP("Status", "Pièces en cours")), "◔", INFO),
        DossierStatus.READY: (str(QT_TRANSLATE_NOOP("Status", "Complet")), "✔", SUCCESS),
        DossierStatus.FILED_ONLINE: (
            str(QT_TRANSLATE_NOOP("Status", "Déposé en ligne")),
            "⇪",
            SUCCESS,
        ),
        DossierStatus.DEPOSITED: (
            str(QT_TRANSLATE_NOOP("Status", "Déposé au guichet")),
            "⇪",
            SUCCESS,
        ),
        DossierStatus.INCOMPLETE: (
            str(QT_TRANSLATE_NOOP("Status", "Incomplet — pièces attendues")),
            "⚠",
            WARNING,
        ),
        DossierStatus.CLOSED: (str(QT_TRANSLATE_NOOP("Status", "Clos")), "■", GREY_MENTION),
    }
    text, glyph, colour = table[status]
    return _translated(Look(text, glyph, colour))


def piece_look(status: PieceStatus, mandatory: bool) -> Look:
    if status is PieceStatus.CAPTURED:
        return _translated(Look(str(QT_TRANSLATE_NOOP("Status", "Fournie")), "✔", SUCCESS))
    if status is PieceStatus.DECLARED_MISSING:
        return _translated(
            Look(
                str(QT_TRANSLATE_NOOP("Status", "Déclarée manquante")),
                "✖",
                WARNING if mandatory else GREY_MENTION,
            )
        )
    if mandatory:
        return _translated(Look(str(QT_TRANSLATE_NOOP("Status", "À fournir")), "●", WARNING))
    return _translated(Look(str(QT_TRANSLATE_NOOP("Status", "Facultative")), "○", GREY_MENTION))

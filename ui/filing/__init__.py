"""The filing room's panels of the dossier view: assisted online filing, substitution
deposit, completeness / deadlines / fees / timbres, and the history timeline."""

from __future__ import annotations

from pathlib import Path

from desk.app import Counter
from desk.services.common import Actor
from ui.dossier.view import DossierView
from ui.filing.assisted import AssistedFilingPanel
from ui.filing.history import HistoryTimeline
from ui.filing.status import FilingStatusPanel
from ui.filing.substitution import SubstitutionForm


def install_panels(
    view: DossierView, counter: Counter, actor: Actor, downloads: Path | None = None
) -> dict[str, object]:
    """Plug the filing panels into ``view``; returns them by name."""
    panels: dict[str, object] = {
        "status": FilingStatusPanel(counter, actor),
        "assisted": AssistedFilingPanel(counter, actor, downloads),
        "substitution": SubstitutionForm(counter, actor),
        "history": HistoryTimeline(),
    }
    view.add_panel(view.tr("Délais et droits"), panels["status"])  # type: ignore[arg-type]
    view.add_panel(view.tr("Dépôt en ligne"), panels["assisted"])  # type: ignore[arg-type]
    view.add_panel(view.tr("Substitution"), panels["substitution"])  # type: ignore[arg-type]
    view.add_panel(view.tr("Historique"), panels["history"])  # type: ignore[arg-type]
    return panels


__all__ = [
    "AssistedFilingPanel",
    "FilingStatusPanel",
    "HistoryTimeline",
    "SubstitutionForm",
    "install_panels",
]

"""The sync room in the window: the sync panel (ui.sync.panel.SyncDialog), the runner
shared by its button and the nightly timer, the status bar's freshness warning
(ui.sync.controller)."""

from ui.sync.controller import SyncController, attach

__all__ = ["SyncController", "attach"]

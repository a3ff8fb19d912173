"""The capture panel of the dossier view: scan or re-scan pages into a piece."""

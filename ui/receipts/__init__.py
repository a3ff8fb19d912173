"""Receipts in the window: the dossier view's "Reçus" panel and printing through
QtPrintSupport."""

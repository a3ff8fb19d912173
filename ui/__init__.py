"""The counter window (PySide6). Imports desk services; desk never imports this."""

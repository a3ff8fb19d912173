"""The working page's top bar: the brand, the search box (which also receives a
barcode scanner's input), "Nouveau dossier" and "Se déconnecter". The main window
connects them (ui/main_window.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


class TopBar(QWidget):
    """The bar above today's list and the dossier view; emits no signal of its own
    (its ``search_box``, ``new_button`` and ``logout_button`` do)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the stylesheet's band
        brand = QLabel(self.tr("Guichet"))
        brand.setObjectName("brand")
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("Rechercher : nom, numéro étranger, n° de dossier — ou scanner le code-barres")
        )
        self.search_box.setAccessibleName(self.tr("Rechercher un dossier"))
        self.search_box.setAccessibleDescription(
            self.tr("Un numéro de dossier suivi d'Entrée ouvre directement le dossier.")
        )
        self.new_button = QPushButton(self.tr("&Nouveau dossier"))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(self.tr("Nouveau dossier (Ctrl+N)"))
        self.new_button.setAccessibleName(self.tr("Nouveau dossier"))
        self.logout_button = QPushButton(self.tr("Se &déconnecter"))
        self.logout_button.setAccessibleName(self.tr("Se déconnecter"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(brand)
        layout.addWidget(self.search_box, 1)
        layout.addWidget(self.new_button)
        layout.addWidget(self.logout_button)

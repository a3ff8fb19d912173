"""The page strip of the capture panel: one thumbnail per page of the piece, in the
piece's order, dragged to reorder; each item holds its page id and the rotation its
thumbnail is drawn with."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desk.app import Counter
from desk.domain.entities import Page

THUMB = 150  # px, long side
_ID = Qt.ItemDataRole.UserRole
_ROTATION = Qt.ItemDataRole.UserRole + 1  # a thumbnail's page rotation, as drawn
#: (RGB bytes, width, height, rotation): what a pool thread hands the strip
Thumbnail = tuple[bytes, int, int, int]


def thumbnail(counter: Counter, page: Page, preview: Image.Image | None = None) -> Thumbnail:
    """An upright thumbnail of ``page``: pool thread. A scan's ``preview`` was made in
    the scanner's process; else the page is read back from the store (numpy comes with
    the first thumbnail, not the working page)."""
    from desk.capture.placement import upright

    image = (preview or upright(counter.blobs.get(page.blob), THUMB)).convert("RGB")
    return image.tobytes(), image.width, image.height, page.rotation


class PageStrip(QListWidget):
    """Thumbnails in icon mode; internal drag and drop moves them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Pages de la pièce"))
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setMovement(QListWidget.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)

    def add(self, page: Page, thumb: Thumbnail) -> None:
        data, w, h, rotation = thumb
        image = QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        pixmap = QPixmap.fromImage(image)
        if rotation:
            from PySide6.QtGui import QTransform

            pixmap = pixmap.transformed(QTransform().rotate(rotation))
        item = QListWidgetItem(QIcon(pixmap), self.tr("Page %n", "", self.count() + 1))
        item.setData(_ID, page.id)
        item.setData(_ROTATION, rotation)
        self.addItem(item)

    def show_all(self, items: list[tuple[Page, Thumbnail]]) -> None:
        self.clear()
        for page, thumb in items:
            self.add(page, thumb)

    def page_ids(self) -> list[int]:
        """The page ids in the order shown (after a drag, the new order)."""
        return [int(self.item(i).data(_ID)) for i in range(self.count())]

    def shown(self) -> list[tuple[int, int]]:
        """(page id, rotation) of the thumbnails on screen."""
        items = (self.item(i) for i in range(self.count()))
        return [(int(it.data(_ID)), int(it.data(_ROTATION))) for it in items]

    def selected_id(self) -> int | None:
        item = self.currentItem()
        return int(item.data(_ID)) if item else None

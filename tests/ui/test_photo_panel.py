"""The photo panel: add by dialog and by drop, cover, delete, trash and restore; and how it looks."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import select

from cadre_desk.core import fakedata
from cadre_desk.core.app import App
from cadre_desk.core.models import ActivityType
from cadre_desk.core.services import photos
from cadre_desk.core.services.activities import create_activity
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.base import Context
from cadre_desk.ui.photo_panel import THUMB_SIZE, PhotoPanel, image_paths, wrap_lines
from cadre_desk.ui.settings import LayoutState, Settings

RENDER = Path(tempfile.gettempdir()) / "photo_panel.png"  # /tmp/photo_panel.png on Linux


def photo_file(folder: Path, name: str, seed: int, size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> Path:
    taken = dt.datetime(2026, 3, 14, 9, 30) + dt.timedelta(minutes=seed)
    path = folder / name
    path.write_bytes(fakedata.activity_photo_jpeg(random.Random(seed), taken, *size, orientation=orientation))
    return path


@pytest.fixture
def activity(app: App) -> str:
    with app.read() as s:
        type_id = s.scalars(select(ActivityType.id).where(ActivityType.deleted.is_(False))).first()
    return create_activity(app, {"title": "学习贯彻会议精神", "type_id": type_id, "date": dt.date(2026, 3, 14)})


@pytest.fixture
def panel(qtbot, app: App, activity: str) -> PhotoPanel:
    """A panel as a record form would hold it, with a job runner that runs jobs inline."""
    ctx = Context(app, JobRunner(inline=True), Settings(app.layout.root), LayoutState(app.layout.root))
    widget = PhotoPanel(ctx, "activity")
    qtbot.addWidget(widget)
    widget.set_owner(activity)
    return widget


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, title, text, *_a, k=kind: shown.append((k, text)))
    return shown


def mime_with(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(widget: PhotoPanel, *paths: Path) -> bool:
    mime = mime_with(*paths)
    enter = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_add_drop_delete_and_restore(qtbot, monkeypatch, panel: PhotoPanel, messages, tmp_path: Path) -> None:
    changes: list[int] = []
    panel.changed.connect(lambda: changes.append(1))
    first, second = photo_file(tmp_path, "会议1.jpg", 1), photo_file(tmp_path, "会议2.JPG", 2)
    offered: list[str] = []

    def choose(_parent, _title, _dir, filters):
        offered.append(filters)
        return [str(first), str(second)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    with qtbot.waitSignal(panel.import_finished, timeout=20_000):
        panel.add_button.click()
    assert "*.jpg" in offered[0] and "*.JPG" in offered[0] and "*.tiff" in offered[0]
    model = panel.model
    assert model.rowCount() == 2 and messages == [] and changes == [1]
    assert [model.index(r).data(Qt.ItemDataRole.ToolTipRole).splitlines()[0] for r in range(2)] == [
        "会议1.jpg",
        "会议2.JPG",
    ]
    assert [i.is_cover for i in model.items] == [True, False]
    assert model.index(0).data().startswith("★") and not model.index(1).data().startswith("★")
    assert not model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()

    broken = tmp_path / "损坏.jpg"
    broken.write_bytes(first.read_bytes()[:3000])
    with qtbot.waitSignal(panel.import_finished, timeout=20_000):
        assert drop(panel, photo_file(tmp_path, "会议3.jpeg", 3), broken)
    assert model.rowCount() == 3
    [(kind, text)] = messages
    assert kind == "warning" and "已添加 1 张照片" in text and "“损坏.jpg”" in text and "损坏或不完整" in text
    assert panel.selected_id() == model.items[2].id  # the new photo is selected

    panel.select_row(0)
    panel.delete_button.click()
    assert model.rowCount() == 2 and [i.is_cover for i in model.items] == [True, False]  # the next became cover
    assert panel.selected_row() == 0
    dialog = panel.open_trash()
    assert dialog is not None and dialog.list.count() == 1
    assert not dialog.restore_button.isEnabled()
    dialog.list.setCurrentRow(0)
    dialog.restore_button.click()
    assert model.rowCount() == 3 and dialog.list.count() == 0
    assert model.items[2].original_name == "会议1.jpg" and not model.items[2].is_cover  # back at the end
    dialog.close()
    assert len(changes) == 4  # add, drop, delete, restore


def test_caption_order_and_cover_buttons(qtbot, monkeypatch, panel: PhotoPanel, tmp_path: Path) -> None:
    paths = [photo_file(tmp_path, f"{n}.jpg", n, (800, 600)) for n in range(3)]
    with qtbot.waitSignal(panel.import_finished, timeout=20_000):
        panel.add_files(paths)
    a, b, c = (i.id for i in panel.model.items)
    panel.select_row(1)
    assert panel.left_button.isEnabled() and panel.right_button.isEnabled() and panel.cover_button.isEnabled()
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *_a, **_k: ("重阳节合影", True))
    panel.caption_button.click()
    assert panel.model.items[1].caption == "重阳节合影"
    panel.right_button.click()
    assert [i.id for i in panel.model.items] == [a, c, b] and panel.selected_id() == b
    assert not panel.right_button.isEnabled()  # last
    panel.cover_button.click()
    assert [i.is_cover for i in panel.model.items] == [False, False, True] and not panel.cover_button.isEnabled()
    panel.left_button.click()
    panel.left_button.click()
    assert [i.id for i in panel.model.items] == [b, a, c] and not panel.left_button.isEnabled()
    viewer = panel.open_viewer(panel.model.index(0))
    assert viewer is not None and viewer.windowTitle() == "重阳节合影"
    viewer.resize(500, 400)
    qtbot.waitUntil(lambda: viewer.image.pixmap() is not None and not viewer.image.pixmap().isNull())
    viewer.close()


def test_unsaved_record_and_what_may_be_dropped(panel: PhotoPanel, tmp_path: Path) -> None:
    good = photo_file(tmp_path, "a.JPEG", 1, (320, 240))
    notes = tmp_path / "notes.txt"
    notes.write_text("会议记录")
    assert image_paths(mime_with(good, notes, tmp_path)) == [good]
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.com/photo.jpg")])
    assert image_paths(remote) == []
    assert not drop(panel, notes)

    panel.set_owner(None)
    assert panel.hint.isVisibleTo(panel) and panel.hint.text() == panel.tr("Save the record first to add photos")
    buttons = (panel.add_button, panel.caption_button, panel.delete_button, panel.trash_button, panel.cover_button)
    assert not any(b.isEnabled() for b in buttons) and not panel.view.isEnabled()
    assert not drop(panel, good)
    assert panel.open_trash() is None


def test_render_the_panel(qtbot, panel: PhotoPanel, app: App, tmp_path: Path) -> None:
    """Render to RENDER to look at: thumbnails, captions, the cover badge."""
    paths = [
        photo_file(tmp_path, "IMG_0001.jpg", 11),
        photo_file(tmp_path, "IMG_0002.jpg", 12, (1200, 1600), orientation=6),  # portrait, rotated by EXIF
        photo_file(tmp_path, "IMG_0003.jpg", 13),
        photo_file(tmp_path, "IMG_0004.jpg", 14),
    ]
    with qtbot.waitSignal(panel.import_finished, timeout=20_000):
        panel.add_files(paths)
    ids = [i.id for i in panel.model.items]
    photos.set_caption(app, ids[0], "老党员重温入党誓词")
    photos.set_caption(app, ids[1], "重阳节座谈会上，老干部们畅谈社区新变化并为驿站建设建言献策")
    photos.set_caption(app, ids[2], "合影")
    # a missing thumbnail shows the placeholder
    panel.model.items[3].thumb_path.unlink()
    panel.model.clear_cache()
    panel.reload()
    assert not panel.model.index(3).data(Qt.ItemDataRole.DecorationRole).isNull()
    panel.resize(640, 360)
    panel.show()
    qtbot.waitExposed(panel)
    panel.select_row(2)
    QApplication.processEvents()  # the list lays its items out on the next turn of the event loop
    image = panel.grab().toImage()
    assert image.save(str(RENDER))
    assert not QImage(str(RENDER)).isNull()
    # a long caption is cut to two lines with an ellipsis, never clipped mid-line
    metrics = panel.view.fontMetrics()
    lines = wrap_lines(panel.model.items[1].caption, panel.view.font(), THUMB_SIZE, 2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= THUMB_SIZE for line in lines)

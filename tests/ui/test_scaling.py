"""Type grows with the screen: 1366x768 and smaller keep the designed sizes, 1920x1080 gets
about a third more, and nothing grows past half again."""

import pytest
from PySide6.QtWidgets import QApplication

from pos.ui import scaling
from pos.ui.widgets import MessageLabel, RowsTableModel, make_scan_field, make_table


@pytest.fixture
def scaled():  # type: ignore[no-untyped-def]
    def use(factor: float) -> None:
        scaling.set_scale(factor)

    yield use
    scaling.set_scale(1.0)


@pytest.mark.parametrize(
    ("size", "factor"),
    [
        ((1024, 600), 1.0),
        ((1366, 768), 1.0),
        ((1366, 728), 1.0),  # a taskbar below
        ((1600, 900), 1.15),
        ((1920, 1040), 1.35),  # 1920x1080 with a taskbar
        ((1920, 1080), 1.4),
        ((2560, 1440), 1.5),
        ((3840, 2160), 1.5),
        ((3840, 600), 1.0),  # the tighter side decides
    ],
)
def test_the_factor_follows_the_tighter_side(size: tuple[int, int], factor: float) -> None:
    assert scaling.scale_for(*size) == factor


def test_explicit_sizes_scale(qtbot, scaled) -> None:  # type: ignore[no-untyped-def]
    scaled(1.35)
    field = make_scan_field("scan")
    table = make_table(RowsTableModel(), 0)
    qtbot.addWidget(field)
    qtbot.addWidget(table)
    assert field.font().pointSize() == 19  # 14 pt designed
    assert table.font().pointSize() == 15  # 11 pt designed
    label = MessageLabel()
    qtbot.addWidget(label)
    label.say("ok", True)
    assert "font-size: 16pt" in label.styleSheet()  # 12 pt designed
    assert scaling.pt(10) == 14


def test_the_application_font_scales_with_the_screen(qapp, scaled) -> None:  # type: ignore[no-untyped-def]
    before = QApplication.font()
    try:
        factor = scaling.apply_screen_scale(qapp)
        screen = qapp.primaryScreen().availableGeometry()
        assert factor == scaling.scale_for(screen.width(), screen.height())
        assert QApplication.font().pointSizeF() == pytest.approx(before.pointSizeF() * factor)
    finally:
        QApplication.setFont(before)


def test_the_lock_screen_list_grows_with_its_type(qtbot, scaled, demo_db) -> None:  # type: ignore[no-untyped-def]
    """At 1920x1080 the names are larger: the list is wider, never a horizontal scroll bar."""
    from pos.ui.login_screen import LockScreen

    scaled(1.4)
    screen = LockScreen(demo_db)
    qtbot.addWidget(screen)
    screen.resize(1920, 1040)
    screen.show()
    qtbot.waitExposed(screen)
    users = screen.user_list
    widest = max(users.visualItemRect(users.item(i)).width() for i in range(users.count()))
    texts = [users.item(i).text() for i in range(users.count())]
    needed = max(users.fontMetrics().horizontalAdvance(t) for t in texts)
    assert needed <= users.viewport().width(), (needed, users.viewport().width(), widest)
    assert not users.horizontalScrollBar().isVisible()
    assert screen.pin.maximumWidth() == 364  # 260 px designed

"""End of the day: pick the USB stick, export, verify, and only then say it can be removed."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.db.session import Database
from pos.i18n import _
from pos.services import export
from pos.services.auth import Actor
from pos.services.export import DriveFinder, RemovableDrive
from pos.ui.actor_dialog import ActorDialog
from pos.ui.qt_texts import choose_folder
from pos.ui.scaling import pt
from pos.ui.widgets import GREEN, RED

SYSTEM_ROOTS = ("/", "/boot", "/boot/efi", "/home", "/usr", "/var", "/tmp", "/snap")
# Mounts that are never a stick: memory, overlays, network shares, bind mounts of folders.
NOT_A_STICK = (b"tmpfs", b"ramfs", b"overlay", b"squashfs", b"nfs", b"nfs4", b"cifs", b"fuse.sshfs")


def usable(drive: RemovableDrive) -> bool:
    """Whether an export can be written there: writable and with room."""
    return not drive.read_only and drive.free_bytes > 0


class QtDriveFinder:
    """Mounted, writable drives that look removable (under /media, /mnt, /run/media, or D:...)."""

    def drives(self) -> list[RemovableDrive]:
        found = []
        for volume in QStorageInfo.mountedVolumes():
            root = volume.rootPath()
            if not volume.isValid() or not volume.isReady() or root in SYSTEM_ROOTS:
                continue
            if root.startswith(("/proc", "/sys", "/dev", "/run/user", "/snap")):
                continue
            if (
                not root.startswith(("/media", "/mnt", "/run/media", "/Volumes"))
                and ":" not in root
            ):
                continue
            if ":" not in root and (
                volume.fileSystemType().data() in NOT_A_STICK
                or not volume.device().data().startswith(b"/dev/")
            ):
                continue
            found.append(
                RemovableDrive(
                    Path(root),
                    volume.displayName() or root,
                    int(volume.bytesAvailable()),
                    volume.isReadOnly(),
                )
            )
        return found


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


class ExportDialog(ActorDialog):
    """F10: choose a USB stick, export the day to it and verify it."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        day: date,
        finder: DriveFinder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(db, actor, _("Export the day to a USB stick"), parent)
        self.setMinimumSize(560, 380)
        self._finder = finder or QtDriveFinder()
        self.result_folder: Path | None = None

        self.date_edit = QDateEdit(day)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.drive_list = QListWidget()
        self.drive_list.currentItemChanged.connect(self.on_drive_changed)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(60)
        # The audit head shown after an export can be copied as well as written down.
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        refresh = QPushButton(_("Refresh"))
        refresh.clicked.connect(self.on_refresh)
        other = QPushButton(_("Other folder…"))
        other.clicked.connect(self.on_other_folder)
        self.export_button = QPushButton(_("Export and verify"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.on_export)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)

        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(_("Day")))
        day_row.addWidget(self.date_edit)
        day_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addWidget(other)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(day_row)
        layout.addWidget(QLabel(_("Choose the USB stick:")))
        layout.addWidget(self.drive_list, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.on_refresh()

    @Slot()
    def on_refresh(self) -> None:
        self.drive_list.clear()
        first_usable: QListWidgetItem | None = None
        for drive in self._finder.drives():
            text = _("{label} — {free} free").format(
                label=drive.label, free=_size(drive.free_bytes)
            )
            if drive.read_only:
                text += " — " + _("read-only")
            item = QListWidgetItem(f"{text}\n{drive.path}")
            item.setData(Qt.ItemDataRole.UserRole, str(drive.path))
            if not usable(drive):
                # Shown, so the cashier sees the stick was found, but it cannot be chosen.
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable
                )
            elif first_usable is None:
                first_usable = item
            self.drive_list.addItem(item)
        if first_usable is not None:
            self.drive_list.setCurrentItem(first_usable)
            self._say(_("Check that the right stick is chosen, then press Export."), ok=True)
        elif self.drive_list.count():
            self.drive_list.setCurrentRow(-1)
            self._say(
                _("The stick found is read-only or full. Plug in another one and press Refresh."),
                ok=False,
            )
        else:
            self._say(_("No USB stick found. Plug one in and press Refresh."), ok=False)

    @Slot()
    def on_drive_changed(self) -> None:
        """Another target chosen: an earlier error no longer applies to it."""
        target = self.selected_target()
        if target is not None:
            self._say(_("Export to {folder}: press Export.").format(folder=target), ok=True)

    def _choose_folder(self) -> str:
        chosen = choose_folder(self, _("Export to folder"))
        return "" if chosen is None else str(chosen)

    @Slot()
    def on_other_folder(self) -> None:
        folder = self._choose_folder()
        if folder:
            item = QListWidgetItem(folder)
            item.setData(Qt.ItemDataRole.UserRole, folder)
            self.drive_list.addItem(item)
            self.drive_list.setCurrentItem(item)

    def selected_target(self) -> Path | None:
        item = self.drive_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    @Slot()
    def on_export(self) -> None:
        target = self.selected_target()
        if target is None:
            self._say(_("Choose a USB stick first."), ok=False)
            return
        day = self.date_edit.date().toPython()
        self._say(_("Exporting and verifying… do not remove the stick."), ok=True)
        self.export_button.setEnabled(False)
        self.repaint()
        try:
            result = export.export_day(self._db, self._actor, day, target)
        except PosError as e:
            self._say(
                _(
                    "Export failed: {reason}\nNothing on the stick looks complete; try again."
                ).format(reason=e.message),
                ok=False,
            )
            return
        finally:
            self.export_button.setEnabled(True)
        self.result_folder = result.folder
        text = _("Verified: {folder}\n{n} sales, {total}. The stick can be removed safely.").format(
            folder=result.folder, n=result.sales_count, total=format_rupiah(result.total)
        )
        if result.audit_head is not None:
            head = _("Audit head: {head} (write it in the office's book).")
            text += "\n" + head.format(head=result.audit_head)
        if result.replaced_name:
            text += "\n" + _("An earlier export of this day is kept beside it.")
        self._say(text, ok=True)

    def _say(self, text: str, ok: bool) -> None:
        color = GREEN if ok else RED
        self.status.setStyleSheet(f"color: {color}; font-size: {pt(12)}pt;")
        self.status.setText(text)

"""The app's claim on its database: a lock file beside it, released by the OS when the process ends.

One running app owns a database. The command line may still read and write it (SQLite takes
turns), but a second app, or a restore that swaps the file, must wait until the app is closed.
"""

import os
import sys
from pathlib import Path

from pos.core.errors import DatabaseProblem
from pos.i18n import _


class DatabaseInUse(DatabaseProblem):
    """Another Lapak (the app, or a restore) holds the database's lock."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.lock")


def _try_lock(fd: int) -> bool:
    """Lock the open file without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


# Locks this process holds, by database path: the app's own restore may go ahead.
_held: dict[Path, "AppLock"] = {}


class FileLock:
    """An exclusive lock on a file, held until release() or the end of the process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _in_use(self) -> str:
        return _("{path} is in use by another program.").format(path=self.path)

    def acquire(self, in_use_message: str | None = None) -> "FileLock":
        """Take the lock now or raise DatabaseInUse; never waits."""
        if self._fd is not None:
            return self
        try:
            # The file is never deleted while in use: removing it while another process
            # opens it would let two processes lock two different files.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise DatabaseProblem(
                _("Cannot create the lock file {path}: {reason}").format(
                    path=self.path, reason=e.strerror
                )
            ) from e
        try:
            locked = _try_lock(fd)
        except OSError as e:
            os.close(fd)
            raise DatabaseProblem(
                _("Cannot lock {path}: {reason}").format(path=self.path, reason=e.strerror)
            ) from e
        if not locked:
            os.close(fd)
            raise DatabaseInUse(in_use_message or self._in_use())
        # Who holds it, for a person looking at the file; the lock itself is what counts.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "FileLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class AppLock(FileLock):
    """The running app's claim on its database (`lapak.db.lock` beside it)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path).resolve()
        super().__init__(lock_path(self.db_path))

    def _in_use(self) -> str:
        return _(
            "Lapak is already open on this database ({path}). Use the window that is "
            "open, or close it first."
        ).format(path=self.db_path)

    def acquire(self, in_use_message: str | None = None) -> "AppLock":
        super().acquire(in_use_message)
        _held[self.db_path] = self
        return self

    def release(self) -> None:
        _held.pop(self.db_path, None)
        super().release()


def held_here(db_path: Path) -> bool:
    """Whether this process holds the lock on db_path (the running app restoring its own db)."""
    return Path(db_path).resolve() in _held

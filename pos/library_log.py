"""Where the warnings that libraries log on their own go in a command: lapak.log, never the
terminal between the command's own lines."""

import logging
from pathlib import Path

# psycopg warns "error ignored terminating" a pipeline whose error was already raised (an
# import's unique violation, which it then retries); Python prints such a warning on stderr
# when nothing handles it.
LIBRARIES = ("psycopg",)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_log_file: Path | None = None


def send_to(log_file: Path | None) -> None:
    """From now on the libraries' warnings go to `log_file` (opened only if one comes), or
    nowhere when there is no such file; again in the same process replaces the last choice."""
    global _log_file
    _log_file = log_file
    for name in LIBRARIES:
        log = logging.getLogger(name)
        for old in [h for h in log.handlers if getattr(h, "lapak", False)]:
            log.removeHandler(old)
            old.close()
        handler: logging.Handler = (
            logging.FileHandler(log_file, encoding="utf-8", delay=True)
            if log_file is not None
            else logging.NullHandler()
        )
        handler.lapak = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(FORMAT))
        log.addHandler(handler)
        log.propagate = False


def current() -> Path | None:
    """The file chosen by send_to() in this process: for the worker processes it starts."""
    return _log_file

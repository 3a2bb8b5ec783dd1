"""Sending ESC/POS bytes to a printer (network, device file, USB, serial, raw CUPS queue),
each with a deadline: a printer that is off or out of paper makes a PrinterError, never a
hang. Called off the UI thread."""

import contextlib
import errno
import os
import select
import shutil
import socket
import subprocess
import time
from typing import Any

from pos.i18n import _
from pos.printing.escpos_target import PrinterError, PrinterTarget

DEFAULT_TIMEOUT = 5.0  # seconds for the whole job


def send(target: PrinterTarget, data: bytes, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Write `data` to the ESC/POS printer `target` within `timeout` seconds."""
    if target.kind == "escpos-net":
        send_network(target.host, target.port, data, timeout)
    elif target.kind == "escpos-file":
        send_file(target.name, data, timeout)
    elif target.kind == "escpos-cups":
        send_cups_raw(target.name, data, timeout)
    elif target.kind == "escpos-usb":
        _send_usb(target, data, timeout)
    elif target.kind == "escpos-serial":
        _send_serial(target, data, timeout)
    else:
        raise PrinterError(_("{printer} is not an ESC/POS printer.").format(printer=target))


def send_network(host: str, port: int, data: bytes, timeout: float) -> None:
    where = f"{host}:{port}"
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host.strip("[]"), port), timeout=timeout)
    except TimeoutError as e:
        raise PrinterError(
            _("The printer at {where} does not answer. Is it on and connected?").format(where=where)
        ) from e
    except OSError as e:
        raise PrinterError(
            _("Cannot reach the printer at {where}: {reason}").format(
                where=where, reason=_reason(e)
            )
        ) from e
    with sock:
        try:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except TimeoutError as e:
            raise PrinterError(
                _("The printer at {where} stopped taking data. Check its paper.").format(
                    where=where
                )
            ) from e
        except OSError as e:
            raise PrinterError(
                _("The printer at {where} failed: {reason}").format(where=where, reason=_reason(e))
            ) from e


def send_file(path: str, data: bytes, timeout: float) -> None:
    """Write to a device file such as /dev/usb/lp0, without blocking past the deadline.

    Never creates the file: a printer unplugged would otherwise leave an ordinary file at
    its device path, and every later receipt would "print" into it.
    """
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise PrinterError(
            _("Cannot open the printer {path}: {reason}. Is it connected and on?").format(
                path=path, reason=_reason(e)
            )
        ) from e
    deadline = time.monotonic() + timeout
    view = memoryview(data)
    try:
        while view:
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                written = 0
            except OSError as e:
                raise PrinterError(
                    _("The printer {path} failed: {reason}").format(path=path, reason=_reason(e))
                ) from e
            view = view[written:]
            if view:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PrinterError(
                        _("The printer {path} stopped taking data. Check its paper.").format(
                            path=path
                        )
                    )
                select.select([], [fd], [], min(left, 0.2))
    finally:
        os.close(fd)


def send_cups_raw(queue: str, data: bytes, timeout: float) -> None:
    """Hand `data` to a CUPS queue unfiltered (`lp -o raw`)."""
    run_lp(["-d", queue, "-o", "raw", "-t", "Lapak"], data, timeout, queue)


def run_lp(args: list[str], data: bytes, timeout: float, queue: str) -> str:
    """Run `lp ARGS -` with `data` on its input; its output (the job id) on success."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            _("There is no CUPS here (the lp command is missing) to print on {queue}.").format(
                queue=queue
            )
        )
    try:
        done = subprocess.run(
            [lp, *args, "--", "-"],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise PrinterError(
            _("The print system did not take the job for {queue} in time.").format(queue=queue)
        ) from e
    except OSError as e:
        raise PrinterError(_("Cannot run lp: {reason}").format(reason=_reason(e))) from e
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PrinterError(
            _("The printer {queue} refused the job: {reason}").format(
                queue=queue, reason=reason[-1][:200] if reason else done.returncode
            )
        )
    return done.stdout.decode("utf-8", "replace").strip()


def _send_usb(target: PrinterTarget, data: bytes, timeout: float) -> None:
    printer = _escpos_device("Usb")
    # A timeout of 0 means "wait for ever" to pyusb (python-escpos #556): always give one.
    device = printer(target.vendor, target.product, timeout=max(1, int(timeout * 1000)))
    _open_write_close(device, data, str(target))


def _send_serial(target: PrinterTarget, data: bytes, timeout: float) -> None:
    printer = _escpos_device("Serial")
    device = printer(devfile=target.name, baudrate=target.baud, timeout=timeout)
    _open_write_close(device, data, str(target), write_timeout=timeout)


def _open_write_close(
    device: Any, data: bytes, where: str, write_timeout: float | None = None
) -> None:
    try:
        device.open()
        if write_timeout is not None:
            device.device.write_timeout = write_timeout
        device._raw(data)
    except Exception as e:  # pyusb, pyserial and python-escpos each raise their own
        raise PrinterError(
            _("The printer {where} failed: {reason}").format(where=where, reason=e)
        ) from e
    finally:
        with contextlib.suppress(Exception):  # closing a device that never opened
            device.close()


def _escpos_device(name: str) -> Any:
    from pos.printing.escpos_receipt import new_dummy

    new_dummy()  # imports python-escpos the way that keeps its capabilities cached
    import escpos.printer

    cls = getattr(escpos.printer, name)
    if not cls.is_usable():
        module = "pyusb" if name == "Usb" else "pyserial"
        raise PrinterError(
            _("Printing to this printer needs {module}, which is not installed.").format(
                module=module
            )
        )
    return cls


def _reason(error: OSError) -> str:
    if error.errno == errno.ECONNREFUSED:
        return _("connection refused")
    if error.errno == errno.ENOENT:
        return _("not found")
    return error.strerror or str(error)

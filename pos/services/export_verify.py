"""Checking an export folder against its manifest: sizes and SHA-256, read back from the stick."""

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pos.i18n import _

MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


def _read_back(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        if hasattr(os, "posix_fadvise"):
            # Drop cached pages so that the bytes really come back from the stick.
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


MAX_MANIFEST_BYTES = 1024 * 1024


def _tampered(name: object) -> str:
    shown = " ".join(str(name).split())[:80]
    return _(
        "{name} is not a plain file inside the export folder: the export was tampered with."
    ).format(name=shown)


def _plain_name(name: object) -> bool:
    """A file name directly inside the folder: no path, no '..', nothing absolute."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not any(ch in name for ch in "/\\:\x00")
        and name.isprintable()
    )


def _read_manifest(folder: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The manifest's files by name, and the problems that stop verification (if any)."""
    path = folder / MANIFEST
    if path.is_symlink():
        return {}, [_tampered(MANIFEST)]
    if not path.exists():
        return {}, [_("{name} is missing.").format(name=MANIFEST)]
    try:
        if not path.is_file() or path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError("not a manifest")
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        listed = {}
        for entry in files:
            if not isinstance(entry, dict):
                raise ValueError("not a file entry")
            listed[entry["name"]] = entry
    except (OSError, ValueError, KeyError, TypeError):
        return {}, [_("{name} cannot be read.").format(name=MANIFEST)]
    bad = [name for name in listed if not _plain_name(name)]
    if bad:
        return {}, [_tampered(name) for name in bad]
    return listed, []


def verify_export(folder: Path) -> list[str]:
    """Everything wrong with an export folder (empty when every file matches the manifest).

    Only plain files directly inside the folder are read: a manifest naming `../x` or
    `/etc/hostname`, or a file that is a link pointing elsewhere, is reported as tampering.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return [_("{path} is not an export folder.").format(path=folder)]
    listed, problems = _read_manifest(folder)
    if problems:
        return problems
    for name, entry in sorted(listed.items()):
        path = folder / name
        if path.is_symlink():
            problems.append(_tampered(name))
            continue
        if not path.is_file():
            problems.append(_("{name} is missing.").format(name=name))
            continue
        try:
            size, sha = _read_back(path)
        except OSError as e:
            problems.append(_("{name} cannot be read: {reason}").format(name=name, reason=e))
            continue
        if size != entry.get("size") or sha != entry.get("sha256"):
            problems.append(_("{name} has changed since the export.").format(name=name))
    try:
        present = {p.name for p in folder.iterdir()} - {MANIFEST}
    except OSError as e:
        return [*problems, _("{path} cannot be read: {reason}").format(path=folder, reason=e)]
    problems.extend(
        _("{name} is not part of the export.").format(name=extra)
        for extra in sorted(present - set(listed))
    )
    return problems

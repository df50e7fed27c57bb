"""Crash-safe file writes: a reader sees the old file or the whole new one, never a partial one.

Every file paperprep writes is first a temp file ``.part-<pid>-<host>-<random>`` in the target's
folder, renamed over the target only when complete and fsynced. The owner's pid and host are in
the name so that a later run removes only *stale* temp files (:func:`remove_partials`: the owner
is gone, or the file has not been touched for :data:`STALE_AFTER` seconds), never the live temp
file of another paperprep run on the same library.

Written files get the mode the umask gives a new file (``0o666 & ~umask``, as ``open()`` would),
and a file that is rewritten keeps the mode it had (a note the user made group-writable stays
so). Special files (``/dev/stdout``, a FIFO) are written in place, never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from paperprep.errors import PaperprepError, StorageFull

PARTIAL_PREFIX = ".part-"

#: A temp file untouched for this long is stale whoever owns it (no write of paperprep pauses
#: that long: downloads have an overall deadline of minutes, notes and exports take
#: milliseconds). It covers owners we cannot check: another machine, a reused pid.
STALE_AFTER = 3600.0

_OWNED = re.compile(rf"^{re.escape(PARTIAL_PREFIX)}(\d+)-([0-9a-f]{{6}})-")


@functools.cache
def _host_tag() -> str:
    """Six hex digits naming this machine (a library may sit in a folder two machines share)."""
    import socket  # only when a temp file is made or judged: ~4 ms off every start-up

    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def partial_prefix() -> str:
    """The name prefix of this process's temp files: ``.part-<pid>-<host>-``."""
    return f"{PARTIAL_PREFIX}{os.getpid()}-{_host_tag()}-"


@functools.cache
def _umask() -> int:
    """The process umask, read without changing it where the OS allows (``os.umask`` sets it,
    which would race with other threads creating files)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: ``0o666`` less the umask."""
    return 0o666 & ~_umask()


def new_partial(folder: Path) -> tuple[int, Path]:
    """Create this process's temp file in ``folder``: (open fd, path), mode as for a new file."""
    fd, tmp = tempfile.mkstemp(prefix=partial_prefix(), dir=folder)
    with contextlib.suppress(OSError):
        os.fchmod(fd, new_file_mode())
    return fd, Path(tmp)


def _keep_mode(fd: int, target: Path) -> None:
    """Give the temp file ``fd`` the mode of the file it replaces (the user's chmod stays)."""
    with contextlib.suppress(OSError):
        os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))


def cannot_write(path: Path, exc: OSError) -> PaperprepError:
    """The one-line error for a failed write of ``path``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(
            f"cannot write {path}: no space left on the device",
            hint="free some disk space and run the command again; nothing half-written was kept",
        )
    if exc.errno == errno.EROFS:
        return PaperprepError(f"cannot write {path}: the file system is read-only")
    if exc.errno == errno.ENAMETOOLONG:
        return PaperprepError(f"cannot write {str(path)[:80]}…: the file name is too long")
    reason = exc.strerror or str(exc)
    return PaperprepError(f"cannot write {path} ({reason})")


def ensure_folder(folder: Path) -> None:
    """``folder`` and its parents exist; a file in the way is one clear error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PaperprepError(
            f"cannot write into {folder}: it is a file, not a folder",
            hint="move that file away (paperprep needs a folder there) and run the command again",
        ) from None
    except NotADirectoryError:
        parent = next((p for p in folder.parents if p.exists() and not p.is_dir()), folder)
        raise PaperprepError(
            f"cannot write into {folder}: {parent} is a file, not a folder",
            hint="move that file away (paperprep needs a folder there) and run the command again",
        ) from None
    except OSError as exc:
        raise cannot_write(folder, exc) from None


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A temp file in ``path``'s folder that becomes ``path`` only if the block completes."""
    ensure_folder(path.parent)
    try:
        fd, tmp = new_partial(path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    _keep_mode(fd, path)
    with _discarded_on_failure(tmp, path):
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    fsync_dir(path.parent)


@contextlib.contextmanager
def _discarded_on_failure(tmp: Path, path: Path) -> Iterator[None]:
    """If the block fails (Ctrl-C included), the temp file ``tmp`` is removed; an OSError
    becomes the one-line "cannot write ``path``" error."""
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise


def complete_partial(path: Path, data: bytes, mode: int | None = None) -> Path:
    """A complete, fsynced temp file (this process's ``.part-`` name) beside ``path``, not yet
    renamed: for callers that check something before the rename (the note writer)."""
    ensure_folder(path.parent)
    try:
        fd, tmp = new_partial(path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    with _discarded_on_failure(tmp, path):
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
    return tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, fsync, then rename.

    :raises PaperprepError: the folder is missing and cannot be made, the disk is full, …
    """
    with _replacing(path) as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` so that ``dest`` is either absent/old or complete."""
    with _replacing(dest) as out, src.open("rb") as inp:
        while chunk := inp.read(1 << 20):
            out.write(chunk)


def write_output(path: Path, data: bytes) -> Path:
    """Write ``data`` where the user asked (``export -o FILE``); returns where it went.

    - a regular file (or a new name): atomically, as :func:`atomic_write_bytes`; a symlink is
      followed, its target replaced and the link kept;
    - a device, FIFO or socket (``/dev/stdout``, ``/dev/null``): written in place, never
      replaced by a regular file;
    - a folder that does not exist is an error, not created: a typo should not make folders.

    :raises PaperprepError: one line saying why (no such folder, a folder given, no space…).
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise PaperprepError(f"cannot write {path}: it is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with path.open("wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return path
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.is_dir():
        raise PaperprepError(
            f"cannot write {path}: its folder does not exist",
            hint=f"create {target.parent} first, or give another path",
        )
    if mode is not None and _is_virtual(target):
        # /proc, /sys: their files only look regular; a temp file cannot be made there.
        raise PaperprepError(f"cannot write {path}: not a file paperprep can replace")
    atomic_write_bytes(target, data)
    return path


def _is_virtual(path: Path) -> bool:
    return str(path).startswith(("/proc/", "/sys/"))


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _owner_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except (OSError, OverflowError):
        return False
    return True


def is_stale(path: Path, *, now: float | None = None) -> bool:
    """Whether the temp file ``path`` was left behind by a run that is over.

    Stale when its owner (pid on this host, from the name) is not running, or when nobody has
    written to it for :data:`STALE_AFTER` seconds. A temp file of another machine, or one named
    by an older paperprep without an owner, is judged by its age alone.
    """
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER:
        return True
    owned = _OWNED.match(path.name)
    if owned is None or owned.group(2) != _host_tag():
        return False
    pid = int(owned.group(1))
    return pid != os.getpid() and not _owner_running(pid)


def remove_partials(folder: Path) -> int:
    """Delete the stale temp files (:func:`is_stale`) killed runs left in ``folder``; the live
    ones of another paperprep run on this library are left alone. Returns how many went."""
    count = 0
    if folder.is_dir():
        for leftover in folder.rglob(f"{PARTIAL_PREFIX}*"):
            if is_stale(leftover):
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    count += 1
    return count

"""Note files on disk: read them, create them, and replace them only if the user has not saved.

An editor (or Obsidian's autosave) may save a note at any moment, also while paperprep is
updating it. Two rules keep the user's version winning:

- :func:`create_note` never replaces a file: if one appeared at the path meanwhile, it is left
  alone (the new note is put in place with a hard link, which fails if the name exists).
- :func:`replace_if_unchanged` is a compare-and-swap. The new text is written to a temp file
  first; then the temp file and the note are *exchanged* in one atomic step (Linux
  ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``), so the file that was the
  note is still there under the temp name and is checked *after* the swap: if it is not what
  paperprep expected (the user saved in between, in place or by renaming a new file over it),
  the two are exchanged back and the user's version stays. Where the system has no exchange
  (or the file system refuses it), the old file is hard-linked aside, its inode compared just
  before an ordinary rename and its content re-checked after; a save landing in the
  microseconds between that last comparison and the rename could still be lost there.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from paperprep.errors import NoteParseError, PaperprepError
from paperprep.files import complete_partial, fsync_dir, partial_prefix
from paperprep.notes import content_hash

#: Called with the note's path between the last check and the swap. Tests set it to save
#: "as the editor" exactly inside the window; it is None otherwise.
before_swap: Callable[[Path], None] | None = None


class NoteChanged(PaperprepError):
    """The user saved the note while paperprep was about to update it."""


def read_note(path: Path) -> str:
    """A note file's text (UTF-8, a BOM dropped).

    :raises NoteParseError: not UTF-8, or unreadable (a folder, no permission).
    """
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NoteParseError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise NoteParseError(f"{path}: cannot read it ({exc.strerror})") from None


def create_note(path: Path, text: str) -> bool:
    """Write a new note at ``path``; False (nothing written) if a file is already there."""
    if path.exists():
        return False
    tmp = complete_partial(path, text.encode("utf-8"))
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links here (FAT, some network shares): a plain rename
            if path.exists():
                return False
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_dir(path.parent)
    return True


def _changed(path: Path) -> NoteChanged:
    return NoteChanged(
        f"{path} changed while paperprep was updating it; left as you saved it",
        hint="run `paperprep sync` to read it in",
    )


def _hash_of(path: Path) -> str | None:
    try:
        return content_hash(read_note(path))
    except NoteParseError:
        return None


def replace_if_unchanged(path: Path, expected_hash: str, text: str) -> None:
    """Replace the note with ``text`` only if it still has ``expected_hash``.

    :raises NoteChanged: the user saved it since it was read (before or during the swap); the
        file is then exactly as the user saved it.
    """
    if _hash_of(path) != expected_hash:
        raise _changed(path)
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777  # a chmod of the user's is kept
    except OSError:
        mode = None
    tmp = complete_partial(path, text.encode("utf-8"), mode)
    try:
        if _hash_of(path) != expected_hash:
            raise _changed(path)
        if before_swap is not None:
            before_swap(path)
        if _exchange is not None and _swap(tmp, path):
            _after_exchange(tmp, path, expected_hash, content_hash(text))
        else:
            _replace_with_link(tmp, path, expected_hash)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_dir(path.parent)


def _after_exchange(tmp: Path, path: Path, expected_hash: str, ours: str) -> None:
    """``path`` is the new text now and ``tmp`` what was the note: was that what we expected?"""
    if _hash_of(tmp) == expected_hash:
        return
    # The user saved between the check and the swap: put their version back.
    if not _swap(tmp, path):  # pragma: no cover - it swapped a moment ago
        os.replace(tmp, path)
    elif _hash_of(tmp) != ours:
        # A second save landed at the note in that instant; it is the newest: it stays.
        os.replace(tmp, path)
    raise _changed(path)


def _replace_with_link(tmp: Path, path: Path, expected_hash: str) -> None:
    aside = path.with_name(f"{partial_prefix()}aside-{path.name}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(aside)
    try:
        os.link(path, aside)
    except OSError:
        aside_ok = False
    else:
        aside_ok = True
    try:
        if aside_ok:
            if _hash_of(aside) != expected_hash:
                raise _changed(path)
            if os.stat(path).st_ino != os.stat(aside).st_ino:  # a new file was renamed over it
                raise _changed(path)
        elif _hash_of(path) != expected_hash:
            raise _changed(path)
        os.replace(tmp, path)
        if aside_ok and _hash_of(aside) != expected_hash:
            # Written in place between the check and the rename: the user's text goes back.
            os.replace(aside, path)
            raise _changed(path)
    finally:
        if aside_ok:
            with contextlib.suppress(OSError):
                os.unlink(aside)


def _load_exchange() -> Callable[[bytes, bytes], int] | None:
    """The system's atomic "swap two names" call, or None."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load
        return None
    if sys.platform.startswith("linux"):
        fn = getattr(libc, "renameat2", None)
        if fn is None:  # pragma: no cover - glibc < 2.28, musl
            return None
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2

        def linux(a: bytes, b: bytes) -> int:
            return int(fn(at_fdcwd, a, at_fdcwd, b, rename_exchange))

        return linux
    if sys.platform == "darwin":  # pragma: no cover - not the CI platform
        fn = getattr(libc, "renamex_np", None)
        if fn is None:
            return None
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        rename_swap = 2

        def darwin(a: bytes, b: bytes) -> int:
            return int(fn(a, b, rename_swap))

        return darwin
    return None  # pragma: no cover


_exchange = _load_exchange()


def _swap(a: Path, b: Path) -> bool:
    """Exchange two names atomically; False if this file system cannot (then nothing moved)."""
    if _exchange is None:
        return False
    if _exchange(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))

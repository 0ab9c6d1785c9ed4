"""Hard limits on what a reader takes in, and the one-line error every reader raises.

A resume is a few pages; anything far past these limits is broken or hostile, and
refusing it early keeps time and memory bounded (< 300 MB) whatever the input.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from stepback_docs.errors import StepbackError

MB = 1024 * 1024

MAX_FILE_BYTES = 64 * MB  # any input file, as stored on disk
MAX_ZIP_ENTRIES = 2000  # a real .docx has a few dozen parts
MAX_PART_BYTES = 50 * MB  # one inflated .docx part
MAX_TOTAL_BYTES = 200 * MB  # all inflated .docx parts together
# Deflate tops out near 1032:1, which is what a bomb uses; real parts, even very
# repetitive ones (5,000 identical paragraphs compress 225:1), stay far below 500:1.
MAX_RATIO = 500  # inflated/compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 10 * MB
# A parsed XML element costs lxml ~170 bytes, plus the walk: 600,000 tags (a 1,000-page
# document; a resume has under 20,000) keep one part's tree well under 100 MB.
MAX_XML_TAGS = 600_000
MAX_PDF_PAGES = 500
MAX_PDF_OBJECTS = 200_000  # a resume has a few hundred; a 500-page book ~100,000
MAX_PDF_STREAM_BYTES = 20 * MB  # one decoded PDF stream (a page's content, a font)
# Drawing instructions interpreted for text: a resume page has 5-200 KB of them.
MAX_PDF_PAGE_CONTENT_BYTES = 2 * MB
MAX_PDF_CONTENT_BYTES = 4 * MB  # whole file
MAX_PDF_SECONDS = 20.0


def fail(where: str, cause: str) -> StepbackError:
    """Build the reader error: ``where: cause`` on a single line.

    Causes often quote the file (a parser's message), so control characters become
    ``?``: a hostile file must not put escape sequences on the user's terminal.
    """
    one_line = " ".join(cause.split())
    printable = "".join(char if char.isprintable() else "?" for char in one_line)
    return StepbackError(f"{where}: {printable[:300]}")


class NotAFile(OSError):
    """A path that is not a regular file: a FIFO, socket or device (/dev/zero)."""


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_limited(path: Path | str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file (more than ``limit`` means too big).

    The file is opened without blocking and its kind checked on the open descriptor
    before any read: a FIFO would block forever and /dev/zero never ends. Raises
    ``IsADirectoryError``, ``NotAFile`` or another ``OSError``.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotAFile(errno.EINVAL, f"is {kind}, not a regular file")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1  # closed by the file object
            return handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)


def read_stream(stream: BinaryIO, display: str) -> bytes:
    """Standard input (``lint -``), read up to the input limit and no further."""
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(display, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(display, f"input too large (limit {MAX_FILE_BYTES // MB} MB)")
    return data


def read_capped(path: Path, display: str) -> bytes:
    """Read a whole input file, refusing directories, missing files, FIFOs, devices and
    huge files."""
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise fail(display, "no such file") from None
    except IsADirectoryError:
        raise fail(display, "is a directory, not a file") from None
    except NotAFile as exc:
        raise fail(display, exc.strerror or str(exc)) from None
    except OSError as exc:
        raise fail(display, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(display, f"file too large (limit {MAX_FILE_BYTES // MB} MB)")
    return data

"""PDF: a Block per page (``page`` set), text extracted by pypdf with tight limits.

pypdf 7 bounds every decoder through ``pypdf.apply_configuration``; we lower those
bounds from 75 MB to what a resume needs, so a PDF bomb (a stream that inflates past
the limit) is a one-line error, not memory exhaustion. Pages are capped too. A PDF
encrypted with an empty user password (a common "protected" export) opens; any other
encryption is an error.

Interpreting a content stream costs far more than inflating it (4 MB of ``(a) Tj``
took 10 s and 240 MB in pypdf), and pages can share one stream, so the decoded content
of each page (its streams plus the forms it draws) is budgeted per page and for the
whole file. A wall-clock deadline (SIGALRM, main thread only) backs that up.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from typing import Any

from stepback_docs.errors import StepbackError
from stepback_docs.findings import Block
from stepback_docs.readers.limits import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_OBJECTS,
    MAX_PDF_PAGE_CONTENT_BYTES,
    MAX_PDF_PAGES,
    MAX_PDF_SECONDS,
    MAX_PDF_STREAM_BYTES,
    MB,
    fail,
)

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # no warnings on a user's terminal

_LIMITS: dict[str, Any] = {
    name: MAX_PDF_STREAM_BYTES
    for name in (
        "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length",
        "jbig2_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "zlib_maximum_output_length",
        "brotli_maximum_output_length",
        "image_maximum_buffer_size",
        "stream_decoding_work_maximum_length",
    )
}
_LIMITS["xform_maximum_invocations_per_extraction"] = 200


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so pypdf's own ``except Exception`` lets it by."""


def read_pdf(data: bytes, display: str) -> list[Block]:
    """Extract the text of each page (see the module docstring)."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise fail(display, "not a PDF (no %PDF header)")
    _check_object_count(data, display)
    blocks: list[Block] = []
    try:
        with (
            _deadline(MAX_PDF_SECONDS),
            warnings.catch_warnings(),
            pypdf.apply_configuration(None, **_LIMITS),
        ):
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                refused = _why_locked(reader)
                if refused:
                    raise fail(display, refused)
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise fail(display, f"PDF has {count} pages (limit {MAX_PDF_PAGES})")
            _check_content_budget(reader, display)  # before interpreting anything
            for number, page in enumerate(reader.pages, start=1):
                text = page.extract_text() or ""
                if text.strip():
                    blocks.append(Block(text, page=number))
    except LimitReachedError:
        raise fail(
            display,
            f"a PDF stream inflates past {MAX_PDF_STREAM_BYTES // MB} MB: "
            "refusing a possible PDF bomb",
        ) from None
    except FileNotDecryptedError:
        raise fail(display, _NEEDS_PASSWORD) from None
    except DependencyError:  # AES, met before decrypt() is even tried
        raise fail(display, _NEEDS_CRYPTOGRAPHY) from None
    except _Timeout:
        raise fail(display, f"PDF takes over {MAX_PDF_SECONDS:g} s to read: refusing it") from None
    except MemoryError:
        raise fail(display, "PDF needs too much memory to read: refusing it") from None
    except StepbackError:
        raise
    except Exception as exc:  # PdfReadError, NotImplementedError (filters), KeyError …
        raise fail(display, f"damaged or unreadable PDF ({type(exc).__name__}: {exc})") from None
    return blocks


_NEEDS_PASSWORD = "encrypted PDF (needs a password): export an unprotected copy"
_NEEDS_CRYPTOGRAPHY = (
    "encrypted PDF (AES): reading it needs the 'cryptography' package "
    "(pip install cryptography), or export an unprotected copy"
)


def _why_locked(reader: Any) -> str | None:
    """Try the empty user password (owner-only protection); None if that opened it."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError:
        return _NEEDS_CRYPTOGRAPHY
    except NotImplementedError as exc:
        return f"encrypted PDF with an unsupported scheme ({exc})"
    return None if opened else _NEEDS_PASSWORD


def _content_bytes(page: Any) -> int:
    """Decoded size of what extracting this page interprets: contents and forms drawn."""
    total = 0
    contents = page.get_contents()
    if contents is not None:
        total += len(contents.get_data())
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is not None:
        for reference in xobjects.get_object().values():
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Form":
                total += len(xobject.get_data())
    return total


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise _Timeout after ``seconds`` (main thread with SIGALRM only; else no-op).

    The alarm repeats every 0.1 s until disarmed: an exception raised while Python runs
    a finalizer (pypdf makes plenty of garbage) is swallowed, so one alarm is not enough.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    earlier = signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        while True:  # an alarm may land here before we disarm: retry until disarmed
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except _Timeout:
                continue
        signal.signal(signal.SIGALRM, previous)
        if earlier[0]:  # someone else's timer was running: give it back
            signal.setitimer(signal.ITIMER_REAL, *earlier)


def _check_content_budget(reader: Any, display: str) -> None:
    """Refuse a page, or a file, with more drawing instructions than text could need."""
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        cost = _content_bytes(page)
        if cost > MAX_PDF_PAGE_CONTENT_BYTES:
            raise fail(
                display,
                f"page {number} has {cost // MB} MB of drawing instructions "
                f"(limit {MAX_PDF_PAGE_CONTENT_BYTES // MB} MB): refusing it",
            )
        total += cost
        if total > MAX_PDF_CONTENT_BYTES:
            raise fail(
                display,
                f"PDF has over {MAX_PDF_CONTENT_BYTES // MB} MB of drawing instructions: "
                "refusing it",
            )


_SIZE = re.compile(rb"/Size\s+(\d{1,12})")


def _check_object_count(data: bytes, display: str) -> None:
    """Refuse a PDF declaring or holding more objects than any document needs.

    pypdf keeps an entry per cross-reference object (and rebuilds the table by scanning
    when it is broken): two million entries took 9 s and over 220 MB. Counting first is
    a fast byte scan.
    """
    declared = max((int(m.group(1)) for m in _SIZE.finditer(data)), default=0)
    present = data.count(b" obj")
    count = max(declared, present)
    if count > MAX_PDF_OBJECTS:
        raise fail(display, f"PDF has {count:,} objects (limit {MAX_PDF_OBJECTS:,}): refusing it")

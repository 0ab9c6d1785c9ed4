"""PDF: a Block per page (``page`` set), text extracted by pypdf with tight limits.

pypdf 7 bounds every decoder through ``pypdf.apply_configuration``; we lower those
bounds from 75 MB to what a resume needs, so a PDF bomb (a stream that inflates past
the limit) is a one-line error, not memory exhaustion. Pages are capped too. A PDF
encrypted with an empty user password (a common "protected" export) opens; any other
encryption is an error.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from stepback_docs.errors import StepbackError
from stepback_docs.findings import Block
from stepback_docs.readers.limits import MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES, MB, fail

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


def read_pdf(data: bytes, display: str) -> list[Block]:
    """Extract the text of each page (see the module docstring)."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise fail(display, "not a PDF (no %PDF header)")
    blocks: list[Block] = []
    try:
        with warnings.catch_warnings(), pypdf.apply_configuration(None, **_LIMITS):
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                refused = _why_locked(reader)
                if refused:
                    raise fail(display, refused)
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise fail(display, f"PDF has {count} pages (limit {MAX_PDF_PAGES})")
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
    except MemoryError:
        raise fail(display, "PDF needs too much memory to read: refusing it") from None
    except StepbackError:
        raise
    except Exception as exc:  # PdfReadError, NotImplementedError (filters), KeyError …
        raise fail(display, f"damaged or unreadable PDF ({type(exc).__name__}: {exc})") from None
    return blocks


_NEEDS_PASSWORD = "encrypted PDF (needs a password): export an unprotected copy"


def _why_locked(reader: Any) -> str | None:
    """Try the empty user password (owner-only protection); None if that opened it."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError:
        return (
            "encrypted PDF (AES): reading it needs the 'cryptography' package "
            "(pip install cryptography), or export an unprotected copy"
        )
    except NotImplementedError as exc:
        return f"encrypted PDF with an unsupported scheme ({exc})"
    return None if opened else _NEEDS_PASSWORD

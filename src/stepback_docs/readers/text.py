"""Plain text: one Block holding the whole file, offsets equal to characters in the file.

CRLF line ends are kept (a column is still "characters since the last newline"); a UTF-8
byte-order mark is dropped (column 1 is the first visible character). UTF-16 with a BOM
(Notepad's "Unicode") is accepted too, because Windows users produce it without knowing.
"""

from __future__ import annotations

import codecs

from stepback_docs.readers.limits import fail

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, encrypted .docx
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive, maybe a .docx"),
    (OLE_SIGNATURE, "a Word .doc or encrypted Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16) or a known signature."""
    if data.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in data[:1_000_000] or any(data.startswith(sig) for sig, _ in _SIGNATURES)


def decode_text(data: bytes, display: str) -> str:
    """Decode a text file, or raise a one-line error naming the file and the bad byte."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail(
                display, "invalid UTF-16 text (starts with a UTF-16 byte-order mark)"
            ) from None
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise fail(display, f"binary file ({what}), not text")
    if b"\x00" in data:
        raise fail(display, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        message = f"invalid UTF-8 (byte 0x{bad}); save the file as UTF-8"
        raise fail(f"{display}:{line}:{column}", message) from None

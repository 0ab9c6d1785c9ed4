"""Plain text: one Block holding the whole file, offsets equal to characters in the file.

CRLF line ends are kept (a column is still "characters since the last newline"); a UTF-8
byte-order mark is dropped (column 1 is the first visible character). UTF-16 with a BOM
(Notepad's "Unicode") is accepted too, because Windows users produce it without knowing.
"""

from __future__ import annotations

import codecs
import re
import warnings

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
        guessed = _legacy_decode(data, display)
        if guessed is not None:
            return guessed
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        message = f"invalid UTF-8 (byte 0x{bad}); save the file as UTF-8"
        raise fail(f"{display}:{line}:{column}", message) from None


class EncodingAssumed(UserWarning):
    """A text file that is not UTF-8 was decoded with a detected legacy encoding; the
    lint command prints the message as a warning."""


# How much less likely (charset-normalizer's "chaos", 0-1) Windows-1252 may look than the
# detector's favourite and still be chosen: on short English text the detector cannot
# tell the Western code pages apart and often names a Central European or Baltic one,
# while a document in this tool's language that is not UTF-8 is almost always
# Windows-1252 (Word and Notepad's "ANSI") or Latin-1, which it contains.
_CP1252_MARGIN = 0.1
_DETECT_BYTES = 1 << 20  # the encoding is detected on this much of a file
# A well-formed multi-byte UTF-8 sequence: a file holding one is UTF-8, damaged.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _legacy_decode(data: bytes, display: str) -> str | None:
    """``data`` decoded with the legacy encoding charset-normalizer finds likeliest
    (Windows-1252 when it fits about as well), with an ``EncodingAssumed`` warning; None
    when nothing fits."""
    if _UTF8_MULTIBYTE.search(data):
        return None  # UTF-8 with a damaged byte: guessing would garble the rest
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    # The encoding is chosen on a sample and the whole file decoded in one C call: the
    # detector on 56 MB took 30 s and 300 MB (it keeps its own copies).
    sample = data[:_DETECT_BYTES]
    if len(data) > _DETECT_BYTES:
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    best = from_bytes(sample).best()
    western = from_bytes(sample, cp_isolation=["cp1252"]).best()
    chosen = best
    if western is not None and (best is None or western.chaos <= best.chaos + _CP1252_MARGIN):
        chosen = western
    if chosen is None:
        return None
    try:
        text = data.decode(chosen.encoding)
    except (UnicodeDecodeError, LookupError):
        return None  # the rest of the file does not fit what the sample suggested
    if _CONTROL.search(text):
        return None  # control characters: not text in that encoding either
    name = {"cp1252": "Windows-1252"}.get(chosen.encoding, chosen.encoding)
    warnings.warn(
        EncodingAssumed(
            f"{display}: not UTF-8; read as {name} (detected); save it as UTF-8 to be sure"
        ),
        stacklevel=2,
    )
    return text

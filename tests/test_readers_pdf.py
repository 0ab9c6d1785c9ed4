"""PDF reading: a block per page with text, bounded decoding, clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from fixtures.docgen import pdf_bytes
from stepback_docs.errors import StepbackError
from stepback_docs.readers import limits, read_document


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "cv.pdf"
    path.write_bytes(data)
    return path


def encrypted(user_password: str, owner_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes(["Secret page"]))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_block_per_page_with_page_numbers(tmp_path: Path) -> None:
    blocks = read_document(write(tmp_path, pdf_bytes(["I was bored (really).", "", "Third page"])))
    assert [(b.page, b.text) for b in blocks] == [(1, "I was bored (really)."), (3, "Third page")]
    assert all(b.story is None and b.paragraph is None for b in blocks)


def test_owner_only_protection_still_reads(tmp_path: Path) -> None:
    blocks = read_document(write(tmp_path, encrypted("", "owner-secret")))
    assert [b.text for b in blocks] == ["Secret page"]


def test_password_protected_pdf_is_one_line_error(tmp_path: Path) -> None:
    path = write(tmp_path, encrypted("open-sesame", "owner"))
    with pytest.raises(StepbackError) as caught:
        read_document(path)
    assert (
        str(caught.value) == f"{path}: encrypted PDF (needs a password): export an unprotected copy"
    )


def test_stream_just_under_the_limit_reads_and_over_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "stepback_docs.readers.pdf._LIMITS", {"zlib_maximum_output_length": 2 * limits.MB}
    )
    ok = write(tmp_path, pdf_bytes(["Hello"], bomb_bytes=1 * limits.MB))
    assert [b.text.strip() for b in read_document(ok)] == ["Hello"]
    bomb = write(tmp_path, pdf_bytes(["Hello"], bomb_bytes=3 * limits.MB))
    with pytest.raises(StepbackError, match="refusing a possible PDF bomb"):
        read_document(bomb)


def test_too_many_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stepback_docs.readers.pdf.MAX_PDF_PAGES", 3)
    path = write(tmp_path, pdf_bytes(["a", "b", "c", "d"]))
    with pytest.raises(StepbackError, match=r"PDF has 4 pages \(limit 3\)"):
        read_document(path)


def test_truncated_pdf_is_damaged_not_a_traceback(tmp_path: Path) -> None:
    data = pdf_bytes(["Hello"])
    path = write(tmp_path, data[: len(data) // 2])
    with pytest.raises(StepbackError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert "PDF" in message


def test_aes_without_cryptography_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def needs_crypto(self: pypdf.PdfReader, password: str) -> None:
        raise pypdf.errors.DependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_crypto)
    path = write(tmp_path, encrypted("", "owner-secret"))
    with pytest.raises(StepbackError, match=r"encrypted PDF \(AES\): .*pip install cryptography"):
        read_document(path)


def test_control_characters_from_a_damaged_file_never_reach_the_terminal(tmp_path: Path) -> None:
    # An unknown filter name is quoted in pypdf's error; this one carries an ANSI escape.
    damaged = pdf_bytes(["Hello"]).replace(b"<< /Length", b"<< /Filter /Bad\x1b[31m /Length")
    path = write(tmp_path, damaged)
    with pytest.raises(StepbackError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.endswith(
        "damaged or unreadable PDF (NotImplementedError: Unsupported filter /Bad?)"
    )
    assert "\x1b" not in message


# An alarm that lands while Python runs a finalizer or a gc callback (hypothesis installs
# one) is printed as "Exception ignored" and swallowed; the deadline repeats its alarm
# every 0.1 s for exactly that reason, so the warning is expected, not a failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_slow_pdf_hits_the_deadline_and_alarm_handler_is_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    monkeypatch.setattr("stepback_docs.readers.pdf.MAX_PDF_SECONDS", 0.05)
    path = write(tmp_path, pdf_bytes(["x"], shared=b"BT (a) Tj ET " * (limits.MB // 13)))
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(StepbackError, match=r"PDF takes over 0\.05 s to read: refusing it"):
        read_document(path)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

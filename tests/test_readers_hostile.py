"""Every hostile or broken input from issue 3 fails with one line naming the file and
the cause, within a 300 MB address-space limit (each read runs in a child process
under RLIMIT_AS, and we assert its peak resident memory too)."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from fixtures.docgen import document_xml, para, pdf_bytes, raw_docx, run, zip_bytes
from stepback_docs.errors import StepbackError
from stepback_docs.readers import limits, read_bytes, read_document

MB = 1024 * 1024
LIMIT = 300 * MB

_CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (@LIMIT@, @LIMIT@))
from stepback_docs.errors import StepbackError
from stepback_docs.readers import read_document
try:
    read_document(sys.argv[1])
    error = None
except StepbackError as exc:
    error = str(exc)
except MemoryError:
    error = "MemoryError"
# VmHWM: this process's own peak RSS (ru_maxrss would include the parent's at fork).
with open("/proc/self/status") as status:
    peak = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
print(json.dumps({"error": error, "peak": peak}))
""".replace("@LIMIT@", str(LIMIT))


def read_in_child(path: Path) -> tuple[str | None, int]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    return result["error"], result["peak"]


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        + document_xml(para(run("&lol9;"))).split("?>", 1)[1]
    ).encode()


def external_entity() -> bytes:
    return (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + document_xml(para(run("&xxe;"))).split("?>", 1)[1]
    ).encode()


def utf16_doctype() -> bytes:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "b">]>'
        + (document_xml(para(run("&a;"))).split("?>", 1)[1])
    )
    return text.encode("utf-16")


def docx_with_document(xml: bytes) -> bytes:
    package = raw_docx(para(run("placeholder")))
    with zipfile.ZipFile(__import__("io").BytesIO(package)) as archive:
        members: dict[str, bytes | str] = {n: archive.read(n) for n in archive.namelist()}
    members["word/document.xml"] = xml
    return zip_bytes(members)


def zip_bomb() -> bytes:
    """A 'document.xml' of 60 MB of spaces: about 60 KB compressed."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = b" " * MB
            for _ in range(60):
                handle.write(chunk)
    return buffer.getvalue()


def lying_zip_bomb() -> bytes:
    """A part whose directory entry claims 1 KB but whose data inflates to 40 MB."""
    payload = b"<w:document>" + b" " * (40 * MB)
    data = zip_bytes({"word/document.xml": payload})
    real = len(payload).to_bytes(4, "little")
    return data.replace(real, (1024).to_bytes(4, "little"))


def pdf_huge_xref(entries: int = 300_000) -> bytes:
    """A valid PDF whose cross-reference table lists ``entries`` more (free) objects."""
    base = pdf_bytes(["Hello"])
    head, tail = base.split(b"xref\n", 1)
    real = tail.split(b"\n")[2:8]
    size = len(real) + entries
    table = b"xref\n0 %d\n" % size + b"\n".join(real) + b"\n" + b"0000000000 65535 f \n" * entries
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, len(head))
    return head + table + trailer


def pdf_many_objects(count: int = 250_000) -> bytes:
    """No usable cross-reference table, so a reader must scan: ``count`` tiny objects."""
    body = b"".join(b"%d 0 obj null endobj\n" % n for n in range(10, 10 + count))
    return b"%PDF-1.4\n" + body + b"%%EOF\n"


def many_entries() -> bytes:
    return zip_bytes({f"word/media/{i}.xml": "<a/>" for i in range(limits.MAX_ZIP_ENTRIES + 1)})


CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "docx-not-a-zip": (
        ".docx",
        lambda: b"Dear hiring manager, this is plain text.",
        "not a .docx: not a zip file",
    ),
    "docx-pdf-inside": (".docx", lambda: pdf_bytes(["x"]), "not a .docx: it is a PDF"),
    "docx-truncated-zip": (
        ".docx",
        lambda: raw_docx(para(run("x")))[:200],
        "not a .docx: damaged zip file",
    ),
    "zip-without-word": (
        ".docx",
        lambda: zip_bytes({"notes.txt": "hello"}),
        "a zip file but not a Word document (no word/document.xml)",
    ),
    "doctype-billion-laughs": (
        ".docx",
        lambda: docx_with_document(billion_laughs()),
        "part word/document.xml declares a DOCTYPE or entities: refusing unsafe XML",
    ),
    "doctype-external-entity": (
        ".docx",
        lambda: docx_with_document(external_entity()),
        "part word/document.xml declares a DOCTYPE or entities",
    ),
    "doctype-utf16": (
        ".docx",
        lambda: docx_with_document(utf16_doctype()),
        "part word/document.xml declares a DOCTYPE: refusing unsafe XML",
    ),
    "not-well-formed-xml": (
        ".docx",
        lambda: docx_with_document(b"<w:document><oops"),
        "part word/document.xml is not well-formed XML",
    ),
    "xml-nesting-too-deep": (
        ".docx",
        lambda: raw_docx(
            "<w:sdt><w:sdtContent>" * 300 + para(run("x")) + "</w:sdtContent></w:sdt>" * 300
        ),
        "part word/document.xml nests elements too deeply: refusing it",
    ),
    "xml-too-many-elements": (
        ".docx",
        lambda: raw_docx("<w:p/>" * (limits.MAX_XML_TAGS + 1)),
        f"part word/document.xml has {limits.MAX_XML_TAGS + 6:,} XML tags (limit "
        f"{limits.MAX_XML_TAGS:,}): refusing it",
    ),
    "xml-text-run-too-long": (
        ".docx",
        lambda: raw_docx(para(run(base64.b64encode(os.urandom(8 * MB)).decode()))),
        "part word/document.xml has a run of text over 10 MB: refusing it",
    ),
    "strict-ooxml": (
        ".docx",
        lambda: docx_with_document(
            b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'
        ),
        "Strict Open XML .docx is not supported",
    ),
    "zip-bomb": (
        ".docx",
        zip_bomb,
        "part word/document.xml would inflate to 60 MB (limit 50 MB): refusing a possible zip bomb",
    ),
    "zip-bomb-ratio": (
        ".docx",
        lambda: zip_bytes({"word/document.xml": b" " * (12 * MB)}),
        "part word/document.xml is compressed 1",
    ),
    "zip-bomb-lying-directory": (
        ".docx",
        lying_zip_bomb,
        "damaged zip file: part word/document.xml",
    ),
    "zip-too-many-entries": (
        ".docx",
        many_entries,
        "zip has 2001 entries (limit 2000): refusing a possible zip bomb",
    ),
    "encrypted-docx": (
        ".docx",
        lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096,
        "encrypted (password-protected) or legacy .doc file",
    ),
    "empty-txt": (".txt", lambda: b"", "empty file: nothing to lint"),
    "empty-docx": (".docx", lambda: b"", "empty file: nothing to lint"),
    "empty-pdf": (".pdf", lambda: b"", "empty file: nothing to lint"),
    "binary-named-txt": (
        ".txt",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "binary file (a PNG image), not text",
    ),
    "nul-bytes-txt": (
        ".txt",
        lambda: b"I led a team\x00\x00\x01 of 40",
        "binary file (contains NUL bytes), not text",
    ),
    "invalid-utf8": (
        ".txt",
        lambda: b"Dear team,\nI am caf\xc3\xa9 " + b"\xe9 ready",  # damaged UTF-8
        ":2:11: invalid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
    "invalid-utf8-md": (
        ".md",
        lambda: "# Títle\n\n".encode() + b"\xff",
        ":3:1: invalid UTF-8 (byte 0xff)",
    ),
    "pdf-bomb": (
        ".pdf",
        lambda: pdf_bytes(["Hello"], bomb_bytes=100 * MB),
        "a PDF stream inflates past 20 MB: refusing a possible PDF bomb",
    ),
    "pdf-dense-page": (
        ".pdf",
        lambda: pdf_bytes(["x"], shared=b"BT (a) Tj ET " * (3 * MB // 13)),
        "page 1 has 3 MB of drawing instructions (limit 2 MB): refusing it",
    ),
    "pdf-pages-sharing-a-dense-stream": (
        ".pdf",
        lambda: pdf_bytes(["x"] * 50, shared=b"BT (a) Tj ET " * (MB // 13)),
        "PDF has over 4 MB of drawing instructions: refusing it",
    ),
    "pdf-huge-xref": (
        ".pdf",
        pdf_huge_xref,
        "PDF has 300,006 objects (limit 200,000): refusing it",
    ),
    "pdf-many-objects": (
        ".pdf",
        pdf_many_objects,
        "PDF has 250,000 objects (limit 200,000): refusing it",
    ),
    "pdf-corrupt": (
        ".pdf",
        lambda: (
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer << /Root 1 0 R >>\n%%EOF"
        ),
        "damaged or unreadable PDF",
    ),
    "pdf-not-a-pdf": (
        ".pdf",
        lambda: b"just some text saved as .pdf",
        "not a PDF (no %PDF header)",
    ),
    "unknown-suffix-binary": (".bin", lambda: bytes(range(256)), "unsupported '.bin' file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_one_line_error_in_bounded_memory(case: str, tmp_path: Path) -> None:
    suffix, build, expected = CASES[case]
    path = tmp_path / f"input{suffix}"
    path.write_bytes(build())
    error, peak = read_in_child(path)
    assert error is not None, f"{case}: read without error"
    assert error.startswith(str(path)), error
    assert expected in error, error
    assert "\n" not in error
    assert peak < LIMIT, f"{case}: peak RSS {peak / MB:.0f} MB"


def test_hostile_errors_are_stepback_errors_in_process(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(docx_with_document(billion_laughs()))
    with pytest.raises(StepbackError, match="declares a DOCTYPE"):
        read_document(path)


def test_total_inflated_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(raw_docx(para(run("x" * 5000))))
    monkeypatch.setattr("stepback_docs.readers.safezip.MAX_TOTAL_BYTES", 2000)
    with pytest.raises(
        StepbackError, match=r"parts would inflate to .* refusing a possible zip bomb"
    ):
        read_document(path)


def test_inflation_is_capped_while_reading_even_if_directory_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(raw_docx(para(run("y" * 5000))))
    # The directory is honest here; lower the per-part cap below what reading needs but
    # skip the directory check, to prove the streaming cap stops inflation by itself.
    monkeypatch.setattr("stepback_docs.readers.safezip.MAX_PART_BYTES", 1000)
    monkeypatch.setattr("stepback_docs.readers.safezip.SafeZip._check_directory", lambda *a: None)
    with pytest.raises(StepbackError, match="inflates past the size limit"):
        read_document(path)


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("a" * 2000)
    monkeypatch.setattr("stepback_docs.readers.limits.MAX_FILE_BYTES", 1000)
    with pytest.raises(StepbackError, match=r"huge\.txt: file too large"):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StepbackError, match=r"nope\.md: no such file"):
        read_document(tmp_path / "nope.md")
    with pytest.raises(StepbackError, match="is a directory"):
        read_document(tmp_path)


def test_bomb_builders_really_are_bombs() -> None:
    """Guard the fixtures: the PDF bomb stream inflates past the limit, the zip lies."""
    data = pdf_bytes(["x"], bomb_bytes=21 * MB)
    start = data.index(b"/FlateDecode >>\nstream\n") + len(b"/FlateDecode >>\nstream\n")
    end = data.rindex(b"\nendstream")
    assert len(zlib.decompress(data[start:end])) == 21 * MB
    import io

    with zipfile.ZipFile(io.BytesIO(lying_zip_bomb())) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1024


def mutations(seed: bytes, count: int, rng: random.Random) -> list[bytes]:
    """Damaged copies of a valid file: flipped bytes, truncations, inserted junk."""
    out = []
    for _ in range(count):
        data = bytearray(seed)
        choice = rng.random()
        if choice < 0.4:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.7:
            data = data[: rng.randrange(len(data))]
        else:
            at = rng.randrange(len(data))
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        out.append(bytes(data))
    return out


def test_damaged_docx_and_pdf_only_ever_raise_stepback_errors() -> None:
    """Fuzz with a fixed seed: any damage is a one-line StepbackError or a clean read."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("I led a team of forty.")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "cell"
    document.sections[0].header.paragraphs[0].text = "Header"
    buffer = io.BytesIO()
    document.save(buffer)
    rng = random.Random(20261122)
    seeds = [
        (".docx", buffer.getvalue()),
        (".docx", raw_docx(para(run("a")) + para(run("b")))),
        (".pdf", pdf_bytes(["Hello", "World"])),
    ]
    outcomes = {"read": 0, "error": 0}
    for suffix, seed in seeds:
        for data in mutations(seed, 150, rng):
            try:
                blocks = read_bytes(data, f"cv{suffix}", suffix)
            except StepbackError as exc:
                assert str(exc).startswith(f"cv{suffix}: ")
                assert "\n" not in str(exc)
                outcomes["error"] += 1
            else:
                assert all(isinstance(b.text, str) for b in blocks)
                outcomes["read"] += 1
    assert outcomes["error"] > 100  # the damage was real


def test_repetitive_but_honest_document_is_not_mistaken_for_a_bomb(tmp_path: Path) -> None:
    body = "".join(
        para(run("I led a team of forty engineers across three sites.")) for _ in range(20000)
    )
    path = tmp_path / "long.docx"
    path.write_bytes(raw_docx(body))
    blocks = read_document(path)
    assert len(blocks) == 20000
    assert blocks[-1].paragraph == 20000


def test_largest_accepted_docx_reads_in_bounded_memory(tmp_path: Path) -> None:
    """Just under the tag limit, the whole tree is built and walked: still < 300 MB."""
    paragraphs = (limits.MAX_XML_TAGS - 100) // 6  # para(run(...)) is six tags
    path = tmp_path / "long.docx"
    path.write_bytes(raw_docx(para(run("I led a team.")) * paragraphs))
    error, peak = read_in_child(path)
    assert error is None
    assert peak < LIMIT / 2, f"peak RSS {peak / MB:.0f} MB"

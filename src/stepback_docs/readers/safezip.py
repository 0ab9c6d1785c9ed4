"""Open an Office zip package without trusting it: sizes, ratios, entry count, XML.

Checks the central directory BEFORE inflating anything (declared sizes and ratios),
then inflates with a hard cap per part and in total in case the directory lies, and
parses XML with entities, DTDs and the network off, refusing any DOCTYPE at all
(no legitimate Office part has one; billion-laughs and XXE need one).
"""

from __future__ import annotations

import importlib
import io
import posixpath
import zipfile
from typing import Any

from stepback_docs.errors import StepbackError
from stepback_docs.readers.limits import (
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MAX_XML_TAGS,
    MAX_ZIP_ENTRIES,
    MB,
    RATIO_FLOOR,
    fail,
)
from stepback_docs.readers.text import OLE_SIGNATURE

_CHUNK = 1 << 20
_PDF = b"%PDF-"


class SafeZip:
    """A size-checked zip read from memory; ``read``/``xml`` raise one-line errors."""

    def __init__(self, data: bytes, display: str, kind: str = ".docx") -> None:
        self.display = display
        self.kind = kind
        if data.startswith(OLE_SIGNATURE):
            raise fail(
                display,
                f"encrypted (password-protected) or legacy .doc file, not a plain {kind}; "
                f"remove the password or save it as {kind}",
            )
        if data.startswith(_PDF):
            raise fail(display, f"not a {kind}: it is a PDF (rename it to .pdf)")
        if not data.startswith(b"PK"):
            raise fail(display, f"not a {kind}: not a zip file")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except NotImplementedError as exc:  # e.g. "zip file version 7.1"
            raise fail(display, f"not a {kind}: unsupported zip file ({exc})") from None
        except Exception as exc:  # BadZipFile, ValueError, OSError, EOFError, struct.error …
            raise fail(display, f"not a {kind}: damaged zip file ({exc})") from None
        self._check_directory(infos)
        self.infos = {info.filename: info for info in infos}
        self.inflated = 0

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        """Refuse on what the central directory declares, before inflating anything."""
        if len(infos) > MAX_ZIP_ENTRIES:
            raise fail(
                self.display,
                f"zip has {len(infos)} entries (limit {MAX_ZIP_ENTRIES}): "
                "refusing a possible zip bomb",
            )
        seen: set[str] = set()
        for info in infos:
            # Two entries with one name (part names ignore case in Office): which one a
            # reader takes differs (zipfile takes the last, Word may take the first), so
            # the text linted need not be the text shown.
            name = info.filename.lower()
            if name in seen:
                raise fail(
                    self.display,
                    f"zip has two entries named {info.filename}: a damaged or tampered file",
                )
            seen.add(name)
        total = 0
        for info in infos:
            size = info.file_size
            total += size
            if size > MAX_PART_BYTES:
                raise fail(
                    self.display,
                    f"part {info.filename} would inflate to {size // MB} MB "
                    f"(limit {MAX_PART_BYTES // MB} MB): refusing a possible zip bomb",
                )
            if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                ratio = size // max(info.compress_size, 1)
                raise fail(
                    self.display,
                    f"part {info.filename} is compressed {ratio}:1 (limit {MAX_RATIO}:1): "
                    "refusing a possible zip bomb",
                )
        if total > MAX_TOTAL_BYTES:
            raise fail(
                self.display,
                f"parts would inflate to {total // MB} MB (limit {MAX_TOTAL_BYTES // MB} MB): "
                "refusing a possible zip bomb",
            )

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        """Inflate one part, stopping at the caps whatever the directory claimed."""
        info = self.infos[name]
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while True:
                    chunk = handle.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self.inflated += len(chunk)
                    if size > MAX_PART_BYTES or self.inflated > MAX_TOTAL_BYTES:
                        raise fail(
                            self.display,
                            f"part {name} inflates past the size limit: "
                            "refusing a possible zip bomb",
                        )
                    chunks.append(chunk)
        except StepbackError:
            raise
        except NotImplementedError as exc:  # unsupported compression (before RuntimeError)
            raise fail(
                self.display, f"part {name} uses an unsupported compression ({exc})"
            ) from None
        except RuntimeError as exc:  # encrypted zip entry
            raise fail(self.display, f"part {name} is encrypted ({exc})") from None
        except Exception as exc:  # zlib.error, bz2/lzma errors, BadZipFile, EOFError …
            raise fail(self.display, f"damaged zip file: part {name} ({exc})") from None
        return b"".join(chunks)

    def xml(self, name: str) -> Any:
        """Parse one XML part safely (see the module docstring)."""
        return parse_xml(self.read(name), self.display, name)

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, part name) for the internal relationships of ``part``."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self:
            return {}
        found: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_name):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id") or ""] = (rel.get("Type") or "", name)
        return found


_PARSER: Any = None


def parse_xml(data: bytes, display: str, name: str) -> Any:
    """Parse XML with entities, DTD loading and the network off; refuse any DOCTYPE."""
    global _PARSER
    etree: Any = importlib.import_module("lxml.etree")  # lxml ships no type stubs

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise fail(display, f"part {name} declares a DOCTYPE or entities: refusing unsafe XML")
    tags = data.count(b"<")
    if tags > MAX_XML_TAGS:
        raise fail(
            display, f"part {name} has {tags:,} XML tags (limit {MAX_XML_TAGS:,}): refusing it"
        )
    if _PARSER is None:
        _PARSER = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        reason = str(exc)
        if "Excessive depth" in reason:
            raise fail(display, f"part {name} nests elements too deeply: refusing it") from None
        if "Text node too long" in reason:
            raise fail(display, f"part {name} has a run of text over 10 MB: refusing it") from None
        if "Resource limit exceeded" in reason or "XML_PARSE_HUGE" in reason:
            raise fail(
                display, f"part {name} exceeds the XML parser's size limits: refusing it"
            ) from None
        raise fail(display, f"part {name} is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:  # e.g. a UTF-16 part the byte scan missed
        raise fail(display, f"part {name} declares a DOCTYPE: refusing unsafe XML")
    return root

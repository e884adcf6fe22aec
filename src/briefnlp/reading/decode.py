"""Getting from a path, bytes or a string to a format name and, for text, a `str`.

Everything that can go wrong before a format reader sees the input is decided here:
a missing or unreadable file, a file over the size limit, an empty file, bytes that are
no document at all. Format is sniffed from the content (magic bytes, opening tags)
rather than the file name, because letters arrive renamed (".txt" files that are PDFs,
pages saved as ".xml"); the extension only breaks ties and sharpens error messages.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from briefnlp.errors import (
    BinaryInputError,
    CorruptDocumentError,
    EmptyLetterError,
    EncryptedDocumentError,
    FileTooLargeError,
    UnreadableFileError,
    UnsupportedFormatError,
)

FORMATS = ("text", "pdf", "docx", "html", "xml")

_HTML_EXTENSIONS = (".html", ".htm", ".xhtml")

# Longest file name on common file systems; a longer str with spaces is text.
_MAX_NAME_LENGTH = 255


@dataclass
class Source:
    """The raw input, with the name that error messages and `LetterMeta.source` use."""

    name: str
    data: bytes | None = None
    text: str | None = None
    path: Path | None = None

    @property
    def extension(self) -> str:
        return self.path.suffix.lower() if self.path else ""


def load_source(
    source: str | os.PathLike[str] | bytes, max_bytes: int, *, str_is_text: bool = False
) -> Source:
    """Read `source` into memory, enforcing the size limit before reading a file.

    A str is the letter itself when it is not an existing path and holds a newline, is
    markup, is long with spaces, or `str_is_text` is set; otherwise it is a path.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size("<bytes>", len(data), max_bytes)
        return Source(name="<bytes>", data=data)
    if isinstance(source, str) and (
        _looks_like_text(source) or (str_is_text and not _is_existing_path(source))
    ):
        _check_size("<text>", len(source.encode("utf-8", "surrogatepass")), max_bytes)
        return Source(name="<text>", text=source)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path, bytes or str, not {type(source).__name__}")
    path = Path(source)
    name = str(path)
    try:
        if not path.exists():
            raise UnreadableFileError(name, "no such file")
        if path.is_dir():
            raise UnreadableFileError(name, "is a directory", "pass the letter files inside it")
        _check_size(name, path.stat().st_size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read ({exc.strerror or exc})") from exc
    return Source(name=name, data=data, path=path)


def _looks_like_text(value: str) -> bool:
    """A str is letter text, not a path, when it cannot be a path one would type: it holds
    a newline, is markup, or is longer than a file name and has spaces."""
    text_like = (
        "\n" in value
        or value.lstrip().startswith("<")
        or (len(value) > _MAX_NAME_LENGTH and " " in value.strip())
    )
    return text_like and not _is_existing_path(value)


def _is_existing_path(value: str) -> bool:
    try:
        return len(value) <= 4096 and Path(value).exists()
    except (OSError, ValueError):
        return False


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileTooLargeError(
            name, f"is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB"
        )


_IMAGE_MAGIC = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def sniff_format(src: Source) -> str:
    """Name the format of `src` from its magic bytes or opening tags; refuse what is no
    letter (images, old .doc, zip archives) with a hint."""
    if src.text is not None:
        return _sniff_text(src.text, "")
    data = src.data or b""
    if not data.strip():
        raise EmptyLetterError(src.name, "is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(src.name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in data:
            raise EncryptedDocumentError(src.name, "is a password-protected Word document")
        raise UnsupportedFormatError(
            src.name, "is an old binary Office file (.doc)", "save it as .docx or PDF"
        )
    if data.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(src.name, "is an RTF file", "save it as .docx or PDF")
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(
                src.name, f"is a {kind} image", "run OCR on it first (e.g. ocrmypdf)"
            )
    if src.extension == ".pdf":
        raise CorruptDocumentError(src.name, "has a .pdf name but no PDF header")
    return _sniff_text(data[:4096].decode("latin-1"), src.extension)


def _sniff_zip(name: str, data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise CorruptDocumentError(name, "is a damaged zip/Office file") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise UnsupportedFormatError(name, "is an OpenDocument file", "save it as .docx or PDF")
    raise UnsupportedFormatError(name, "is a zip archive, not a letter", "unpack it first")


_XML_KST = re.compile(r"<(officiele-publicatie|kamerstuk|kamervragen)\b")
_HTML = re.compile(r"<(!doctype\s+html|html|body|head)\b", re.IGNORECASE)


def _sniff_text(head: str, extension: str) -> str:
    """Markup is recognised by its opening tags; anything else is plain text."""
    start = head.lstrip("\ufeff \t\r\n")[:4096]
    if start.startswith("<"):
        if _XML_KST.search(start):
            return "xml"
        if _HTML.search(start):
            return "html"
        if start.startswith("<?xml"):
            return "html" if extension in _HTML_EXTENSIONS else "xml"
    return "text"


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode letter bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Raises `BinaryInputError` for bytes that are not text at all (NUL bytes, many control
    characters), so that junk does not come out as a letter of mojibake.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError:
            raise BinaryInputError(name, "has a UTF-16 mark but does not decode") from None
    _reject_binary(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.append("the file is not UTF-8; decoded as Windows-1252")
    return text, warnings


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _reject_binary(data: bytes, name: str) -> None:
    sample = data[:8192]
    if b"\x00" in sample:
        raise BinaryInputError(name, "contains NUL bytes")
    if len(_CONTROL.findall(sample)) > max(4, len(sample) // 100):
        raise BinaryInputError(name, "contains binary data (control characters)")

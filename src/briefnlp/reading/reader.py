"""`read_letter`: any supported input to a `Letter`.

The pipeline is the same for every format: load and size-check the input (`decode`),
let the format's reader reduce it to a `RawDocument`, find the body between letterhead
and signature (`letterhead`, `plaintext`), join it into text (`paragraphs`), and derive
sentences, citations and warnings from that text.
"""

from __future__ import annotations

import os
from dataclasses import fields

from briefnlp.errors import EmptyLetterError, UnsupportedFormatError
from briefnlp.letter import Letter, LetterMeta
from briefnlp.reading import citations, decode, language, letterhead, paragraphs, plaintext
from briefnlp.reading.document import RawDocument
from briefnlp.reading.sentences import split_sentences

DEFAULT_MAX_BYTES = 50_000_000


def read_letter(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Letter:
    """Read one letter from a path, bytes, or a string of text.

    A str is taken for text when it is not an existing path and holds a newline, is
    markup, or is long with spaces; otherwise for a path. `format` ("text", "pdf",
    "docx", "html", "xml") skips sniffing; with format="text" a str is always the letter
    itself. `max_bytes` limits the input size. Raises a `LetterError` subclass naming
    the input and what to do about it; non-Dutch text reads, with a warning.
    """
    if format is not None and format not in decode.FORMATS:
        raise ValueError(f"format must be one of {', '.join(decode.FORMATS)}, not {format!r}")
    src = decode.load_source(source, max_bytes, str_is_text=format == "text")
    fmt = format or decode.sniff_format(src)
    raw = _extract(src, fmt)
    return assemble(raw, name=src.name, fmt=fmt)


def _extract(src: decode.Source, fmt: str) -> RawDocument:
    # Format readers import their third-party library on first use only.
    if fmt == "pdf":
        from briefnlp.reading.pdf import read_pdf

        return read_pdf(_bytes(src), src.name)
    if fmt == "docx":
        from briefnlp.reading.docx import read_docx

        return read_docx(_bytes(src), src.name)
    if fmt == "xml":
        from briefnlp.reading.xml import read_xml

        return read_xml(_bytes(src), src.name)
    text, warnings = _text(src)
    if fmt == "html":
        from briefnlp.reading.html import read_html

        raw = read_html(text, src.name)
    elif fmt == "text":
        raw = plaintext.read_plaintext(text)
    else:
        raise UnsupportedFormatError(src.name, f"unknown format {fmt!r}")
    raw.warnings[:0] = warnings
    return raw


def _bytes(src: decode.Source) -> bytes:
    if src.data is not None:
        return src.data
    return (src.text or "").encode("utf-8")


def _text(src: decode.Source) -> tuple[str, list[str]]:
    if src.text is not None:
        text, warnings = src.text, []
    else:
        text, warnings = decode.decode_text(src.data or b"", src.name)
    if not text.strip():
        raise EmptyLetterError(src.name, "is empty")
    return text, warnings


def assemble(raw: RawDocument, *, name: str, fmt: str) -> Letter:
    """Find the body in `raw`, build its text and everything derived from it."""
    if raw.body_only:
        parts = letterhead.LetterParts(header=[], body=raw.lines, closing=[])
    else:
        parts = letterhead.split_letter(raw.lines)
    body = plaintext.drop_page_furniture(parts.body, parts.header)
    text = paragraphs.build_text(body, raw.wrapped)
    if not text.strip():
        raise EmptyLetterError(name, "holds no letter text")
    footnotes = raw.footnotes or plaintext.footnotes_from_tail(parts.closing)
    meta = letterhead.parse_meta(parts.header, parts.closing, raw.sidebar)
    meta = _merge(_merge(raw.hints, meta), raw.meta)
    meta.source, meta.format = name, fmt
    warnings = list(raw.warnings)
    if meta.date is None:
        warnings.append("no date found in the letterhead")
    lang = language.language_warning(text)
    if lang:
        warnings.append(lang)
    found = citations.find_citations(text)
    for note in footnotes:
        found += citations.find_citations(note.text, in_footnote=True)
    return Letter(
        text=text,
        sentences=split_sentences(text),
        meta=meta,
        citations=found,
        footnotes=footnotes,
        warnings=warnings,
    )


def _merge(base: LetterMeta, override: LetterMeta) -> LetterMeta:
    """`base` with every field that `override` sets (differs from the default) replaced."""
    default = LetterMeta()
    merged = LetterMeta(**{f.name: getattr(base, f.name) for f in fields(LetterMeta)})
    for f in fields(LetterMeta):
        value = getattr(override, f.name)
        if value != getattr(default, f.name):
            setattr(merged, f.name, value)
    return merged


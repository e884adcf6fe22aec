"""Reading Dutch policy letters from text, PDF, .docx, HTML and officielebekendmakingen XML.

`read_letter` turns any of them into a `briefnlp.Letter`; `split_sentences` is the Dutch
sentence splitter it uses, for text that is already clean.
"""

from __future__ import annotations

from briefnlp.reading.decode import FORMATS
from briefnlp.reading.reader import DEFAULT_MAX_BYTES, read_letter
from briefnlp.reading.sentences import split_sentences

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "read_letter", "split_sentences"]

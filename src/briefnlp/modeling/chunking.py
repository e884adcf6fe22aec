"""Cut a letter into overlapping token chunks that fit the encoder, keeping sentence ids.

A letter is tokenised once (with character offsets), then cut into windows of
`max_length` tokens (specials and the e5 "passage: " prefix included) that overlap by
`stride` tokens. Every token carries the index of the sentence it belongs to, so that the
same encoder pass can be pooled per letter (topics) and per sentence (measures).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import torch

from briefnlp.letter import Letter


@dataclass
class ChunkedLetter:
    """The encoder input of one letter."""

    chunks: list[list[int]]
    token_sentence: list[list[int]]  # per chunk token: sentence index, -1 for none
    n_sentences: int

    @property
    def n_tokens(self) -> int:
        return sum(len(c) for c in self.chunks)


class LetterChunker:
    """Tokenise letters and cut them into encoder-sized chunks.

    Args:
        tokenizer: a fast Hugging Face tokenizer (offsets are needed).
        max_length: tokens per chunk, specials and prefix included.
        stride: tokens shared by consecutive chunks.
        prefix: text put before every chunk (e5 expects "passage: ").
        max_chunks: chunks kept per letter (None: all); 1 gives plain truncation.
    """

    def __init__(
        self,
        tokenizer,
        max_length: int = 512,
        stride: int = 64,
        prefix: str = "passage: ",
        max_chunks: int | None = None,
    ) -> None:
        if not getattr(tokenizer, "is_fast", False):
            raise ValueError("LetterChunker needs a fast tokenizer (character offsets)")
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.prefix_ids = tokenizer(prefix, add_special_tokens=False)["input_ids"] if prefix else []
        self.window = max_length - len(self.prefix_ids) - 2
        if not 0 <= stride < self.window:
            raise ValueError(f"stride must be in [0, {self.window}), got {stride}")
        self.stride = stride
        self.max_chunks = max_chunks
        self.bos = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
        self.eos = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id

    def __call__(self, letter: Letter) -> ChunkedLetter:
        ids, sentence_of = self._tokenise(letter)
        starts = range(0, max(1, len(ids)), self.window - self.stride)
        chunks, tags = [], []
        head = [self.bos, *self.prefix_ids]
        for start in starts:
            piece = slice(start, start + self.window)
            chunks.append(head + ids[piece] + [self.eos])
            tags.append([-1] * len(head) + sentence_of[piece] + [-1])
            if start + self.window >= len(ids) or len(chunks) == self.max_chunks:
                break
        return ChunkedLetter(chunks, tags, len(letter.sentences))

    def local(self, letter: Letter, length: int = 128) -> ChunkedLetter:
        """The letter in short chunks of whole sentences (a training view).

        The same tokens as `__call__`, packed into chunks of at most `length` tokens: a
        sentence's token states then see its paragraph, not the whole letter. A chunk ends
        before a sentence that does not fit, and at a paragraph break once it is half full;
        a sentence longer than a chunk is cut. Sentence indices stay the letter's; text
        outside sentences (letterhead, signature) is left out.
        """
        ids, sentence_of = self._tokenise(letter)
        head = [self.bos, *self.prefix_ids]
        room = length - len(head) - 1
        if room < 1:
            raise ValueError(f"length must leave room for tokens after the prefix, got {length}")
        runs: list[list[int]] = []  # token positions of each chunk
        current: list[int] = []
        paragraph = None
        inside = (p for p in range(len(ids)) if sentence_of[p] >= 0)
        for sentence, group in itertools.groupby(inside, key=sentence_of.__getitem__):
            positions = list(group)
            new_paragraph = letter.sentences[sentence].paragraph != paragraph
            paragraph = letter.sentences[sentence].paragraph
            if current and (len(current) + len(positions) > room or (new_paragraph and 2 * len(current) >= room)):
                runs.append(current)
                current = []
            for start in range(0, len(positions), room):
                if start:  # a sentence longer than a chunk goes on in the next one
                    runs.append(current)
                    current = []
                current += positions[start : start + room]
        if current:
            runs.append(current)
        if not runs:  # no sentences: the whole-letter view
            return self(letter)
        chunks = [head + [ids[i] for i in run] + [self.eos] for run in runs]
        tags = [[-1] * len(head) + [sentence_of[i] for i in run] + [-1] for run in runs]
        return ChunkedLetter(chunks, tags, len(letter.sentences))

    def _tokenise(self, letter: Letter) -> tuple[list[int], list[int]]:
        """Token ids of the letter's text and the sentence each falls in (-1: none)."""
        encoding = self.tokenizer(
            letter.text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        return encoding["input_ids"], _sentence_index(letter, encoding["offset_mapping"])


def _sentence_index(letter: Letter, offsets: list[tuple[int, int]]) -> list[int]:
    """The sentence that each token falls in (-1 between sentences).

    A token is located by its last character: SentencePiece offsets include the space
    before a word ("▁Tevens" starts at that space), so a sentence's first word would
    otherwise fall in the gap before the sentence and be lost to it.
    """
    starts = [s.start for s in letter.sentences]
    out = []
    for begin, end in offsets:
        i = bisect.bisect_right(starts, end - 1) - 1
        inside = i >= 0 and end > begin and begin < letter.sentences[i].end  # starts[i] < end by the bisect
        out.append(i if inside else -1)
    return out


def collate_chunks(letters: list[ChunkedLetter], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad the chunks of several letters into one batch (dynamic padding).

    Sentence indices are made global across the batch; `chunk_letter` and
    `sentence_letter` say which letter each chunk and sentence belongs to.
    """
    chunks, tags, chunk_letter, sentence_letter = [], [], [], []
    offset = 0
    for i, letter in enumerate(letters):
        for chunk, tag in zip(letter.chunks, letter.token_sentence):
            chunks.append(chunk)
            tags.append([t + offset if t >= 0 else -1 for t in tag])
            chunk_letter.append(i)
        sentence_letter += [i] * letter.n_sentences
        offset += letter.n_sentences
    width = max(len(c) for c in chunks)
    input_ids = torch.full((len(chunks), width), pad_id, dtype=torch.long)
    token_sentence = torch.full((len(chunks), width), -1, dtype=torch.long)
    attention_mask = torch.zeros((len(chunks), width), dtype=torch.long)
    for row, (chunk, tag) in enumerate(zip(chunks, tags)):
        input_ids[row, : len(chunk)] = torch.tensor(chunk)
        token_sentence[row, : len(tag)] = torch.tensor(tag)
        attention_mask[row, : len(chunk)] = 1
    return {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "token_sentence": token_sentence,
        "chunk_letter": torch.tensor(chunk_letter, dtype=torch.long),
        "sentence_letter": torch.tensor(sentence_letter, dtype=torch.long),
    }

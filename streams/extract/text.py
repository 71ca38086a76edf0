"""Article text before any parsing: noise lines, sentence spans, the cheap first pass.

Sentences are split on the tokenizer's output alone (end punctuation and line breaks), so
headline lines without a full stop stay sentences of their own and a sentence never spans
a paragraph break.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

# Link-bait lines pasted into bodies: a short headline ending in a bracketed tag such as
# "[REVEALED]" or "[PICS]", or a line that starts with "READ MORE:" and the like.
_TAGGED_LINE = re.compile(r"^.{0,300}\[\s*[A-Z][A-Z0-9 &'!-]{1,30}\]\s*$")
_LINK_PREFIX = re.compile(
    r"^\s*(READ MORE|MORE|RELATED|SEE ALSO|WATCH|LISTEN|READ|LATEST|TRENDING|SIGN UP)\b.{0,200}$"
)
_SENT_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
MAX_SENTENCE_CHARS = 1500
_HEADLINE_TOKENS = 40
_END = sys.maxsize


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets in the body
    end: int
    text: str
    index: int = 0  # position among the article's sentences
    headline: bool = False  # a line of its own without final punctuation ("Putin to visit China")


def noise_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of lines that are link-bait, not part of the story."""
    spans = []
    pos = 0
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        bait = _TAGGED_LINE.match(stripped) or _LINK_PREFIX.match(stripped)
        if stripped and bait and len(stripped.split()) <= 30:
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def split_sentences(doc: Doc, skip: Iterable[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of a tokenised (not parsed) body, leaving out the ``skip`` character spans.

    Works on plain lists of token texts and offsets: walking the ``Doc`` token by token
    from Python costs more than the rest of the first pass.
    """
    skip = sorted(skip)
    text = doc.text  # ``Doc.text`` joins every token again on each call: read it once
    words = [t.text for t in doc]
    starts = [t.idx for t in doc]
    out: list[Sentence] = []
    first: int | None = None
    n = len(words)
    for i, word in enumerate(words):
        if word.isspace():
            if "\n" in word and first is not None and not _wrapped(words, i, n):
                out.append(_sentence(text, words, starts, first, i))
                first = None
            continue
        if first is None:
            first = i
        if _ends_sentence(words, i, n):
            out.append(_sentence(text, words, starts, first, i + 1))
            first = None
    if first is not None:
        out.append(_sentence(text, words, starts, first, n))
    kept = [s for s in out if s.text and not _inside(s, skip)]
    return [Sentence(s.start, s.end, s.text, i, s.headline) for i, s in enumerate(kept)]


def _wrapped(words: list[str], i: int, n: int) -> bool:
    """A single line break inside running text (hard-wrapped wire copy): the next line
    goes on in lower case."""
    if words[i].count("\n") > 1 or i + 1 >= n:
        return False
    return words[i + 1][:1].islower()


def _inside(sent: Sentence, spans: list[tuple[int, int]]) -> bool:
    """Within one of ``spans`` (sorted, disjoint lines): found by bisection."""
    k = bisect_right(spans, (sent.start, _END)) - 1
    return k >= 0 and spans[k][0] <= sent.start and sent.end <= spans[k][1]


def _ends_sentence(words: list[str], i: int, n: int) -> bool:
    text = words[i]
    if i + 1 < n and words[i + 1] in _CLOSERS:
        return False  # the closing quote or bracket belongs to this sentence
    if text in _CLOSERS and i > 0 and words[i - 1] in _SENT_END:
        return True
    if text not in _SENT_END:
        return False
    # "U.S. officials" keeps the "." inside the token; a lone "." before a lower-case
    # word is an abbreviation the tokenizer did not know.
    return i + 1 >= n or not words[i + 1][:1].islower()


def _sentence(text: str, words: list[str], starts: list[int], first: int, end: int) -> Sentence:
    while end > first and words[end - 1].isspace():
        end -= 1
    s = starts[first]
    e = starts[end - 1] + len(words[end - 1])
    if e - s > MAX_SENTENCE_CHARS:  # run-on text (tables, lists): cap what the parser sees
        e = s + MAX_SENTENCE_CHARS
    last = words[end - 1]
    closed = last in _SENT_END or (
        last in _CLOSERS and end - 2 >= first and words[end - 2] in _SENT_END
    )
    headline = not closed and end - first <= _HEADLINE_TOKENS
    return Sentence(s, e, text[s:e], headline=headline)

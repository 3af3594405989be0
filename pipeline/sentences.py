"""Paragraph and sentence splitting, rule-based and offline (no model, nothing downloaded).

The same splitter feeds the summariser and the translator, so it errs on the side of *not*
splitting: a full stop after an abbreviation ("z.B.", "Dr.", "т.е.", "U.S."), an initial
("V. Putin"), a number-abbreviation before a number ("Nr. 5"), or an ordinal in languages that
write ordinals with a dot ("am 20. September") is not a boundary, and neither is any stop followed
by a lower-case word (except in Georgian, written without capitals). Closing quotes and brackets
after the stop stay with their sentence.
Paragraph breaks (blank lines) are always boundaries; single line breaks are spaces.

Text scraped without its paragraph breaks often glues sentences together ("the community.Dr
Venter said"): a stop between a lower-case word and a capitalised one ("community.Dr") is a
boundary too, under the same abbreviation rules ("Prof.Smith" is not; "U.S.Army", "St.Petersburg"
and "ASP.NET" never look glued), unless the next word is part of an address (@ or /) or the last
word of the paragraph (the outlet "Kostroma.Today").

Terminators: . ! ? … and runs of them, Armenian ։ (and ":" in Armenian text, where it is the usual
stand-in), Arabic ؟ and ۔, Devanagari ।, Ethiopic ።, and CJK 。！？ (which need no following space).
"""

from __future__ import annotations

import re
import unicodedata

from .langs import LanguageInfo, language_info
from .words import GEORGIAN_LETTER

_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


def is_unspaced(token: str) -> bool:
    """True for a run of letters in a script written without spaces between words (Chinese,
    Japanese, Thai ...): one such token may be a whole sentence."""
    head = token[:3]
    if len(token) < 2 or all(ord(ch) < 0x0E00 for ch in head):  # Latin, Cyrillic, Arabic, Indic ...: spaced
        return False
    return any(unicodedata.name(ch, "").startswith(_UNSPACED_SCRIPTS) for ch in head)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SPACES = re.compile(r"\s+")

_CLOSERS = "\"'”“’‘»«›‹)]}」』】"
_OPENERS = "\"'“”‘’«»‹›([{„‚¿¡「『【—–-"
_WIDE_STOPS = "。！？"
_STOPS = ".!?…։؟۔।።" + _WIDE_STOPS

# Abbreviations that often end a sentence too ("... and so on etc. The next"): a boundary when the
# next word is capitalised.
_MAY_END_SENTENCE = frozenset("etc usw u.s.w т.д т.п др ee.uu atd osv enz ecc".split())

_PREVIOUS_TOKEN = re.compile(r"(\S+)$")
_WINDOW = 100  # characters read either side of a stop (longer tokens are not abbreviations or initials)
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
_ROMAN = re.compile(r"[IVXLC]{2,7}")
_DOTTED_INITIALS = re.compile(r"(?:\w\.)+\w", re.UNICODE)


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with runs of whitespace collapsed to one space."""
    paragraphs = (_SPACES.sub(" ", block).strip() for block in _PARAGRAPH_BREAK.split(text or ""))
    return [p for p in paragraphs if p]


# A stop glued between a word and the next one: "community.Dr", "wasted.\"Life", "so?But".
_GLUED = re.compile(r"(?<=[^\W\d_]{2}|[^\W\d_][\x22”’»)])([.!?…]+)([\x22”’»)]?)(?=[^\W\d_])")
_QUOTES = "\x22”’»)"


def _unglue(paragraph: str, info: LanguageInfo) -> str:
    """``paragraph`` with a space at each glued sentence boundary."""
    out: list[str] = []
    start = 0
    for match in _GLUED.finditer(paragraph):
        before, rest = _around(paragraph, match.start(), match.end())
        if not before.rstrip(_QUOTES)[-2:].islower():
            continue
        if not (rest[:1].isupper() and (rest[1:2].islower() or rest[:1] in "AI" and rest[1:2] == " ")):
            continue  # "ASP.NET", "Node.JS": not a sentence start
        word = _NEXT_TOKEN.match(paragraph, match.end())
        if word is None or "@" in word.group(1) or "/" in word.group(1):
            continue  # an address: "john.Smith@example.com", "example.Com/page"
        if _NEXT_TOKEN.match(paragraph, word.end()) is None:
            continue  # one word to the end: a name such as "Kostroma.Today", not a sentence
        if not _is_boundary(before, rest, match.group(1), info):
            continue
        # a straight quote glued on both sides ('wasted."Life') is ambiguous; in news copy that lost
        # its paragraph breaks it nearly always opens the next paragraph's quotation (XSum: 1,062 to 3)
        cut = match.start(2) if match.group(2) == '"' else match.end()
        out.append(paragraph[start:cut])
        start = cut
    if not out:
        return paragraph
    return " ".join(out) + " " + paragraph[start:]


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text`` in document order, whitespace-normalised; never empty strings."""
    info = language_info(lang)
    stops = _STOPS + (":" if info.code == "hy" else "")
    terminator = re.compile(
        f"([{re.escape(stops)}]+)((?:[ \u00a0\u202f][»›\x22”])?[{re.escape(_CLOSERS)}]*)(?=\\s|$)"
        f"|([{_WIDE_STOPS}]+)([{re.escape(_CLOSERS)}]*)"
    )
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        sentences.extend(_split_paragraph(_unglue(paragraph, info), info, terminator))
    return sentences


def _split_paragraph(paragraph: str, info: LanguageInfo, terminator: re.Pattern[str]) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in terminator.finditer(paragraph):
        end = match.end()
        stop = match.group(1) or match.group(3)
        if _NEXT_TOKEN.match(paragraph, end) is None:
            break  # only spaces to the end
        if not _is_boundary(*_around(paragraph, match.start(), end), stop, info):
            continue
        pieces.append(paragraph[start:end].strip())
        start = end
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]


def _around(paragraph: str, start: int, end: int) -> tuple[str, str]:
    """The text just before ``start`` and just after ``end``: enough for the tokens on either side
    of a stop. (Slicing to the paragraph's ends made a 750 KB paragraph take minutes.)"""
    return paragraph[max(0, start - _WINDOW):start], paragraph[end:end + _WINDOW]


def _is_boundary(before: str, rest: str, stop: str, info: LanguageInfo) -> bool:
    next_match = _NEXT_TOKEN.match(rest)
    if next_match is None:
        return True
    next_token = next_match.group(1)
    if not next_token.strip("\"”’»)]}.,;:"):
        return False  # only closing punctuation follows: it belongs to this sentence
    first = next_token.lstrip(_OPENERS)[:1] or next_token[:1]
    if first.islower() and not GEORGIAN_LETTER.match(first):
        return False
    if stop == ":" and not first.isupper():
        return False  # Armenian ":" only before a capitalised word
    if stop != ".":
        return True
    previous = _PREVIOUS_TOKEN.search(before)
    if previous is None:
        return True
    token = previous.group(1).lstrip(_OPENERS)
    if not token:
        return True
    lower = token.lower()
    if token in info.number_abbreviations or lower in info.number_abbreviations:
        if first.isdigit():
            return False
    if token in info.abbreviations or lower in info.abbreviations:
        return lower in _MAY_END_SENTENCE and first.isupper()
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "V. Putin", "J. R. R. Tolkien", "т. е."
    if _DOTTED_INITIALS.fullmatch(token):
        return False  # "U.S", "e.g", "z.B", "т.е" not in the list
    if info.ordinal_dot and (token.isdigit() and len(token) <= 3 or _ROMAN.fullmatch(token)):
        return False  # "am 20. September", "3. Okt.", "20. yüzyıl", "Carl XVI. Gustaf"
    return True

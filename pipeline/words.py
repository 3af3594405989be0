"""Words in text: letters together with the combining marks written on them.

Python's ``\\w`` and ``[^\\W\\d_]`` leave out combining marks (Unicode category M): the vowel
signs of Devanagari, Bengali, Tamil and the other Indic scripts, Thai and Myanmar signs, Arabic
and Hebrew points, and decomposed accents. ``r"\\w+"`` cuts Hindi "मुझे" (to me) into "म" and "झ",
so word lists and stemmers saw fragments. These patterns keep a word whole.
"""

from __future__ import annotations

import re
import unicodedata


def _mark_class() -> str:
    """A regex character class body for every combining mark of the Basic Multilingual Plane
    (about 1,300 code points; computed in a few milliseconds from the running Unicode tables)."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


MARKS = _mark_class()
# a letter, then letters and marks ("मुझे", "naïve" decomposed)
LETTERS = rf"[^\W\d_](?:[^\W\d_]|[{MARKS}])*"
# \w (letters, digits, underscore) and marks: sumy's tokens
WORD_CHARACTERS = rf"(?:\w|[{MARKS}])+"
# Georgian (Mkhedruli) has no capitals in running text, though Unicode files its letters as lower
# case: a word in it may start a sentence, and a name in it starts "lower case".
GEORGIAN_LETTER = re.compile("[\u10d0-\u10ff]")

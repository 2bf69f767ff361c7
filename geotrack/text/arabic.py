"""Script tests and the attached prefixes of Arabic words: the one home of "is this Arabic?".

Arabic here is the Unicode block U+0600–U+06FF (letters, marks, Arabic-Indic digits and punctuation),
the block every Arabic spelling of the gazetteer and of news text is written in.
"""

from __future__ import annotations

import re
from typing import Final

#: First and last code point of the Arabic block.
ARABIC_FIRST: Final = "\u0600"
ARABIC_LAST: Final = "\u06ff"
#: The Arabic block as a character class, for regular expressions.
ARABIC_CLASS: Final = "[\u0600-\u06ff]"


_ARABIC_RE: Final = re.compile(ARABIC_CLASS)


def is_arabic(s: str) -> bool:
    """True when ``s`` holds at least one character of the Arabic block."""
    if s.isascii():
        return False  # (a flag of the string: no scan)
    if ARABIC_FIRST <= s[0] <= ARABIC_LAST:
        return True  # (an Arabic word starts with an Arabic letter: no search)
    return _ARABIC_RE.search(s) is not None


#: The article and the prefixes that attach before it (و "and", ف "so", ب "in", ك "like", ل "to").
AL_PREFIXES: Final = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "فكال"})
#: Prefixes that attach to a name written without the article (and the empty prefix).
PLAIN_PREFIXES: Final = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
#: Short names (three letters or fewer) take fewer prefixes: فسرت, كسرت are verbs, لغات "languages".
SHORT_PREFIXES: Final = frozenset({"", "و", "ب", "وب"})
#: Attached prefixes that are prepositions (ب "in/at", ل "to/for").
PREPOSITION_PREFIXES: Final = frozenset({"ب", "ل", "وب", "ول", "فب", "فل", "بال", "لل", "وبال", "ولل", "فبال", "فلل"})
#: The one-letter prefixes that attach before a cue word or a country name.
ONE_LETTER_PREFIXES: Final = "وبلفك"

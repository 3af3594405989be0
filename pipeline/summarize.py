"""Extractive summaries: which sentences of a document to keep.

Built on sumy's summarisers, fed with our own document objects (sumy ``ObjectDocumentModel`` /
``Paragraph`` / ``Sentence``) and our own tokenizer, so NLTK and its downloaded data are never
needed. Words are stemmed with the language's snowball stemmer (none when there is no stemmer)
and stop words come from ``langs.stop_words`` (sumy's list, else stopwordsiso); for a language
with neither, words found in a large share of the sentences are treated as stop words.

``"default"`` was chosen on news with reference summaries in six languages, checked by leaving
one set out (benchmarks/summary_tuning.py, benchmarks/RESULTS.summaries.md): a position prior (news
puts the key facts first: a decaying prior plus a bonus for the first sentence) plus LexRank and
TextRank centrality plus, when the caller passes the
document's title, the overlap of each sentence with the title (stems without stop words); the sum
is scaled down for short sentences (captions, datelines), and picking skips a sentence too similar
to one already picked.
Boilerplate sentences (``boilerplate.is_boilerplate``) are never picked, by any algorithm.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from .boilerplate import is_boilerplate
from .errors import ConfigError
from .langs import language_info, stemmer, stop_words
from .sentences import is_unspaced
from .words import WORD_CHARACTERS

ALGORITHMS: tuple[str, ...] = ("default", "lead", "lexrank", "textrank", "lsa", "luhn", "edmundson")


@dataclass(frozen=True)
class Weights:
    """Weights of the default scorer. Chosen on 8 news sets in 6 languages (English, German, Czech,
    Spanish, French, Portuguese) by the rule "best mean margin over Lead-3, never below LexRank",
    and checked leaving one set out (benchmarks/summary_tuning.py, RESULTS.summaries.md): weights
    tuned on English alone had fallen 0.9 below LexRank on Czech."""

    position_decay: float = 0.2  # prior(i) = exp(-position_decay * i), i = rank among eligible sentences
    first_sentence_bonus: float = 0.5  # news leads: the first sentence usually states the story
    lexrank: float = 2.0  # weight of max-normalised LexRank centrality
    textrank: float = 0.5  # weight of max-normalised TextRank centrality (a second view of the same)
    title: float = 2.0  # weight of the cosine between the sentence's and the title's stem sets
    redundancy: float = 0.5  # skip a sentence whose stem-set cosine with a picked one is higher


DEFAULT_WEIGHTS = Weights()
MAX_CANDIDATES = 400  # only the first 400 sentences are ranked: news puts what matters first, and the graphs are quadratic
SHORT_SENTENCE_WORDS = 6  # sentences with fewer words (captions, datelines) are scaled down ...
SHORT_SENTENCE_FACTOR = 0.3  # ... by this factor (a cliff, not a slope: words per sentence vary by language)

_WORD = re.compile(WORD_CHARACTERS)  # with combining marks: "मुझे" is one token, not "म", "झ"


def summary_length(n_sentences: int, n_words: int) -> int:
    """How many sentences to keep: 1 for a short note, up to 5 for a long report (never more than there are)."""
    if n_sentences <= 0:
        return 0
    if n_sentences <= 3 or n_words < 80:
        wanted = 1
    elif n_sentences <= 8 or n_words < 250:
        wanted = 2
    elif n_sentences <= 20 or n_words < 600:
        wanted = 3
    elif n_sentences <= 40 or n_words < 1200:
        wanted = 4
    else:
        wanted = 5
    return min(wanted, n_sentences)


def summarize(
    sentences: Sequence[str],
    lang: str,
    *,
    count: int | None = None,
    algorithm: str = "default",
    title: str | None = None,
) -> list[int]:
    """Sorted indices into ``sentences`` of the summary; ``count=None`` uses ``summary_length``.

    ``title`` (the document's headline, if any) is used by the ``"default"`` algorithm only: sentences
    sharing its content words score higher. A title that shares no word (a file name, another
    language) changes nothing.

    Never raises for a language (unknown codes use no stemmer and frequency-based stop words);
    raises ConfigError only for an unknown ``algorithm``. Boilerplate sentences are never chosen,
    so fewer than ``count`` indices come back when there are not enough other sentences. Only the
    first ``MAX_CANDIDATES`` sentences are candidates, so a 50,000-sentence file costs no more than a
    long report.
    """
    if algorithm not in ALGORITHMS:
        raise ConfigError(f"unknown summary algorithm {algorithm!r}; valid: {', '.join(ALGORITHMS)}")
    candidates = sentences[:MAX_CANDIDATES]
    eligible = [i for i, s in enumerate(candidates) if s and s.strip() and not is_boilerplate(s)]
    if count is None:
        n_words = sum(len(_WORD.findall(sentences[i])) for i in eligible)
        count = summary_length(len(eligible), n_words)
    count = max(0, min(count, len(eligible)))
    if count == 0:
        return []
    if count == len(eligible) or algorithm == "lead":
        return eligible[:count]
    texts = [sentences[i] for i in eligible]
    analyser = _Analyser(lang, texts)
    if algorithm == "default":
        picked = _default(analyser, count, title)
    else:
        scores = analyser.sumy_scores(algorithm)
        picked = sorted(range(len(texts)), key=lambda j: (-scores[j], j))[:count]
    return sorted(eligible[j] for j in picked)


class _Tokenizer:
    """sumy's tokenizer interface (``to_words``) without NLTK: word characters, or single
    characters of scripts written without spaces (Chinese, Japanese, Thai ...)."""

    def __init__(self, by_character: bool) -> None:
        self.by_character = by_character

    def to_words(self, text: str) -> tuple[str, ...]:
        words: list[str] = []
        for token in _WORD.findall(text):
            if self.by_character or is_unspaced(token):
                words.extend(token)
            else:
                words.append(token)
        return tuple(words)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)


class _Analyser:
    """Per-document state shared by the scorers: sumy document, stemmer, stop words, stem sets."""

    def __init__(self, lang: str, texts: list[str]) -> None:
        info = language_info(lang)
        self.tokenizer = _Tokenizer(by_character=not info.spaces_between_words)
        self.stem: Callable[[str], str] = stemmer(lang)
        words_per_sentence = [[w.lower() for w in self.tokenizer.to_words(t)] for t in texts]
        self.stop_words = stop_words(lang) or _frequent_words(words_per_sentence)
        self.stem_sets = [
            frozenset(self.stem(w) for w in words if w not in self.stop_words and not w.isdigit())
            for words in words_per_sentence
        ]
        self.word_counts = [len(words) for words in words_per_sentence]
        # One paragraph per sentence: Edmundson's location method then rewards the first sentence.
        self.document = ObjectDocumentModel(
            [Paragraph([Sentence(t, self.tokenizer)]) for t in texts]
        )

    def sumy_scores(self, algorithm: str) -> list[float]:
        """One score per sentence from a sumy summariser (higher is better)."""
        n = len(self.document.sentences)
        summarizer = self._summarizer(algorithm)
        captured: dict[int, float] = {}

        def capture(infos):  # sumy calls this with all sentences, best first
            for info in infos:
                rating = float(info.rating)
                captured[info.order] = rating if math.isfinite(rating) else 0.0
            return infos

        with numpy.errstate(all="ignore"):  # a degenerate graph yields NaN ratings, mapped to 0
            summarizer(self.document, capture)
        return [captured.get(i, 0.0) for i in range(n)]

    def _summarizer(self, algorithm: str):
        classes = {
            "lexrank": _LexRank,
            "textrank": _TextRank,
            "lsa": LsaSummarizer,
            "luhn": LuhnSummarizer,
        }
        if algorithm == "edmundson":
            summarizer = EdmundsonSummarizer(self.stem, cue_weight=0.0, key_weight=1.0, title_weight=0.0, location_weight=1.0)
            summarizer.bonus_words = self._key_words() or {"\x00"}
            summarizer.stigma_words = {"\x00"}
            summarizer.null_words = self.stop_words or {"\x00"}
            return summarizer
        summarizer = classes[algorithm](self.stem)
        summarizer.stop_words = self.stop_words
        return summarizer

    def _key_words(self, n: int = 10) -> list[str]:
        counts = Counter(w.lower() for s in self.document.sentences for w in s.words)
        return [w for w, _ in counts.most_common() if w not in self.stop_words and not w.isdigit()][:n]

    def title_similarity(self, title: str | None) -> list[float]:
        """Cosine between each sentence's stem set and the title's (0 without a title)."""
        words = [w.lower() for w in self.tokenizer.to_words(title or "")]
        stems = frozenset(self.stem(w) for w in words if w not in self.stop_words and not w.isdigit())
        if not stems:
            return [0.0] * len(self.stem_sets)
        return [_cosine(s, stems) for s in self.stem_sets]


class _LexRank(LexRankSummarizer):
    """sumy's LexRank with its similarity matrix built by one matrix product instead of sumy's
    Python loop over every pair of sentences (400 sentences: 1.4 s of the summary's 2.1 s).
    The cosines are sumy's formula; only the order of the additions differs."""

    @staticmethod
    def _compute_idf(sentences):
        n = len(sentences)
        document_frequency = Counter(term for words in sentences for term in set(words))
        return {term: math.log(n / (1 + df)) for term, df in document_frequency.items()}

    def _create_matrix(self, sentences, threshold, tf_metrics, idf_metrics):
        columns = {term: k for k, term in enumerate(idf_metrics)}
        tf_idf = numpy.zeros((len(sentences), len(columns)))
        for row, tf in enumerate(tf_metrics):
            for term, value in tf.items():
                tf_idf[row, columns[term]] = value * idf_metrics[term]
        norms = numpy.sqrt((tf_idf**2).sum(axis=1))
        denominators = numpy.outer(norms, norms)
        cosines = numpy.divide(tf_idf @ tf_idf.T, denominators, out=numpy.zeros_like(denominators),
                               where=denominators > 0)
        matrix = (cosines > threshold).astype(float)
        degrees = matrix.sum(axis=1)
        degrees[degrees == 0] = 1
        return matrix / degrees[:, numpy.newaxis]


class _TextRank(TextRankSummarizer):
    """sumy's TextRank with its edge weights (shared words over the sum of the log lengths) built
    by one matrix product instead of sumy's Python loop over every pair: the same numbers exactly."""

    def _create_matrix(self, document):
        sentences_as_words = [self._to_words_set(sentence) for sentence in document.sentences]
        n = len(sentences_as_words)
        columns: dict[str, int] = {}
        counts = [Counter(columns.setdefault(w, len(columns)) for w in words) for words in sentences_as_words]
        occurrences = numpy.zeros((n, len(columns)))
        for row, counter in enumerate(counts):
            for column, count in counter.items():
                occurrences[row, column] = count
        shared = occurrences @ occurrences.T  # sum(words2.count(w) for w in words1), exact in floats
        logs = numpy.array([math.log(len(words)) if words else 0.0 for words in sentences_as_words])
        norms = logs[:, numpy.newaxis] + logs[numpy.newaxis, :]
        # sumy: 0 without shared words; the count itself when both sentences are one word long (norm 0)
        weights = numpy.divide(shared, norms, out=shared.copy(), where=norms != 0)
        weights /= weights.sum(axis=1)[:, numpy.newaxis] + self._ZERO_DIVISION_PREVENTION
        return numpy.full((n, n), (1.0 - self.damping) / n) + self.damping * weights


def _frequent_words(words_per_sentence: list[list[str]]) -> frozenset[str]:
    """Stop words for a language without a list: words in at least 40% of (3 or more) sentences."""
    n = len(words_per_sentence)
    if n < 3:
        return frozenset()
    document_frequency = Counter(w for words in words_per_sentence for w in set(words))
    return frozenset(w for w, df in document_frequency.items() if df >= max(3, 0.4 * n))


def _max_normalised(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top for v in values] if top > 0 else [0.0 for _ in values]


@dataclass(frozen=True)
class _Features:
    """What the default scorer reads of each sentence (computed once per document)."""

    lexrank: list[float]  # max-normalised
    textrank: list[float]  # max-normalised
    title_overlap: list[float]
    word_counts: list[int]
    stem_sets: list[frozenset[str]]


def _features(analyser: _Analyser, title: str | None) -> _Features:
    return _Features(
        lexrank=_max_normalised(analyser.sumy_scores("lexrank")),
        textrank=_max_normalised(analyser.sumy_scores("textrank")),
        title_overlap=analyser.title_similarity(title),
        word_counts=analyser.word_counts,
        stem_sets=analyser.stem_sets,
    )


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _default(analyser: _Analyser, count: int, title: str | None) -> list[int]:
    return _pick(_features(analyser, title), count, DEFAULT_WEIGHTS)


def _pick(features: _Features, count: int, weights: Weights) -> list[int]:
    """Position prior + LexRank and TextRank centrality + title overlap, scaled down for short
    sentences; greedy picking that skips sentences redundant with those already picked."""
    scores = []
    for j in range(len(features.lexrank)):
        score = math.exp(-weights.position_decay * j) + (weights.first_sentence_bonus if j == 0 else 0.0)
        score += weights.lexrank * features.lexrank[j] + weights.textrank * features.textrank[j]
        score += weights.title * features.title_overlap[j]
        if features.word_counts[j] < SHORT_SENTENCE_WORDS:
            score *= SHORT_SENTENCE_FACTOR
        scores.append(score)
    order = sorted(range(len(scores)), key=lambda j: (-scores[j], j))
    stems = features.stem_sets
    picked: list[int] = []
    for j in order:
        if all(_cosine(stems[j], stems[k]) <= weights.redundancy for k in picked):
            picked.append(j)
            if len(picked) == count:
                return picked
    for j in order:  # not enough distinct sentences: fill up with the best remaining
        if j not in picked:
            picked.append(j)
            if len(picked) == count:
                break
    return picked

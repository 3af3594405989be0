"""Per-document analysis: language (per paragraph), sentences, summary. No translation here."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.config import Settings
from pipeline.documents import Document
from pipeline.language import UNDETERMINED, Detection, detect_document
from pipeline.sentences import split_sentences
from pipeline.summarize import summarize


MAX_SENTENCE_CHARS = 600  # longer "sentences" (lists, a 5 MB line) are cut at spaces: bounded translation cost
DETECTION_CHARS = 4000


def bounded(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Cut an overlong sentence into pieces of at most `limit` characters, at spaces where possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int
    lang: str


@dataclass(frozen=True)
class Analysis:
    title: str
    title_lang: str
    lang: str
    probability: float
    sentences: tuple[Sentence, ...]
    summary: tuple[int, ...]  # positions in `sentences`

    @property
    def languages(self) -> list[str]:
        """Source languages present, most frequent first."""
        counts: dict[str, int] = {}
        for sentence in self.sentences:
            counts[sentence.lang] = counts.get(sentence.lang, 0) + 1
        return sorted(counts, key=lambda code: -counts[code])

    def summary_sentences(self) -> list[Sentence]:
        return [self.sentences[i] for i in self.summary]


# langdetect, sumy and the detectors keep module-level state that is not safe to share between
# threads (an IndexError on 10 of 10,000 files in CI); the work is CPU-bound under the GIL anyway,
# so one analysis at a time per process costs nothing. Dask workers are separate processes.
_ANALYSIS_LOCK = threading.Lock()


def analyse(document: Document, settings: Settings) -> Analysis:
    """Detect the language of the document and of each paragraph, split sentences, pick the summary."""
    with _ANALYSIS_LOCK:
        return _analyse(document, settings)


def _analyse(document: Document, settings: Settings) -> Analysis:
    # The first few thousand letters of a paragraph decide its language; a 5 MB line needs no more.
    whole, detections = detect_document([p[:DETECTION_CHARS] for p in (*document.paragraphs, document.title)])
    *paragraph_langs, title_detection = detections
    document_detection = _document_language(document, whole, paragraph_langs, settings)
    lang = document_detection[0]
    sentences: list[Sentence] = []
    for number, (paragraph, detection) in enumerate(zip(document.paragraphs, paragraph_langs)):
        # a paragraph the detector is not sure of (below the same threshold as the document) is
        # read in the document's language, or left undetermined with it: never translated on a guess
        sure = detection.lang != UNDETERMINED and detection.probability >= settings.min_language_probability
        paragraph_lang = detection.lang if sure else lang
        for text in split_sentences(paragraph, paragraph_lang if paragraph_lang != UNDETERMINED else "xx"):
            sentences.extend(Sentence(piece, number, paragraph_lang) for piece in bounded(text))
    count = settings.summary.sentences or None
    summary_lang = lang if lang != UNDETERMINED else "xx"
    indices = summarize([s.text for s in sentences], summary_lang, count=count, algorithm=settings.summary.algorithm,
                        title=document.title)
    title_lang = title_detection.lang if title_detection.lang != UNDETERMINED else lang
    return Analysis(document.title, title_lang, lang, document_detection[1], tuple(sentences), tuple(indices))


def _document_language(document: Document, whole: Detection, detections: list[Detection],
                       settings: Settings) -> tuple[str, float]:
    """The document's language: detected on its whole text (a quoted paragraph does not change it),
    else the language of most of its letters; `und` if the detector is not sure enough."""
    if whole.lang != UNDETERMINED:
        if whole.probability < settings.min_language_probability:
            return UNDETERMINED, round(whole.probability, 4)
        return whole.lang, round(whole.probability, 4)
    weights: dict[str, float] = {}
    for paragraph, detection in zip(document.paragraphs, detections):
        if detection.lang != UNDETERMINED:
            weights[detection.lang] = weights.get(detection.lang, 0.0) + len(paragraph) * detection.probability
    if not weights:
        return UNDETERMINED, 0.0
    best = max(weights, key=lambda code: weights[code])
    share = weights[best] / sum(len(p) for p in document.paragraphs)
    return (best, round(share, 4)) if share >= settings.min_language_probability else (UNDETERMINED, round(share, 4))


def to_dict(analysis: Analysis) -> dict[str, Any]:
    return asdict(analysis)


def from_dict(data: dict[str, Any]) -> Analysis:
    return Analysis(
        title=data["title"],
        title_lang=data["title_lang"],
        lang=data["lang"],
        probability=data["probability"],
        sentences=tuple(Sentence(**s) for s in data["sentences"]),
        summary=tuple(data["summary"]),
    )

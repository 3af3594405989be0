"""Summaries pick lead and central sentences, never boilerplate, for any language."""

import pytest

from pipeline.errors import ConfigError
from pipeline.summarize import ALGORITHMS, summarize, summary_length

ARTICLE = [
    "The city council approved a plan on Tuesday to build 500 new homes near the river.",
    "The homes will be built on former industrial land and finished by 2026, the council said.",
    "Share on Facebook",
    "Mayor Anna Berg said the river homes would ease the city's housing shortage.",
    "The weather was sunny.",
    "Critics said the plan for the river homes ignored flood risks on the industrial land.",
    "Your email address will not be published. Required fields are marked *",
    "A local bakery celebrated its tenth anniversary with free cakes.",
]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_picks_are_sorted_respect_count_and_skip_boilerplate(algorithm):
    picked = summarize(ARTICLE, "en", count=3, algorithm=algorithm)
    assert len(picked) == 3
    assert picked == sorted(picked)
    assert 2 not in picked and 6 not in picked


def test_default_picks_lead_and_central_sentences():
    picked = summarize(ARTICLE, "en", count=2)
    assert picked[0] == 0
    assert not {4, 7} & set(picked)


def test_lead_takes_the_first_eligible_sentences():
    assert summarize(ARTICLE, "en", count=3, algorithm="lead") == [0, 1, 3]


def test_adaptive_length():
    assert summary_length(2, 30) == 1
    assert summary_length(30, 900) == 4
    assert summary_length(100, 3000) == 5
    assert summary_length(0, 0) == 0
    assert len(summarize(ARTICLE, "en")) == 1  # six eligible sentences, under 80 words: a short note


def test_count_larger_than_document_and_empty_input():
    assert summarize(["Only one sentence here."], "en", count=5) == [0]
    assert summarize([], "en") == []
    assert summarize(["Leave a Reply"], "en", count=1) == []


def test_unknown_algorithm_names_valid_ones():
    with pytest.raises(ConfigError, match="lexrank"):
        summarize(ARTICLE, "en", algorithm="magic")


FOREIGN = {
    "ru": ["Правительство утвердило новый бюджет во вторник.", "Расходы на школы вырастут на 4% в следующем году.",
           "Оппозиция раскритиковала бюджет за рост долга.", "Поделиться", "Погода была солнечной."],
    "tr": ["Hükümet salı günü yeni bütçeyi onayladı.", "Okul harcamaları gelecek yıl yüzde 4 artacak.",
           "Muhalefet bütçeyi borç artışı nedeniyle eleştirdi.", "Hava güneşliydi."],
    "hy": ["Կառավարությունը երեքշաբթի հաստատեց նոր բյուջեն։", "Դպրոցների ծախսերը կավելանան 4 տոկոսով։",
           "Ընդդիմությունը քննադատեց բյուջեն։", "Եղանակը արևոտ էր։"],
    "az": ["Hökumət çərşənbə axşamı yeni büdcəni təsdiqlədi.", "Məktəb xərcləri gələn il 4 faiz artacaq.",
           "Müxalifət büdcəni tənqid etdi.", "Hava günəşli idi."],
    "ka": ["მთავრობამ სამშაბათს ახალი ბიუჯეტი დაამტკიცა.", "სკოლების ხარჯები 4 პროცენტით გაიზრდება.",
           "ოპოზიციამ ბიუჯეტი გააკრიტიკა.", "ამინდი მზიანი იყო."],
    "zh": ["政府周二批准了新预算。", "学校支出明年将增长百分之四。", "反对派批评了预算。", "天气晴朗。"],
    "ar": ["وافقت الحكومة على الميزانية الجديدة يوم الثلاثاء.", "ستزيد نفقات المدارس بنسبة 4 في المئة.",
           "انتقدت المعارضة الميزانية.", "كان الطقس مشمسا."],
}


@pytest.mark.parametrize("lang", sorted(FOREIGN))
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_any_language_works(lang, algorithm):
    picked = summarize(FOREIGN[lang], lang, count=2, algorithm=algorithm)
    assert len(picked) == 2 and picked == sorted(picked)
    assert all(0 <= i < len(FOREIGN[lang]) for i in picked)
    if lang == "ru":
        assert 3 not in picked


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_default_keeps_the_lead_in_any_language(lang):
    assert summarize(FOREIGN[lang], lang, count=1) == [0]


def test_title_steers_the_default_and_a_useless_title_changes_nothing():
    without = summarize(ARTICLE, "en", count=2)
    assert summarize(ARTICLE, "en", count=2, title="doc_0042") == without
    assert summarize(ARTICLE, "en", count=2, title="") == without
    assert summarize(ARTICLE, "en", count=2, title="Критики: наводнения") == without
    critics = summarize(ARTICLE, "en", count=2, title="Critics warn of flood risks on industrial land")
    assert 5 in critics and 0 in critics


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_title_in_any_language_never_raises(lang):
    picked = summarize(FOREIGN[lang], lang, count=2, title=FOREIGN[lang][2])
    assert len(picked) == 2 and picked == sorted(picked)


def _seed_sentences(name: str, lang: str) -> list[str]:
    from pathlib import Path

    from pipeline.sentences import split_paragraphs, split_sentences

    text = (Path(__file__).parent.parent / "seeds" / name).read_text(encoding="utf-8")
    return [s for p in split_paragraphs(text) for s in split_sentences(p, lang)]


GRAPH_DOCUMENTS = {
    "en seed": (_seed_sentences("ceasefire-2023-09-20.en.txt", "en"), "en"),
    "ru seed": (_seed_sentences("ceasefire-2023-09-20.ru.txt", "ru"), "ru"),
    "hy seed": (_seed_sentences("ceasefire-2023-09-20.hy.txt", "hy"), "hy"),
    "article": (ARTICLE, "en"),
    "zh": (FOREIGN["zh"], "zh"),
    # one-word sentences (TextRank's norm is 0), sentences of stop words only (no terms at all),
    # repeated words, and duplicate sentences
    "edge cases": (["Ceasefire.", "Ceasefire.", "The and of.", "Talks talks talks resumed.", "It is.",
                    "Talks resumed in Baku on Thursday.", "Talks resumed in Baku on Thursday."], "en"),
}


@pytest.mark.parametrize("name", sorted(GRAPH_DOCUMENTS))
def test_graph_matrices_are_sumys(name):
    """Our vectorised LexRank and TextRank matrices equal sumy's own pairwise loops."""
    import numpy
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    from pipeline.summarize import _Analyser, _LexRank, _TextRank

    sentences, lang = GRAPH_DOCUMENTS[name]
    analyser = _Analyser(lang, sentences)
    ours, theirs = _TextRank(analyser.stem), TextRankSummarizer(analyser.stem)
    ours.stop_words = theirs.stop_words = analyser.stop_words
    assert numpy.array_equal(ours._create_matrix(analyser.document), theirs._create_matrix(analyser.document))

    ours, theirs = _LexRank(analyser.stem), LexRankSummarizer(analyser.stem)
    ours.stop_words = theirs.stop_words = analyser.stop_words
    words = [theirs._to_words_set(s) for s in analyser.document.sentences]
    tf = theirs._compute_tf(words)
    idf = theirs._compute_idf(words)
    assert ours._compute_idf(words) == idf
    expected = theirs._create_matrix(words, theirs.threshold, tf, idf)
    assert expected.any()
    assert numpy.allclose(ours._create_matrix(words, ours.threshold, tf, idf), expected, rtol=0, atol=1e-12)


def test_only_the_first_sentences_are_candidates():
    """A 5,000-sentence file is ranked on its first MAX_CANDIDATES sentences, like the pipeline does."""
    from pipeline.summarize import MAX_CANDIDATES

    filler = [f"Delegates from region {n} met in hall {n % 7} to discuss the harvest." for n in range(5000)]
    long = ARTICLE + filler
    long[MAX_CANDIDATES + 50] = "Critics warn of flood risks on the industrial land near the river homes."
    picked = summarize(long, "en", count=3, title="Critics warn of flood risks on industrial land")
    assert picked == summarize(long[:MAX_CANDIDATES], "en", count=3, title="Critics warn of flood risks on industrial land")
    assert all(i < MAX_CANDIDATES for i in picked) and 0 in picked

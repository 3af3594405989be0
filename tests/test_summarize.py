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

"""Page furniture is recognised in several languages; article sentences are kept."""

import base64

import pytest

from pipeline.boilerplate import is_boilerplate, strip_boilerplate, strip_share_bar


@pytest.mark.parametrize(
    "text",
    [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "We use cookies to improve your experience. Accept all cookies",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Home | News | Sport | Weather",
        "By Jane Doe",
        "Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "Diese Website verwendet Cookies.",
        "Votre adresse e-mail ne sera pas publiée.",
        "Tu dirección de correo electrónico no será publicada.",
        "Ваш адрес email не будет опубликован. Обязательные поля помечены *",
        "Автор: Иван Петров",
        "E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir",
        "Tüm hakları saklıdır.",
        # the seed reports' own languages: Azerbaijani, Armenian (։ ends its sentences), Georgian
        "© 2023 Report.az. Bütün hüquqlar qorunur.",
        "Materiallardan istifadə edərkən istinad mütləqdir.",
        "E-poçt ünvanınız dərc edilməyəcək. Gərəkli sahələr * ilə işarələnmişdir",
        "Sayt kukilərdən istifadə edir.",
        "Oxşar xəbərlər",
        "Müəllif: Elnur Məmmədov",
        "Mənbə: APA",
        "© 2023 Արմենպրես։ Բոլոր իրավունքները պաշտպանված են։",
        "Նյութերն օգտագործելիս հղումը կայքին պարտադիր է։",
        "Ձեր էլ-փոստի հասցեն չի հրապարակվելու։ Պարտադիր դաշտերը նշված են *",
        "Կիսվել",
        "Կարդալ նաև",
        "Հեղինակ՝ Արամ Պետրոսյան",
        "Լուսանկարը՝ Արմենպրես",
        "ყველა უფლება დაცულია",
        "ეს საიტი იყენებს ქუქი-ფაილებს",
        "ასევე წაიკითხეთ",
        "ავტორი: ნინო ბერიძე",  # Georgian has no capitals: the name is a name all the same
        "ფოტო: IPN",
        # the commonest notices of Arabic, Persian, Hebrew, Greek, Chinese, Japanese, Korean, Hindi sites
        "جميع الحقوق محفوظة © 2023",
        "اقرأ أيضا: الحكومة تعلن",
        "کلیه حقوق این سایت محفوظ است",
        "כל הזכויות שמורות",
        "Με επιφύλαξη παντός δικαιώματος",
        "责任编辑：张三",
        "未经许可，不得转载",
        "無断転載を禁じます",
        "<저작권자 © 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "यह भी पढ़ें: सरकार ने कहा",
    ],
)
def test_boilerplate_is_recognised(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Facebook updated its privacy policy on Monday.",
        "By the end of the year, prices had risen by 5%.",
        "Von Berlin aus fliegt er nach Rom.",
        "The company said it would stop using third-party cookies next year.",
        "Он решил поделиться своим мнением.",
        "Studios say file-sharers copy films and share the files online.",
        "6.",
        "Jurnalistlər hüquqlarının qorunmasını tələb edib.",
        "Google kukilərdən istifadə edir, bildirib ekspert.",
        "Müəllif hüquqları haqqında qanun dəyişdirilib.",
        "Նա կիսվել է իր տպավորություններով լրագրողների հետ։",
        "Google-ը օգտագործում է թխուկներ գովազդի համար։",
        "Հեղինակ՝ Արամ Պետրոսյանը ներկայացրել է իր նոր գիրքը։",  # a sentence: ends with ։
        "Google იყენებს ქუქი-ფაილებს რეკლამისთვის.",
        "ავტორი ამბობს, რომ წიგნი მალე გამოვა.",
        "شارك آلاف الأشخاص في المظاهرة يوم الجمعة.",  # "took part", not "share on"
        "他说，公司对这项技术拥有版权。",  # Chinese has no spaces: a whole sentence is a "short text"
        "新华社记者报道了相关新闻发布会。",
        "관련 당국은 조사에 착수했다고 밝혔다.",
        "सरकार ने कहा कि सभी अधिकार सुरक्षित रहेंगे।",
    ],
)
def test_article_text_is_kept(text):
    assert not is_boilerplate(text)


def test_strip_boilerplate_drops_furniture_and_comment_tail():
    paragraphs = [
        "The council approved the new budget on Tuesday.",
        "Share on Facebook",
        "Spending on schools rises by 4% next year.",
        "Leave a Reply",
        "Great article, thanks!",
        "I disagree with the council.",
    ]
    assert strip_boilerplate(paragraphs) == [
        "The council approved the new budget on Tuesday.",
        "Spending on schools rises by 4% next year.",
    ]


def test_a_flattened_share_bar_is_cut_from_the_start_of_a_paragraph():
    glued = (
        "Share this withEmailFacebookMessengerMessengerTwitterPinterestWhatsAppLinkedInCopy this link"
        "The regulator said it wanted more progress on waiting times."
    )
    assert strip_share_bar(glued) == "The regulator said it wanted more progress on waiting times."
    assert strip_boilerplate([glued, "Ministers replied on Tuesday."]) == [
        "The regulator said it wanted more progress on waiting times.",
        "Ministers replied on Tuesday.",
    ]
    assert strip_boilerplate(["Share on Facebook | Share on Twitter | Copy link", "Text."]) == ["Text."]


@pytest.mark.parametrize(
    "text",
    [
        "Facebook, Twitter and WhatsApp were down for hours on Monday.",
        "Email Facebook Twitter outages hit millions of users.",  # no "share", no "copy link"
        "Shareholders of Facebook and Twitter met on Monday.",
        "Print this page to share it.",
    ],
)
def test_sentences_about_networks_are_not_share_bars(text):
    assert strip_share_bar(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Foto: dpa",
        "Photo: Reuters",
        "(Photo by John Smith/Getty Images)",
        "Фото: ТАСС",
        "Bildquelle: picture alliance",
        "Fotoğraf: AA",
        "Quelle: Statistisches Bundesamt",
        "EFE / Reuters",
        "Getty Images",
        "Image caption The protest began on Monday",
        "ampliar foto",
    ],
)
def test_picture_credits_and_captions_are_furniture(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reuters reported that talks had stalled.",
        "AFP said the talks had stalled.",
        "The photo shows the minister at the press conference.",
        "Images by NASA show a crater.",
        "Quelle der Daten ist das Statistische Bundesamt.",
        "Source: a senior official who attended the meeting said the government would fall within days.",
    ],
)
def test_sentences_naming_agencies_or_photos_are_kept(text):
    assert not is_boilerplate(text)


def test_a_credit_line_never_enters_a_summary():
    from pipeline.summarize import summarize

    sentences = [
        "Foto: dpa",
        "The government and the opposition agreed on a ceasefire on Wednesday after a day of fighting.",
        "The ceasefire took effect at noon, the defence ministry said in a statement.",
        "Getty Images",
        "Talks on the region's future are to begin in the coming days, officials said.",
    ]
    # four asked for, three sentences of article text: the credits are never used to fill up
    assert summarize(sentences, "en", count=4) == [1, 2, 4]


def test_an_armenian_page_loses_its_furniture_and_comment_section():
    paragraphs = [
        "Կիսվել",
        "Ադրբեջանը և Լեռնային Ղարաբաղի հայկական իշխանությունները սեպտեմբերի 20-ին համաձայնության են եկել հրադադարի շուրջ։",
        "Հեղինակ՝ Արամ Պետրոսյան",
        "Հրադադարն ուժի մեջ է մտել ժամը 13:00-ին, հայտնում է Արմենպրեսը։",
        "Մեկնաբանություններ",
        "Շատ վատ լուր է։",
    ]
    assert strip_boilerplate(paragraphs) == [paragraphs[1], paragraphs[3]]


BASE64 = base64.b64encode(bytes(range(256)) * 12).decode()  # 4 KB, as pasted from an e-mail


@pytest.mark.parametrize(
    "text",
    [BASE64[:600], "Attachment: " + BASE64, "3f5a9c0e1b2d4f6a8c0e1b2d4f6a8c0e1b2d4f6a8c0e1b2d 9c0e1b2d4f6a8c0e1b2d4f6a8c0e1b2d4f6a"],
)
def test_encoded_data_is_furniture(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung zahlt mehr.",
        "Source: https://www.example.org/news/2023/09/20/ceasefire-karabakh-agreed-after-fighting",
        "阿塞拜疆和亚美尼亚在纳卡地区达成停火协议，战斗持续了一天。阿塞拜疆和亚美尼亚在纳卡地区达成停火协议。",
    ],
)
def test_long_words_links_and_unspaced_scripts_are_not_data(text):
    assert not is_boilerplate(text)


def test_a_base64_attachment_never_enters_a_summary():
    from pipeline.summarize import summarize

    sentences = ["The ceasefire in Karabakh held on Thursday, officials said in Stepanakert."]
    sentences += [BASE64[i:i + 600] for i in range(0, 3000, 600)]
    sentences += ["Talks between the two delegations continue in Yevlakh on Friday."]
    assert summarize(sentences, "en", count=3) == [0, 6]


def test_the_combined_phrase_patterns_match_where_one_of_the_phrases_does():
    """_any_of shares one leading word boundary between phrases: the same texts must match."""
    import re

    from pipeline import boilerplate

    texts = [
        "Leave a Reply", "We use cookies to improve your experience.", "Share on Facebook", "Read more",
        "Ваш адрес email не будет опубликован.", "Необязательные поля помечены звёздочкой.",  # mid-word, no \b
        "Bu sitede çerezler kullanılmaktadır.", "Kommentar verfassen", "Comments (12)",
        "The council said the plan would leave a gap in the budget.", "Weiterlesen", "Tous droits réservés",
        "Officials said the ceasefire held on Thursday; share prices rose.", "Cookie policy", "x",
    ]
    for phrases, combined in ((boilerplate._STRONG, boilerplate._STRONG_RE), (boilerplate._WEAK, boilerplate._WEAK_RE),
                              (boilerplate._COMMENT_SECTION, boilerplate._COMMENT_SECTION_RE)):
        for text in texts:
            expected = any(re.search(p, text, boilerplate._FLAGS) for p in phrases)
            assert bool(combined.search(text)) == expected, (text, expected)

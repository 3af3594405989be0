"""Recognise page furniture that text extraction lets through: comment forms, cookie notices,
share buttons, navigation, bylines, newsletter prompts, copyright lines, picture credits and
captions; and encoded data (a base64 attachment pasted into a text file).

``is_boilerplate`` judges one sentence or paragraph; ``strip_boilerplate`` drops such paragraphs
and everything from the start of a comment section onwards. Patterns cover en de fr es it pt nl
ru uk tr pl az hy ka, and the commonest notices in ar fa he el zh ja ko hi. Two tiers keep real
news sentences safe: *strong* phrases ("Your email address will not be published") are
boilerplate at any length; *weak* ones ("Share on Facebook", "Read more", "All rights reserved")
only in short texts, so an article sentence that mentions a privacy policy or cookies is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .words import GEORGIAN_LETTER

_FLAGS = re.IGNORECASE | re.UNICODE

# A comment section's heading ("Comments (12)"): furniture itself, and where the section starts.
_COMMENTS_HEADING = (
    r"^\s*(comments?|kommentare|commentaires|comentarios|комментарии|yorumlar|şərhlər|մեկնաբանություններ|"
    r"კომენტარები)\s*(\(\d+\))?\s*:?\s*$"
)

# Comment forms and cookie banners: boilerplate wherever they occur.
_STRONG = [
    # en
    r"\bleave a (reply|comment|response)\b",
    r"\brequired fields are marked\b",
    r"\byour email address will not be published\b",
    r"\bsave my name, email,? and website\b",
    r"\bnotify me of (new|follow-?up) (comments|posts)\b",
    r"\bthis site uses akismet\b",
    r"\byou must be logged in to post a comment\b",
    r"\b(this|our) (web)?site uses cookies\b",
    r"\bwe use cookies\b",
    r"\bby (continuing to )?(using|browsing) (this|our) (web)?site,? you (agree|accept|consent)\b",
    r"\b(accept|allow|reject) (all )?cookies\b",
    r"\bcookie (policy|settings|preferences|consent)\b",
    r"\bcancel reply\b",
    r"\bpost comment\b",
    # de
    r"\bihre e-?mail-?adresse wird nicht veröffentlicht\b",
    r"\berforderliche felder sind (mit \*? ?)?markiert\b",
    r"\bpflichtfelder sind mit\b",
    r"\b(schreibe|hinterlasse) einen kommentar\b",
    r"\bkommentar (verfassen|schreiben|abschicken|absenden)\b",
    r"\bantworten abbrechen\b",
    r"\b(diese (web)?seite|diese website|wir) (verwendet|verwenden|nutzt|nutzen) cookies\b",
    r"\bcookies (akzeptieren|zulassen|ablehnen)\b",
    r"\bcookie-(einstellungen|richtlinie|hinweis)\b",
    # fr
    r"\bvotre adresse (e-?mail|de messagerie|courriel) ne sera pas publiée\b",
    r"\bles champs obligatoires sont indiqués\b",
    r"\blaisser un commentaire\b",
    r"\blaisser une réponse\b",
    r"\bannuler la réponse\b",
    r"\b(ce site|nous) utilis(e|ons) des cookies\b",
    r"\baccepter (les|tous les) cookies\b",
    # es / pt / it
    r"\btu (dirección de )?correo electrónico no será publicad[ao]\b",
    r"\blos campos obligatorios están marcados\b",
    r"\b(deja|dejar|publicar) un comentario\b",
    r"\bdejar una respuesta\b",
    r"\bcancelar respuesta\b",
    r"\b(este sitio( web)?|utilizamos) (utiliza )?cookies\b",
    r"\baceptar (las |todas las )?cookies\b",
    r"\bo seu endereço de e-?mail não será publicado\b",
    r"\bdeixe um comentário\b",
    r"\bil tuo indirizzo email non sarà pubblicato\b",
    r"\blascia un commento\b",
    r"\bi campi obbligatori sono contrassegnati\b",
    # nl / pl
    r"\bje e-?mailadres wordt niet gepubliceerd\b",
    r"\blaat een reactie achter\b",
    r"\btwój adres e-?mail nie zostanie opublikowany\b",
    r"\bdodaj komentarz\b",
    # ru / uk
    r"ваш (адрес )?(e-?mail|email|электронной почты) не будет опубликован",
    r"обязательные поля помечены",
    r"(добавить|оставить|оставьте|написать) комментари[йи]",
    r"отменить ответ",
    r"(этот сайт|мы) использу(ет|ем) (файлы )?cookie",
    r"ваша адреса електронної пошти не буде опублікована",
    r"(залишити|додати) коментар",
    # tr
    r"e-?posta (adresiniz|hesabınız) yayımlanmayacak|e-?posta adresiniz yayınlanmayacak",
    r"gerekli alanlar \*? ?ile işaretlenmişlerdir",
    r"\b(bir )?(yanıt|cevap) (yazın|bırakın)\b",
    r"\byorum (yap|yaz|gönder)\b",
    r"çerez(ler)?(i)? kullan(ıyoruz|maktadır|ır)",
    r"çerez politikası",
    # az
    r"e-?poçt ünvanınız dərc (edilməyəcək|olunmayacaq)",
    r"(gərəkli|vacib|tələb olunan) sahələr \*? ?ilə işarələnmişdir",
    r"\b(şərh|cavab) (yaz|yazın)\b",
    r"(bu sayt|saytımız|sayt) (kuki|çərəz|cookie)(lər)?dən istifadə edir|(kuki|çərəz|cookie)(lər)?dən istifadə edirik",
    # hy (Armenian ends a sentence with ։)
    r"ձեր էլ[․.-]?\s?(փոստի|հասցեի) հասցեն (չի|չեն) (հրապարակվելու|հրապարակվի)",
    r"պարտադիր դաշտերը (նշված|նշագրված) են",
    r"թողնել (մեկնաբանություն|պատասխան)",
    r"չեղարկել պատասխանը",
    r"կայքը օգտագործում է (թխուկներ|քուքիներ|cookie)|օգտագործում ենք (թխուկներ|քուքիներ|cookie)",
    # ka
    r"თქვენი ელ[-. ]?ფოსტის მისამართი (არ გამოქვეყნდება|გამოქვეყნებული არ იქნება)",
    r"(დატოვეთ|დატოვე|დაწერეთ) (კომენტარი|პასუხი)",
    r"(ეს (ვებ)?საიტი|ვებ-?გვერდი) იყენებს ქუქი|ვიყენებთ ქუქი",
    # ar fa he el
    r"لن يتم نشر عنوان بريدك الإلكتروني",
    r"نستخدم ملفات تعريف الارتباط",
    r"نشانی ایمیل شما منتشر نخواهد شد",
    r"כתובת האימייל לא תפורסם",
    r"η διεύθυνση email σας δεν δημοσιεύεται",
    # zh ja ko hi
    r"メールアドレスが公開されることはありません",
    r"^\s*コメントを(残す|書く)",
    r"무단\s?전재[\s·,-]*(및|와)?\s?재배포",
    r"आपका ईमेल पता प्रकाशित नहीं किया जाएगा",
]

# Share buttons, newsletter prompts, copyright, "read more", navigation words: only in short text.
_WEAK = [
    r"^\s*share (this|on|via)\b|\bshare (this )?(on|via|with) (facebook|twitter|email|whatsapp|linkedin)",
    r"\bclick to (share|print|email)\b",
    r"\b(follow|like) us on\b",
    r"\b(sign up|subscribe) (for|to) (our|the)\b.*\bnewsletter\b",
    r"\ball rights reserved\b",
    r"^\s*(©|\(c\)|copyright)\b",
    r"^\s*(read more|see also|more on this story)\b|\bread more\s*[»›→.…]*\s*$",
    r"^\s*related (articles|stories|posts|content|topics)\b",
    r"^\s*(advertisement|sponsored|anzeige|werbung|реклама|publicité|publicidad|reklam)\s*$",
    r"\bskip to (main )?content\b",
    r"^\s*(privacy policy|terms of (use|service)|terms and conditions|contact us|about us)\b",
    r"^\s*(tags|filed under|categories|posted in)\s*:",
    r"^\s*(posted|written|reporting|editing) by\b",
    r"^\s*(published|updated|last (updated|modified))\s*:?\s",
    r"^\s*(image|photo|picture) (copyright|credit|source)\b",
    r"^\s*\d+\s+(comments?|replies|kommentare|commentaires|comentarios|комментари\w*|yorum|şərh|մեկնաբանություն|კომენტარი)\s*$",
    _COMMENTS_HEADING,
    r"^\s*(previous|next) (article|post|story)\b",
    # de
    r"\b(artikel )?teilen (auf|per|via)\b",
    r"\balle rechte vorbehalten\b",
    r"\b(lesen sie auch|mehr zum thema|zum inhalt springen)\b",
    r"^\s*datenschutz(erklärung)?\b|\bdatenschutzerklärung\b",
    r"^\s*(veröffentlicht|aktualisiert)( am)?\s*:?\s",
    # fr
    r"\bpartager (sur|par|cet article)\b",
    r"\btous droits réservés\b",
    r"\b(lire aussi|à lire aussi|aller au contenu)\b",
    r"^\s*politique de confidentialité\b",
    r"^\s*(publié|mis à jour) le\b",
    r"\babonnez-vous\b",
    # es / pt / it
    r"\bcompartir (en|por|este)\b",
    r"\btodos los derechos reservados\b",
    r"^\s*(lee|leer) (también|más)\b",
    r"\bir al contenido\b",
    r"\bsuscríbete\b",
    r"\bcompartilhe?\b",
    r"\btodos os direitos reservados\b",
    r"\bcondividi (su|questo)\b",
    r"\btutti i diritti riservati\b",
    # ru / uk
    r"^\s*(поделиться|поделитесь)\b",
    r"все права защищены",
    r"^\s*читайте (также|нас)",
    r"перейти к (содержимому|содержанию)",
    r"подписывайтесь|подпишитесь",
    r"^\s*(опубликовано|обновлено)\s*:?",
    r"^\s*(поширити|поділитися)|усі права захищені|^\s*читайте також",
    # tr
    r"^\s*paylaş\b",
    r"tüm hakları saklıdır",
    r"haberin devamı|ilgili haberler|içeriğe geç",
    r"abone ol",
    r"^\s*(yayınlanma|güncelleme)( tarihi)?\s*:",
    # az
    r"bütün hüquqlar (qorunur|qorunub|qorunmuşdur|müdafiə olunur)",
    r"^\s*(oxşar|digər|son) xəbərlər\s*:?\s*$|^\s*ən çox oxunan(lar)?\b|^\s*daha çox (oxu|xəbər)",
    r"\babunə ol(un)?\b",
    r"məzmuna keç",
    r"(materiallardan|məlumatlardan) istifadə (edərkən|zamanı).{0,60}(istinad|keçid).{0,20}(mütləqdir|vacibdir|zəruridir)",
    # hy
    r"բոլոր իրավունքները (պաշտպանված|պահպանված) են",
    r"^\s*(կիսվել|տարածել)\b",
    r"^\s*(կարդալ (ավելին|նաև)|կարդացեք (նաև|ավելին)|նմանատիպ (նյութեր|լուրեր))",
    r"անցնել բովանդակությանը",
    r"բաժանորդագրվ(ել|եք)",
    r"(օգտագործելիս|օգտագործման դեպքում).{0,60}հղում.{0,40}պարտադիր",
    # ka
    r"ყველა უფლება დაცულია",
    r"^\s*გაზიარება",
    r"^\s*(ასევე წაიკითხეთ|წაიკითხეთ (ასევე|მეტი))|^\s*მსგავსი (სიახლეები|სტატიები)",
    r"კონტენტზე გადასვლა",
    r"^\s*გამოწერა\b|გამოიწერეთ",
    # ar fa he el (short texts only, like the rest of this list)
    r"جميع الحقوق محفوظة|^\s*اقرأ أيضا|^\s*شارك(ها)? (على|عبر)",
    r"(کلیه|تمامی) حقوق .{0,40}محفوظ (است|می‌باشد)|^\s*بیشتر بخوانید",
    r"כל הזכויות שמורות|^\s*(שתפו|שתף)\b|^\s*כתבות נוספות",
    r"με επιφύλαξη παντός δικαιώματος|^\s*διαβάστε (επίσης|ακόμη)",
    # zh ja ko hi: written without spaces (zh, ja), a sentence is "short", so these are anchored
    r"^\s*(版权所有|版權所有|责任编辑|責任編輯|相关阅读|相關閱讀|相关新闻|相關新聞|分享到)",
    r"转载请注明|未经(许可|授权)[，,]?\s*不得转载|無断(転載|複製)(を)?禁",
    r"^\s*(関連記事|この記事をシェア)",
    r"^\s*(관련\s?기사|저작권자)",
    r"सर्वाधिकार सुरक्षित|^\s*यह भी पढ़ें",
]

# Where a comment section starts: the paragraph and all that follows are dropped.
_COMMENT_SECTION = [
    r"\bleave a (reply|comment)\b",
    r"^\s*\d+\s+(comments?|responses?|replies)\s*$",
    _COMMENTS_HEADING,
    r"\b(schreibe|hinterlasse) einen kommentar\b",
    r"\blaisser un commentaire\b|\blaisser une réponse\b",
    r"\b(deja|dejar) (un comentario|una respuesta)\b",
    r"(добавить|оставить|оставьте) комментари[йи]",
    r"\b(bir )?(yanıt|cevap) (yazın|bırakın)\b|\byorum (yap|yaz)\b",
    r"\bşərh (yaz|yazın)\b|թողնել մեկնաբանություն|(დატოვეთ|დატოვე) კომენტარი",
    r"\byour email address will not be published\b",
]

# Byline: "By Jane Doe", "Von Max Muster", "Par Jean Dupont", "Автор: Иван Петров", "Հեղինակ՝
# Արամ Պետրոսյան" (Armenian's ՝ does what a colon does), "ავტორი: ნინო ბერიძე".
_BYLINE = re.compile(
    r"^\s*(by|von|par|por|di|door|przez|автор|авторы|yazar|muhabir|müəllif|հեղինակ|ავტორი)\s*[:՝]?\s+[\w'’.-]+",
    _FLAGS,
)
_BYLINE_FIRST_NAME = re.compile(r"^\s*\S+\s*[:՝]?\s+(\S)")

_SOCIAL_WORDS = frozenset(
    """share shares tweet email e-mail mail print facebook twitter x whatsapp telegram linkedin
    pinterest reddit vk vkontakte ok odnoklassniki xing copy link flipboard messenger threads
    bluesky mastodon instagram youtube tiktok comment comments save teilen drucken partager
    imprimer compartir imprimir condividi delen поделиться поделись отправить печать paylaş
    yazdır kaydet on via""".split()
)
_NAV_SEPARATORS = re.compile(r"\s*[|•»›·>]\s*|\s+/\s+")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)

# Credit lines under pictures and charts: "Foto: dpa", "Photo by Jane Doe/Getty Images",
# "Фото: ТАСС", "Quelle: Statistisches Bundesamt"; judged only in texts of up to _CREDIT_WORDS.
_CREDIT = re.compile(
    r"^\s*\(?\s*(?:"
    r"(?:photo(?:graph)?s?|pictures?|images?|fotos?|fotograf[íi]a|bild(?:er|quelle)?|quelle|sources?|"
    r"imagen|immagine|cr[ée]dits?(?: photo)?|v[íi]deo|фото(?:графия)?|видео|источник|джерело|"
    r"fotoğraf|kaynak|zdjęcie|źródło|fotoşəkil|mənbə|լուսանկար(?:ը|ներ)?|ֆոտո|աղբյուր(?:ը)?|ფოტო|წყარო)"
    r"(?:\s+(?:credit|copyright|source))?\s*[:՝])",
    _FLAGS,
)
# "(Photo by Jane Doe/Getty Images)"; not "Images by the probe show a crater." (a sentence)
_CREDIT_BY = re.compile(r"^\s*\(?\s*(?:photo|foto|picture|image|bild)s?\s+(?:by|von|de|di|par)\s.*[^.!?…]$", _FLAGS)
_CREDIT_WORDS = 8
# Captions flagged as such by the page ("Image caption ...", El País's "ampliar foto").
_CAPTION = re.compile(r"^\s*(?:(?:image|media) caption|ampliar foto|bildunterschrift)\b", _FLAGS)
# A text that is nothing but news agencies or picture agencies: "AFP", "EFE / Reuters", "Getty Images".
_AGENCY = (
    r"(?:afp|ap|reuters|dpa|efe|epa|ansa|pap|apa|tass|итар-тасс|тасс|риа новости|ria novosti|"
    r"interfax|интерфакс|anadolu(?: ajansı)?|aa|keystone|getty images|shutterstock|imago|"
    r"picture alliance|sputnik|ukrinform|укрінформ|azertac|armenpress)"
)
_AGENCIES_ONLY = re.compile(rf"^\s*\(?{_AGENCY}(?:\s*[/,|&;-]\s*{_AGENCY})*\)?\s*\.?\s*$", _FLAGS)



def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does. Those starting at a word boundary
    share one leading ``\\b``: re then tests the boundary once per position instead of once per
    phrase (the strong phrases: 450 -> 110 µs per news sentence, the same matches on 23,584 texts)."""
    bounded = [p[2:] for p in patterns if p.startswith(r"\b")]
    parts = [r"\b(?:" + "|".join(f"(?:{p})" for p in bounded) + ")"] if bounded else []
    parts += [f"(?:{p})" for p in patterns if not p.startswith(r"\b")]
    return re.compile("|".join(parts), _FLAGS)


_STRONG_RE = _any_of(_STRONG)
_WEAK_RE = _any_of(_WEAK)
_COMMENT_SECTION_RE = _any_of(_COMMENT_SECTION)

_SHORT_WORDS = 25  # weak patterns count only in texts up to this many words
_BYLINE_WORDS = 8


_LONG_TOKEN = re.compile(r"\S{40,}")
# No comment form, cookie notice or share bar is longer; longer text is article text (a 5 MB
# paragraph was searched for 10 s, and one "we use cookies" in it dropped it whole).
_MAX_FURNITURE_CHARS = 3000


def is_encoded_data(text: str) -> bool:
    """Base64, hex dumps, minified code: most of the text in runs of 40+ ASCII characters without
    a space and with a digit or symbol in them (a long compound word has neither; a link is a link)."""
    data = sum(
        len(token) for token in _LONG_TOKEN.findall(text)
        if token.isascii() and not token.isalpha() and not token.lower().startswith(("http", "www."))
    )
    return data * 2 > len(text)


def is_boilerplate(text: str) -> bool:
    """True if this sentence or paragraph is page furniture (or encoded data) rather than article text."""
    text = (text or "").strip()
    if not text:
        return False
    if is_encoded_data(text):
        return True
    if len(text) > _MAX_FURNITURE_CHARS:
        return False  # article text, perhaps a whole page flattened into one paragraph: kept, judged by sentence
    if _STRONG_RE.search(text):
        return True
    words = _WORD.findall(text)
    if not words:
        return True  # only symbols: "***", "|", "→"
    if len(words) <= _SHORT_WORDS and _WEAK_RE.search(text):
        return True
    if _is_byline(text, words) or _is_share_bar(words) or _is_navigation(text):
        return True
    if len(words) <= _CREDIT_WORDS and (
        _CREDIT.match(text) or _CREDIT_BY.match(text) or _AGENCIES_ONLY.match(text)
    ):
        return True
    return len(words) <= _SHORT_WORDS and bool(_CAPTION.match(text))


def strip_boilerplate(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs without boilerplate; a comment section (after the first paragraph) ends the text.

    A share bar glued to the start of a paragraph is cut off (``strip_share_bar``)."""
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index > 0 and _COMMENT_SECTION_RE.search(paragraph) and len(_WORD.findall(paragraph)) <= _SHORT_WORDS:
            break
        paragraph = strip_share_bar(paragraph)
        if paragraph and not is_boilerplate(paragraph):
            kept.append(paragraph)
    return kept


# A share bar at the start of a text, its buttons' labels run together when the page was
# flattened without separators: "Share this withEmailFacebookMessengerTwitterLinkedInCopy this
# linkThe committee said ...". Each label ends at a space, a separator, or a capital letter.
_SHARE_LABEL = (
    r"(?i:share(?: this| article| story)?(?: with| on| via)?|e-?mail|facebook|messenger|twitter|"
    r"pinterest|whatsapp|linkedin|telegram|reddit|tumblr|flipboard|print|copy(?: this)? link)"
)
_SHARE_RUN = re.compile(rf"^(?:[\s|•·:]*{_SHARE_LABEL}(?=[\s|•·:]|[A-Z]|$))+")
_NETWORK = re.compile(r"(?i:facebook|messenger|twitter|pinterest|whatsapp|linkedin|telegram|reddit)")


def strip_share_bar(text: str) -> str:
    """``text`` without a leading share bar (three or more labels, a network among them, starting
    with "share" or ending with "copy link"); unchanged when there is none."""
    run = _SHARE_RUN.match(text)
    if run is None:
        return text
    labels = re.findall(_SHARE_LABEL, run.group(0))
    words = run.group(0).strip().lower()
    if len(labels) < 3 or not _NETWORK.search(words) or not (words.startswith("share") or words.endswith("link")):
        return text
    return text[run.end() :].strip()


def _is_byline(text: str, words: list[str]) -> bool:
    if len(words) > _BYLINE_WORDS or not _BYLINE.match(text):
        return False
    if text[-1] in ".!?…։":
        return False  # "Von Berlin aus fliegt er nach Rom." is a sentence, not a byline
    first = _BYLINE_FIRST_NAME.match(text)
    # a name starts with a capital (Georgian has none)
    return bool(first and (first.group(1).isupper() or GEORGIAN_LETTER.match(first.group(1))))


def _is_share_bar(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    return (
        len(words) <= 15
        and all(w in _SOCIAL_WORDS or w.isdigit() for w in lowered)
        and any(w in _SOCIAL_WORDS and w not in ("on", "via") for w in lowered)
    )


def _is_navigation(text: str) -> bool:
    parts = [p for p in _NAV_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 3:
        return False
    return sum(len(_WORD.findall(p)) for p in parts) / len(parts) <= 3

"""Words printed on notices, in English and Welsh (``--lang cy``), and dates in each language.

Keep sentences short and plain: the readers include residents with dementia and visitors reading a
noticeboard from a step away. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sync.i18n import LANGS, check_lang  # noqa: F401  (re-exported)
#: notices are read in the UK: dates on them are UK local dates (GMT/BST)
UK = ZoneInfo("Europe/London")

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "cy": ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
           "Hydref", "Tachwedd", "Rhagfyr"],
}

_ROLES = {
    "en": {"resident": "a resident", "relative": "a relative", "friend": "a friend", "visitor": "a visitor",
           "staff": "a member of staff", "professional": "a visiting professional", "carer": "a carer"},
    "cy": {"resident": "preswylydd", "relative": "perthynas", "friend": "ffrind", "visitor": "ymwelydd",
           "staff": "aelod o staff", "professional": "gweithiwr proffesiynol sy'n ymweld", "carer": "gofalwr"},
}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "sample_banner": "SAMPLE: made-up content, to show what this notice will look like.",
        "sample_word": "SAMPLE",
        "reference": "Reference {ref}",
        "published_on": "Published {date}",
        "written_by": "Written by {role}",
        "story_title": "A story about {home}",
        "what_they_said": "What they said",
        "home_replied": "What the home said",
        "no_response_yet": "The home has not responded yet.",
        "response_by": "{name}, {role}, {date}",
        "change_made": "What we changed: {change}",
        "scan_story": "Scan this code with a phone camera to read the story online.",
        "footer": "{home} · printed {date} · page {page}",
        "digest_title": "Feedback at {home}",
        "digest_period": "From {start} to {end}",
        "in_short": "In short",
        "count_published": "Stories published: {n}",
        "count_responses": "Replies from the home: {n}",
        "count_awaiting": "Stories waiting for the home's decision: {n}",
        "count_restricted": "Stories not published in full: {n}",
        "count_no_response": "Published stories still waiting for a reply: {n}",
        "published_heading": "Stories published or replied to",
        "awaiting_heading": "Waiting for the home's decision",
        "awaiting_text": "{n} stories have been checked by the moderator and are waiting for the home to say "
                         "go ahead or ask for a review. Their words are shown only once they are published.",
        "awaiting_none": "No stories are waiting for the home's decision.",
        "restricted_heading": "Stories not published in full",
        "restricted_item": "Reference {ref}: {reason}",
        "no_response_heading": "Stories still waiting for a reply",
        "no_response_item": "Reference {ref}, published {date}: {title}",
        "nothing": "Nothing in this period.",
        "poster_title": "You said, we did",
        "poster_intro": "People told us about life at {home}. Here is what we changed.",
        "you_said": "You said",
        "we_did": "We did",
        "poster_none": "No changes have been written down yet. When the home replies to a story and makes "
                       "a change, it will appear here.",
        "poster_footer": "Tell us your story on the tablet in the entrance.",
        "leaflet_title": "Tell us your story",
        "leaflet_intro": "We want to hear what it is like to live at, visit or work at {home}: good or bad, "
                         "big or small.",
        "how_heading": "How to use the tablet in the entrance",
        "step_1": "Touch the screen to start.",
        "step_2": "Say who you are: a resident, relative, friend, visitor or member of staff. "
                  "You do not need to give your name.",
        "step_3": "Write your story. Take as long as you like.",
        "step_4": "Touch Send. You will see a short reference number. Keep it to find your story later.",
        "online_heading": "Or tell us online",
        "scan_online": "Scan this code with a phone camera, or type the address:",
        "online_missing": "Ask a member of staff for the web address.",
        "happens_heading": "What happens to your story",
        "happens_1": "An independent moderator reads it first, not the care home.",
        "happens_2": "They take out anything that could show who someone is.",
        "happens_3": "The home sees it before it goes online. It can ask for a second check, but it cannot "
                     "stop your story.",
        "happens_4": "Then it is published online, and the home can reply. Replies go on the noticeboard too.",
        "happens_5": "If you tell us you are worried about someone's safety, the moderator passes it to "
                     "people who can help.",
        "privacy_heading": "Your privacy",
        "privacy_1": "When you touch Send, your story is locked. Staff here cannot read it on the tablet: "
                     "only the moderator can unlock it.",
        "privacy_2": "We never publish your name.",
        "privacy_3": "If the tablet suggests changing a name or a detail, you choose whether to accept.",
    },
    "cy": {
        "sample_banner": "SAMPL: cynnwys ffug, i ddangos sut olwg fydd ar yr hysbysiad hwn.",
        "sample_word": "SAMPL",
        "reference": "Cyfeirnod {ref}",
        "published_on": "Cyhoeddwyd {date}",
        "written_by": "Ysgrifennwyd gan {role}",
        "story_title": "Stori am {home}",
        "what_they_said": "Beth ddywedon nhw",
        "home_replied": "Beth ddywedodd y cartref",
        "no_response_yet": "Nid yw'r cartref wedi ymateb eto.",
        "response_by": "{name}, {role}, {date}",
        "change_made": "Beth wnaethon ni ei newid: {change}",
        "scan_story": "Sganiwch y cod hwn â chamera ffôn i ddarllen y stori ar-lein.",
        "footer": "{home} · argraffwyd {date} · tudalen {page}",
        "digest_title": "Adborth yn {home}",
        "digest_period": "O {start} i {end}",
        "in_short": "Yn fyr",
        "count_published": "Straeon a gyhoeddwyd: {n}",
        "count_responses": "Atebion gan y cartref: {n}",
        "count_awaiting": "Straeon sy'n aros am benderfyniad y cartref: {n}",
        "count_restricted": "Straeon na chafodd eu cyhoeddi'n llawn: {n}",
        "count_no_response": "Straeon a gyhoeddwyd sy'n dal i aros am ateb: {n}",
        "published_heading": "Straeon a gyhoeddwyd neu a gafodd ateb",
        "awaiting_heading": "Yn aros am benderfyniad y cartref",
        "awaiting_text": "Mae'r cymedrolwr wedi gwirio {n} o straeon, ac maen nhw'n aros i'r cartref ddweud "
                         "ewch ymlaen neu ofyn am adolygiad. Byddwn yn dangos eu geiriau dim ond ar ôl eu "
                         "cyhoeddi.",
        "awaiting_none": "Does dim straeon yn aros am benderfyniad y cartref.",
        "restricted_heading": "Straeon na chafodd eu cyhoeddi'n llawn",
        "restricted_item": "Cyfeirnod {ref}: {reason}",
        "no_response_heading": "Straeon sy'n dal i aros am ateb",
        "no_response_item": "Cyfeirnod {ref}, cyhoeddwyd {date}: {title}",
        "nothing": "Dim byd yn ystod y cyfnod hwn.",
        "poster_title": "Dywedoch chi, fe wnaethon ni",
        "poster_intro": "Mae pobl wedi dweud wrthym am fywyd yn {home}. Dyma beth wnaethon ni ei newid.",
        "you_said": "Dywedoch chi",
        "we_did": "Fe wnaethon ni",
        "poster_none": "Does dim newidiadau wedi'u cofnodi eto. Pan fydd y cartref yn ateb stori ac yn "
                       "newid rhywbeth, bydd yn ymddangos yma.",
        "poster_footer": "Dywedwch eich stori wrthym ar y dabled yn y fynedfa.",
        "leaflet_title": "Dywedwch eich stori wrthym",
        "leaflet_intro": "Rydyn ni eisiau clywed sut beth yw byw yn {home}, ymweld â'r lle neu weithio yma: "
                         "da neu ddrwg, mawr neu fach.",
        "how_heading": "Sut i ddefnyddio'r dabled yn y fynedfa",
        "step_1": "Cyffyrddwch â'r sgrin i ddechrau.",
        "step_2": "Dywedwch pwy ydych chi: preswylydd, perthynas, ffrind, ymwelydd neu aelod o staff. "
                  "Does dim angen rhoi eich enw.",
        "step_3": "Ysgrifennwch eich stori. Cymerwch gymaint o amser ag y mynnwch.",
        "step_4": "Cyffyrddwch ag Anfon. Fe welwch rif cyfeirnod byr. Cadwch ef i ddod o hyd i'ch stori "
                  "yn nes ymlaen.",
        "online_heading": "Neu dywedwch wrthym ar-lein",
        "scan_online": "Sganiwch y cod hwn â chamera ffôn, neu teipiwch y cyfeiriad:",
        "online_missing": "Gofynnwch i aelod o staff am y cyfeiriad gwe.",
        "happens_heading": "Beth sy'n digwydd i'ch stori",
        "happens_1": "Mae cymedrolwr annibynnol yn ei darllen gyntaf, nid y cartref gofal.",
        "happens_2": "Mae'n tynnu allan unrhyw beth a allai ddangos pwy yw rhywun.",
        "happens_3": "Mae'r cartref yn ei gweld cyn iddi fynd ar-lein. Gall ofyn am ail wiriad, ond ni all "
                     "atal eich stori.",
        "happens_4": "Yna caiff ei chyhoeddi ar-lein, a gall y cartref ateb. Mae'r atebion yn mynd ar yr "
                     "hysbysfwrdd hefyd.",
        "happens_5": "Os ydych chi'n dweud wrthym eich bod yn poeni am ddiogelwch rhywun, bydd y cymedrolwr "
                     "yn ei throsglwyddo i bobl sy'n gallu helpu.",
        "privacy_heading": "Eich preifatrwydd",
        "privacy_1": "Pan fyddwch chi'n cyffwrdd ag Anfon, caiff eich stori ei chloi. Ni all y staff yma ei "
                     "darllen ar y dabled: dim ond y cymedrolwr sy'n gallu ei datgloi.",
        "privacy_2": "Dydyn ni byth yn cyhoeddi eich enw.",
        "privacy_3": "Os yw'r dabled yn awgrymu newid enw neu fanylyn, chi sy'n dewis a ydych am dderbyn.",
    },
}




def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang``, with placeholders filled."""
    text = STRINGS[check_lang(lang)][key]
    return text.format(**values) if values else text


def role(name: str | None, lang: str = "en") -> str:
    if not name:
        return {"en": "someone", "cy": "rhywun"}[lang]
    return _ROLES[lang].get(name.strip().lower(), name)


def format_date(moment: date | datetime | None, lang: str = "en", tz: ZoneInfo = UK) -> str:
    """``3 March 2025`` / ``3 Mawrth 2025`` (no weekday; day first, as people write it in the UK).

    A moment in time is shown as the date in ``tz`` (UK time: a story published at 00:30 BST on
    1 July is "1 July", though it is still 30 June in UTC); a naive datetime counts as UTC, like
    every stored time; a plain ``date`` is shown as it is."""
    if moment is None:
        return "?"
    if isinstance(moment, datetime):
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(tz)
    return f"{moment.day} {_MONTHS[check_lang(lang)][moment.month - 1]} {moment.year}"

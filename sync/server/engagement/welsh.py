"""The Welsh twin of :mod:`.rules` and :data:`.assessment.QUESTIONS`: what the level page and the paper
self-assessment say in Welsh (``--lang cy``).

Keyed by the same level numbers, criterion ids and question ids as the English, so the rules stay in
one place (``rules.py``) and only their wording is here. Adding a level, criterion or question without
its Welsh here fails ``tests/engagement/test_engagement_welsh.py``.

Plain Welsh for a care home's noticeboard: short sentences, everyday words. ``says`` completes
"Ie: ..." / "Dim eto: ..." on the page, so it starts in lower case, like the English.
"""

from __future__ import annotations

#: level number -> its name and what it looks like.
LEVELS: dict[int, dict[str, str]] = {
    1: {"name": "Gwrthwynebu neu amddiffyn",
        "about": "Does dim croeso i adborth. Does dim byd yn cyrraedd gan breswylwyr na theuluoedd drwy'r "
                 "ciosg hwn."},
    2: {"name": "Rheoli",
        "about": "Mae'r cartref yn goddef adborth, ond mae'n ei gadw iddo'i hun. Dydy pobl ddim yn gallu "
                 "gweld bod rhywun wedi darllen eu straeon."},
    3: {"name": "Derbyn",
        "about": "Mae'r cartref yn derbyn adborth cyhoeddus ac yn ateb. Ond gall yr atebion fod yn "
                 "wyliadwrus neu'n amhersonol."},
    4: {"name": "Ymgysylltu",
        "about": "Mae'r cartref yn annog adborth. Mae person yn rhoi ei enw ar yr atebion, ac maen nhw'n "
                 "gynnes ac yn benodol."},
    5: {"name": "Dechrau ymrwymo",
        "about": "Mae adborth yn ffordd o wella. Mae'r cartref yn ymrwymo iddo ac yn newid pethau."},
    6: {"name": "Mwy o staff yn rhan ohono: staff yn cael adborth",
        "about": "Mae straeon yn cyrraedd y staff maen nhw'n sôn amdanyn nhw, nid y rheolwr yn unig. Mae "
                 "timau'n siarad amdanyn nhw."},
    7: {"name": "Mwy o staff yn rhan ohono: staff yn cymryd rhan",
        "about": "Mae staff sy'n agos at breswylwyr yn ateb straeon eu hunain ac yn gweithredu arnyn nhw."},
    8: {"name": "Defnydd bob dydd",
        "about": "Mae adborth yn rhan o'r gwaith bob dydd. Mae hyfforddiant, cyfarfodydd, newidiadau ac "
                 "atebion dilynol yn digwydd fel arfer."},
    9: {"name": "Dim ofn",
        "about": "Mae'r un croeso i straeon beirniadol ag i ganmoliaeth. Does neb yn ofni beth mae pobl yn "
                 "ei ddweud."},
}

#: criterion id -> what it checks (``says``) and the next step when it is not yet met (``step``).
CRITERIA: dict[str, dict[str, str]] = {
    # level 2
    "stories_arrive": {
        "says": "mae straeon yn cyrraedd y cymedrolwr",
        "step": "Rhowch y ciosg lle mae preswylwyr ac ymwelwyr yn pasio, a dywedwch wrthyn nhw ei fod yno."},
    # level 3
    "replies_to_half": {
        "says": "mae straeon a gyhoeddwyd yn cael ateb cyhoeddus",
        "step": "Rhowch ateb cyhoeddus i bob stori a gyhoeddwyd, hyd yn oed un byr. Bydd pobl yn gweld bod "
                "rhywun wedi gwrando."},
    "lets_stories_go": {
        "says": "mae straeon yn mynd ymlaen, yn lle cael eu hanfon yn ôl i'w hadolygu",
        "step": "Cadwch 'gofyn am adolygiad' ar gyfer camgymeriadau ffeithiol go iawn. Gadewch i straeon "
                "anghyfforddus fynd ymlaen."},
    # level 4
    "named_replies": {
        "says": "mae person yn rhoi ei enw ar yr atebion",
        "step": "Rhowch eich enw a'ch swydd ar bob ateb, fel y byddech chi wyneb yn wyneb."},
    "replies_within_fortnight": {
        "says": "mae'r ateb cyntaf yn dod o fewn pythefnos (canolrif)",
        "step": "Ceisiwch ateb o fewn wythnos i gyhoeddi stori."},
    "invites_feedback": {
        "says": "mae staff yn gwahodd preswylwyr a theuluoedd i rannu straeon",
        "step": "Gwahoddwch bobl i rannu eu stori. Rhowch y daflen iddyn nhw, a soniwch am y ciosg pan "
                "fyddan nhw'n ymweld."},
    # level 5
    "replies_to_most": {
        "says": "mae'r rhan fwyaf o straeon a gyhoeddwyd yn cael ateb",
        "step": "Rhowch y gwaith o ateb i rywun bob wythnos, fel nad oes stori'n aros heb ateb."},
    "replies_within_week": {
        "says": "mae'r ateb cyntaf yn dod o fewn wythnos (canolrif)",
        "step": "Atebwch o fewn wythnos. Mae ateb byr a phersonol nawr yn well nag un perffaith yn nes "
                "ymlaen."},
    "change_logged": {
        "says": "mae o leiaf un newid a wnaed oherwydd stori wedi'i gofnodi",
        "step": "Pan fydd stori'n arwain at newid, dywedwch hynny yn eich ateb (\"fe wnaethon ni\"). Yna "
                "bydd yn mynd ar y poster."},
    "decides_in_time": {
        "says": "mae'r darparwr yn penderfynu o fewn 72 awr",
        "step": "Atebwch y neges destun 'mae stori'n aros am eich penderfyniad' o fewn 72 awr (atebwch GO "
                "neu REVIEW)."},
    # level 6
    "staff_alerts": {
        "says": "mae staff, nid y rheolwr yn unig, yn gweld straeon newydd",
        "step": "Rhowch straeon newydd a'r crynodeb wythnosol lle mae'r staff i gyd yn eu gweld, fel yr "
                "ystafell staff."},
    "team_meetings": {
        "says": "mae straeon yn cael eu trafod mewn cyfarfodydd tîm",
        "step": "Darllenwch un stori yn uchel ym mhob cyfarfod tîm, a gofynnwch beth mae'n ei ddweud "
                "wrthych chi."},
    # level 7
    "several_responders": {
        "says": "mae o leiaf tri pherson gwahanol yn ateb",
        "step": "Pan fydd stori'n sôn am nyrsys neu ofalwyr, gadewch iddyn nhw ei hateb eu hunain."},
    "local_replies": {
        "says": "mae'r atebion yn dod gan staff yn y cartref, nid gan dîm canolog",
        "step": "Gofynnwch i'r bobl yn y cartref sy'n adnabod y preswylydd ysgrifennu'r ateb, nid y brif "
                "swyddfa."},
    "staff_respond": {
        "says": "caiff staff sy'n gweithio gyda phreswylwyr ateb eu hunain",
        "step": "Rhowch ganiatâd ac ychydig o amser i'r staff sy'n gofalu am breswylwyr, er mwyn iddyn nhw "
                "ateb."},
    # level 8
    "changes_routine": {
        "says": "tri newid neu fwy wedi'u cofnodi",
        "step": "Cofnodwch bob newid sy'n dod o stori. Argraffwch boster 'Dywedoch chi, fe wnaethon ni' bob "
                "mis."},
    "follow_ups": {
        "says": "mae sgyrsiau'n parhau ar ôl yr ateb cyntaf",
        "step": "Ewch yn ôl at stori pan fydd rhywbeth wedi newid, gydag ateb dilynol byr."},
    "shared_further": {
        "says": "mae straeon yn cael eu hargraffu ar gyfer yr hysbysfwrdd neu'r crynodeb",
        "step": "Argraffwch y crynodeb wythnosol, a rhowch hysbysiadau am straeon ar yr hysbysfwrdd."},
    "training": {
        "says": "mae adborth yn rhan o'r cyfnod sefydlu neu'r hyfforddiant",
        "step": "Ychwanegwch sesiwn am straeon ac atebion at gyfnod sefydlu'r staff."},
    # level 9
    "almost_never_review": {
        "says": "prin iawn y caiff straeon eu hanfon yn ôl i'w hadolygu",
        "step": "Gadewch i bob stori fynd ymlaen, oni bai bod camgymeriad ffeithiol go iawn ynddi."},
    "replies_to_all": {
        "says": "mae bron pob stori a gyhoeddwyd yn cael ateb",
        "step": "Atebwch bob stori, a'r rhai beirniadol yn gyntaf."},
    "replies_within_days": {
        "says": "mae'r ateb cyntaf yn dod o fewn tri diwrnod (canolrif)",
        "step": "Atebwch o fewn tri diwrnod, er mwyn i'r awdur wybod bod y stori wedi cyrraedd."},
    "leaders_public": {
        "says": "mae arweinwyr yn siarad yn agored am adborth, gan gynnwys beirniadaeth",
        "step": "Siaradwch yn agored â theuluoedd a chomisiynwyr am stori feirniadol, a beth newidiodd o'i "
                "herwydd."},
}

#: question id -> the question as printed on the Welsh paper form.
QUESTIONS: dict[str, str] = {
    "invites_feedback": "Ydy staff yn gwahodd preswylwyr a theuluoedd i rannu eu straeon (y ciosg, y daflen, "
                        "sgwrs)?",
    "staff_alerts": "Ydy staff, nid y rheolwr yn unig, yn gweld straeon newydd pan fyddan nhw'n cyrraedd?",
    "team_meetings": "Ydy straeon yn cael eu trafod mewn cyfarfodydd tîm?",
    "staff_respond": "Ydy staff sy'n gweithio gyda phreswylwyr yn gallu ateb straeon eu hunain?",
    "training": "Ydy rhoi a chael adborth yn rhan o gyfnod sefydlu neu hyfforddiant y staff?",
    "leaders_public": "Ydy arweinwyr yn siarad yn agored am adborth y tu allan i'r cartref, gan gynnwys "
                      "straeon beirniadol?",
}

#: a self-assessment answer (stored in English) -> as printed in Welsh.
ANSWERS: dict[str, str] = {"yes": "ie", "partly": "yn rhannol", "no": "na"}

#: a story's route (``sync.story.ROUTES``) -> "how it came", after a number: "9 drwy'r ciosg".
ROUTES: dict[str, str] = {"kiosk": "drwy'r ciosg", "assisted": "gyda help"}

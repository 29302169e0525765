"""Model-free name finder: capitalised spans typed by cue words (research: extraction.md §4.3).

A name is a run of capitalised tokens, joined by "of", "for", "de", "al", "bin"... but never
across a line break. Leading sentence-initial function words ("The", "During", "According") and a
trailing possessive "'s" are left out of the span. Typing, first cue wins:

* a title inside the span ("Serbian President Aleksandar Vucic", "Gen.", "Ambassador to Serbia X")
  -> ``PERSON``; the span keeps the title, ``normalized`` is the bare name;
* a 2-6 letter all-caps acronym (UNMIK, KFOR, NATO), a known organisation or an organisation head
  noun (Ministry, Police, Force, Mission, Times...) -> ``ORG``;
* the gazetteer below (countries, capitals, major cities, regions), a place head noun (Republic,
  Province...), a cue such as "the town of X", or (single words only) "in/near X" -> ``PLACE``;
  a name typed PLACE earlier in the window stays a PLACE;
* a two- or three-word title-case run -> ``PERSON`` (weak: "Zubin Potok" without a cue is
  a PERSON); a single word matching the surname of a PERSON found earlier in the window -> ``PERSON``;
* anything else -> ``NAME``.

Not names: demonyms ("Russian", "Serbs", "Kosovan": dropped, not typed NORP), months and weekdays
on their own, all-caps words that are neither acronyms nor places (headline shouting), and a
single unknown capitalised word at the start of a sentence unless a speech verb follows it
("Vucic said"), because most of those are ordinary words.
"""

from __future__ import annotations

import re
from itertools import pairwise

from workbench.text.model import NameMention

_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha()})).replace(
    "-", ""
)
_U = f"[{_UPPER}]"
_L = r"[^\W\d_]"
_ABBR_TITLES = "Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|St|Jr|Sr|Prof|Capt|Maj|Sgt|Adm|Cmdr|Gov|Rev|Pres|Supt"
_TOKEN = (
    rf"(?:{_U}\.(?:{_U}\.)+"  # U.S., U.N.
    rf"|(?:{_ABBR_TITLES})\."
    rf"|(?:Mc|Mac|O['’])?{_U}{_L}*(?:-{_U}{_L}*)*)"
)
_JOIN = (
    r"(?:[ \xa0]+(?:of|for|de|del|della|da|di|du|dos|van|von|der|den|bin|ibn|al|el|la|le)(?:[ \xa0]+the)?"
    r"|(?:(?<=Ambassador)|(?<=Ambassadors)|(?<=Envoy)|(?<=Representative))[ \xa0]+to(?:[ \xa0]+the)?"
    r")?[ \xa0]+"
)
_RUN = re.compile(rf"(?<![\w.@-]){_TOKEN}(?:{_JOIN}{_TOKEN})*(?![\w@])")
_TOKEN_RE = re.compile(_TOKEN)
_SPEECH_AFTER = re.compile(
    r"[ \xa0]+(?:later[ \xa0]+|also[ \xa0]+|has[ \xa0]+|had[ \xa0]+|then[ \xa0]+)?"
    r"(?:said|says|told|added|wrote|stated|noted"
    r"|claimed|insisted|argued|denied|announced|tweeted|warned|explained|replied|responded)\b"
)

_FUNCTION_WORDS = frozenset(
    """
    The A An This That These Those During According After Before Also We He She It They I You Our
    His Her Their Its In On At By For From With Without But And Or If When While Although Though
    However Meanwhile Earlier Later Besides Some Several Many Most All Both Each Every No Not There
    Here What Who Whom Whose Why How Which Where Another Other One Two Three Four Five Six Seven
    Eight Nine Ten Is Was Are Were Be Been Has Have Had Do Does Did Will Would Can Could Should May
    Might Must Shall Let Yes So Then Than Now Today Yesterday Tomorrow Tonight Last Next First
    Second Third Such Only Even Just Still Yet As Into Over Under Up Down Out Off About Against
    Among Between Through Throughout Until Since Despite Following Amid Amidst Unlike Like Per Via
    Dear Please Thank Thanks Read More Sign Support Note Click Share Follow Subscribe Preview
    Copyright Disclaimer Region Theme Video Photo Image Source Sources Related Advertisement
    Watch Listen Comment Comments Once Monthly Annual Continue Remind Articles Never Your My Me Us
    Him Them Mine Ours Oh Well Indeed Instead Therefore Thus Hence Moreover Furthermore Nevertheless
    Ethnic Separately Additionally Finally Overall Currently Recently Previously Perhaps Maybe
    Whether Because Unless Whereas Whatever Whoever Any None Nothing Everyone Someone Everything
    Something Anyone Nobody Such Upon Within Beyond Toward Towards Across Behind Around Near
    """.split()  # noqa: SIM905
)
_TITLES = frozenset(
    """
    President Vice Prime Minister Ministers Secretary Ambassador Envoy General Gen. Mr. Mrs. Ms.
    Dr. Mr Mrs Ms Dr Sen. Senator Rep. Representative Gov. Governor Chancellor King Queen Prince
    Princess Pope Commander Colonel Col. Lt. Lieutenant Captain Capt. Sergeant Sgt. Major Maj. Adm.
    Admiral Chairman Chairwoman Chair Chief Director Spokesman Spokeswoman Spokesperson Judge Justice
    Mayor Deputy Speaker Premier Patriarch Bishop Archbishop Cardinal Father Sheikh Emir Lord Sir
    Dame Professor Prof. Rev. Reverend Pres. Head Leader Commissioner Attorney Inspector Officer
    Detective Sheriff Marshal Superintendent Supt. CEO Editor Correspondent Coach Councillor
    Councilman Councilwoman Congressman Congresswoman Candidate Nominee Presidential Mufti Imam
    Rabbi Ayatollah Defence Defense Foreign Interior Finance Economy Justice
    """.split()  # noqa: SIM905
)
# Words that turn a run into a title phrase only when followed by more name words.
_TITLE_ONLY = frozenset({"Defence", "Defense", "Foreign", "Interior", "Finance", "Economy", "Vice", "Prime"})
_ORG_HEADS = frozenset(
    """
    Ministry Ministries Office Police Force Forces Mission Times Agency Council Government Army
    Unit Units Parliament Party Committee Commission Bank Union Organization Organisation
    Association Institute University College School Court Corporation Corp Corp. Inc Inc. Ltd Ltd.
    Co Co. Company Group Department Service Services Embassy Navy Administration Assembly Congress
    Senate League Fund Front Post News Press Network Foundation Centre Center Authority Authorities
    Board Bureau Federation Alliance Coalition Movement Guard Guards Command Brigade Battalion
    Regiment Division Cabinet Secretariat Directorate Inspectorate Tribunal Prosecutor Prosecution
    Airlines Airways Railways Holdings Industries Bancorp Trust Partners Associates Club Team
    Television Radio Broadcasting Journal Herald Tribune Gazette Telegraph Guardian Observer
    Review Magazine Institution Society Church Hospital Clinic Academy Programme Program
    Initiative Campaign Council Caucus Legislature Chamber Exchange Reserve Treasury Security
    """.split()  # noqa: SIM905
)
_KNOWN_ORGS = frozenset(
    """
    Kremlin Pentagon Reuters TASS Facebook Twitter Google Microsoft Apple Amazon Interfax Sputnik
    Gazprom Rosneft Hamas Hezbollah Taliban Europol Interpol Frontex Eurostat Bloomberg Xinhua
    Tanjug Telegram YouTube Instagram WhatsApp Wikipedia Breitbart Politico Vatican Duma Knesset
    Bundestag Rada Skupstina Congress Parliament Senate Opec Nasdaq
    """.split()  # noqa: SIM905
)
_PLACE_HEADS = frozenset(
    """
    Republic Kingdom Province Region County City Island Islands Sea Ocean River Mountains Valley
    Street Square Avenue Road Bay Lake Gulf Peninsula Strait Oblast Municipality Prefecture State
    States Emirates Territory Territories Coast Desert Canal Airport Bridge Park Village Town
    """.split()  # noqa: SIM905
)
_PLACE_CUE = re.compile(
    r"(?:\b(?:town|city|village|region|province|municipality|capital|district|county|republic|"
    r"island|port|settlement|area|state|country|territory)[ \xa0]+of[ \xa0]+(?:the[ \xa0]+)?"
    r"|\b(?:in|near|outside|throughout)[ \xa0]+(?:the[ \xa0]+)?"
    r"(?:town[ \xa0]+|city[ \xa0]+|village[ \xa0]+|capital[ \xa0]+)?)$",
    re.IGNORECASE,
)
_STRONG_PLACE_CUE = re.compile(
    r"\b(?:town|city|village|region|province|municipality|capital|district|county|island|port"
    r"|settlement)[ \xa0]+(?:of[ \xa0]+)?(?:the[ \xa0]+)?$",
    re.IGNORECASE,
)
_DEMONYMS = frozenset(
    """
    Russian Russians Serb Serbs Serbian Serbians Kosovan Kosovans Kosovar Kosovars Albanian
    Albanians American Americans British Briton Britons English Scottish Welsh Irish European
    Europeans Ukrainian Ukrainians Chinese French German Germans Italian Italians Spanish
    Spaniard Spaniards Portuguese Dutch Belgian Belgians Swiss Austrian Austrians Polish Pole Poles
    Czech Czechs Slovak Slovaks Hungarian Hungarians Romanian Romanians Bulgarian Bulgarians Greek
    Greeks Turkish Turk Turks Croatian Croatians Croat Croats Bosnian Bosnians Bosniak Bosniaks
    Montenegrin Montenegrins Macedonian Macedonians Slovenian Slovenians Slovene Slovenes Western
    Eastern Northern Southern Swedish Swede Swedes Norwegian Norwegians Danish Dane Danes Finnish
    Finn Finns Estonian Latvian Lithuanian Belarusian Belarusians Georgian Georgians Armenian
    Armenians Azerbaijani Azerbaijanis Azeri Kazakh Uzbek Japanese Korean Koreans Indian Indians
    Pakistani Pakistanis Afghan Afghans Iranian Iranians Iraqi Iraqis Syrian Syrians Lebanese
    Israeli Israelis Palestinian Palestinians Jordanian Egyptian Egyptians Saudi Saudis Yemeni
    Libyan Libyans Tunisian Algerian Moroccan African Africans Nigerian Nigerians Kenyan Ethiopian
    South-African Canadian Canadians Mexican Mexicans Brazilian Brazilians Argentine Argentinian
    Chilean Colombian Venezuelan Venezuelans Cuban Cubans Australian Australians Asian Asians
    Arab Arabs Kurdish Kurd Kurds Jewish Jew Jews Muslim Muslims Christian Christians Catholic
    Catholics Orthodox Protestant Sunni Shia Shiite Shiites Soviet Slav Slavs Slavic Balkan Yugoslav
    Democrat Democrats Democratic Republican Republicans Communist Communists Socialist Socialists
    Conservative Conservatives Liberal Liberals Labour Tory Tories Nazi Nazis Latino Latinos Hispanic
    Hispanics Texan Texans Californian Londoner Muscovite Muscovites Chechen Chechens
    Tatar Tatars Crimean Donbas Roma Romani
    """.split()  # noqa: SIM905
)
# All-caps abbreviations that are not organisations.
_NOT_ORG_ACRONYMS = frozenset(
    """
    TV TVs PC PCs ID IDs GMT BST CET DVD DVDs CD CDs SMS MP MPs MEP MEPs TB DRM CEO CEOs CFO GDP GNP
    AM PM OK HIV AIDS DNA IT AI VAT PR HQ IPTV RSS PDF USB GPS SUV SUVs FM NB PS VIP VIPs ATM ATMs
    IQ HD LCD ISP ISPs RAM CPU EST PST UTC AD BC PhD MBA CV QC OBE MBE CBE FAQ LNG LPG
    """.split()  # noqa: SIM905
)
_KNOWN_ORG_PHRASES = frozenset(
    " ".join(p.split())
    for p in """
    United Nations|European Union|Security Council|White House|European Commission|Red Cross|
    Red Crescent|World Bank|Supreme Court|Foreign Office|State Department|Justice Department|
    Amnesty International|Human Rights Watch|Wall Street|Islamic State|Al Qaeda|Al-Qaeda|Moscow Times|
    New York Times|Washington Post|Associated Press|Fox News|Global Research|South Front
    """.split("|")  # noqa: SIM905
)
# Title-case words that make a two- or three-word run unlikely to be a person's name.
_NOT_PERSON_WORDS = frozenset(
    """
    Policy Research Global Report Articles Article Privacy Terms Service Contact Home World Business
    Politics Sports Health Science Technology Culture Opinion Breaking Live Update Updates National
    Federal Public Social Media Digital Daily Weekly Free Open Human Rights Energy Oil Trade Market
    Markets Economic Financial Development Affairs War Peace Crisis Day Year Week Cup Games Olympics
    Award Awards Prize Festival Summit Conference Forum Agreement Treaty Act Bill Law Constitution
    Resolution Declaration Plan Strategy Round North South East West Central Great Grand New Old
    High Low Top Middle Upper Lower Supreme Federal General Special Interim Joint Civil Criminal
    Operation Operations Project Program Programme Index Stock Stocks Exchange Election Elections
    Primary Debate Campaign Convention Tour Series League Championship Club Station Hall Tower
    Church Street Road Avenue Square Park Centre Center Building House Palace Castle Museum Gallery
    Airport Port Harbour Harbor Bridge Hospital Hotel Restaurant Mall Store Shop Bar Cafe Online
    Internet Web Email Mail Phone Video Audio Photo Photos Image Images Story Stories Page Site
    Network Channel Show Film Movie Book Album Song Music Art Arts Food Travel Style Fashion Life
    Education Security Defence Defense Foreign Interior Justice Finance Treasury Commerce Labor
    Labour Environment Climate Weather Ocean Water Land Air Space Army Navy Force Police Court
    Committee Council Union Party Group Company Bank Fund Trust Institute University College School
    """.split()  # noqa: SIM905
)
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())  # noqa: SIM905
_GAZETTEER = frozenset(
    s.strip()
    for s in """
    Afghanistan, Albania, Algeria, Angola, Argentina, Armenia, Australia, Austria, Azerbaijan,
    Bahrain, Bangladesh, Belarus, Belgium, Bolivia, Bosnia, Bosnia and Herzegovina, Herzegovina,
    Brazil, Bulgaria, Cambodia, Cameroon, Canada, Chile, China, Colombia, Congo, Croatia, Cuba,
    Cyprus, Czech Republic, Czechia, Denmark, Ecuador, Egypt, Estonia, Ethiopia, Finland, France,
    Georgia, Germany, Ghana, Greece, Hungary, Iceland, India, Indonesia, Iran, Iraq, Ireland,
    Israel, Italy, Japan, Jordan, Kazakhstan, Kenya, Kosovo, Kuwait, Kyrgyzstan, Latvia, Lebanon,
    Libya, Lithuania, Luxembourg, Macedonia, North Macedonia, Malaysia, Mali, Malta, Mexico,
    Moldova, Mongolia, Montenegro, Morocco, Myanmar, Nepal, Netherlands, New Zealand, Nigeria,
    North Korea, South Korea, Korea, Norway, Oman, Pakistan, Palestine, Panama, Peru, Philippines,
    Poland, Portugal, Qatar, Romania, Russia, Rwanda, Saudi Arabia, Serbia, Singapore, Slovakia,
    Slovenia, Somalia, South Africa, Spain, Sri Lanka, Sudan, South Sudan, Sweden, Switzerland,
    Syria, Taiwan, Tajikistan, Tanzania, Thailand, Tunisia, Turkey, Turkmenistan, Uganda, Ukraine,
    United Arab Emirates, United Kingdom, United States, United States of America, America,
    Uruguay, Uzbekistan, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe, Britain, Great Britain,
    England, Scotland, Wales, Northern Ireland, Yugoslavia, Soviet Union, Chechnya, Crimea,
    Donbas, Donbass, Gaza, West Bank, Abkhazia, Transnistria, Kurdistan, Tibet, Xinjiang,
    US, U.S., USA, U.S.A., UK, U.K., UAE, USSR,
    Europe, Asia, Africa, Latin America, North America, South America, Middle East, Balkans,
    Caucasus, Scandinavia, Siberia, Arctic, Antarctica, Mediterranean, Baltic, Black Sea,
    Pacific, Atlantic, Metohija, Kosovo and Metohija, Vojvodina, Sandzak, Transcarpathia,
    Kabul, Tirana, Algiers, Buenos Aires, Yerevan, Canberra, Vienna, Baku, Manama, Dhaka, Minsk,
    Brussels, Sarajevo, Brasilia, Sofia, Ottawa, Santiago, Beijing, Bogota, Zagreb, Havana,
    Nicosia, Prague, Copenhagen, Cairo, Tallinn, Helsinki, Paris, Tbilisi, Berlin, Athens,
    Budapest, Reykjavik, New Delhi, Delhi, Jakarta, Tehran, Baghdad, Dublin, Jerusalem, Tel Aviv,
    Rome, Tokyo, Amman, Astana, Nairobi, Pristina, Prishtina, Kuwait City, Riga, Beirut, Tripoli,
    Vilnius, Skopje, Valletta, Mexico City, Chisinau, Podgorica, Rabat, Amsterdam, The Hague,
    Wellington, Abuja, Pyongyang, Seoul, Oslo, Islamabad, Manila, Warsaw, Lisbon, Doha, Bucharest,
    Moscow, Riyadh, Belgrade, Bratislava, Ljubljana, Madrid, Stockholm, Bern, Geneva, Zurich,
    Damascus, Taipei, Bangkok, Tunis, Ankara, Istanbul, Kyiv, Kiev, Kharkiv, Odesa, Odessa,
    Lviv, Donetsk, Luhansk, Mariupol, Sevastopol, London, Washington, Hanoi, Caracas, Harare,
    New York, Los Angeles, Chicago, Houston, San Francisco, Boston, Miami, Philadelphia, Atlanta,
    Dallas, Seattle, Detroit, Denver, Las Vegas, Toronto, Montreal, Vancouver, Sydney, Melbourne,
    Mumbai, Shanghai, Hong Kong, Dubai, Abu Dhabi, Johannesburg, Lagos, Frankfurt, Munich,
    Hamburg, Milan, Naples, Barcelona, Manchester, Birmingham, Glasgow, Edinburgh, Marseille,
    Lyon, St Petersburg, St. Petersburg, Saint Petersburg, Novi Sad, Nis, Mitrovica,
    Kosovska Mitrovica, Strasbourg,
    Luxembourg, Monaco, Vatican City, Texas, California, Florida, Ohio, Iowa, Virginia,
    Pennsylvania, Michigan, Wisconsin, Arizona, Nevada, Colorado, New Hampshire, North Carolina,
    South Carolina, New Jersey, Illinois, Massachusetts, Minnesota, Missouri, Alabama, Utah,
    Oregon, Kentucky, Tennessee, Louisiana, Indiana, Maryland, Connecticut, Alaska, Hawaii
    """.split(",")  # noqa: SIM905
)
_GAZETTEER_UPPER = frozenset(g.upper() for g in _GAZETTEER)
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ics", "ance", "ence", "ship", "ology", "ing")
_SKIP_SINGLE = _FUNCTION_WORDS | _MONTHS | _WEEKDAYS | _DEMONYMS | _NOT_ORG_ACRONYMS
_DIGIT_AFTER = re.compile(r"[ \xa0]+\d")
_IN_PLACE = re.compile(rf"[ \xa0]+in[ \xa0]+({_U}{_L}+)")
_ACRONYM = re.compile(rf"(?:{_U}\.){{2,}}|{_U}{{2,6}}s?|{_U}{{1,4}}[&]{_U}{{1,4}}")


def find_names(text: str, start: int = 0, end: int | None = None) -> tuple[NameMention, ...]:
    """Return the names in ``text[start:end]`` with offsets into ``text``, in order."""
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    out: list[NameMention] = []
    surnames: dict[str, str] = {}
    places: set[str] = set()
    for m in _RUN.finditer(text, start, stop):
        run = m.group()
        if run in _SKIP_SINGLE:
            continue  # the commonest runs by far: "The", "He", "In", "Tuesday"
        s, e = m.span()
        # Runs join tokens with spaces only, so a possessive always ends a run ("Police's").
        if " " in run or "\xa0" in run:
            tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(text, s, e)]
        else:
            tokens = [(s, e)]
        mention = _classify(text, tokens, start, stop, surnames, places)
        if mention is None:
            continue
        out.append(mention)
        if mention.kind == "PERSON":
            parts = mention.normalized.split()
            if len(parts) >= 2:
                surnames[parts[-1]] = mention.normalized
        elif mention.kind == "PLACE":
            places.add(mention.normalized)
    return tuple(out)


def _classify(
    text: str, tokens: list[tuple[int, int]], lo: int, hi: int, surnames: dict[str, str], places: set[str]
) -> NameMention | None:
    s = tokens[0][0]
    # Strip leading function words and demonyms that cannot start a name; keep demonyms only as
    # part of a longer organisation ("Russian Foreign Ministry").
    sentence_initial = _at_sentence_start(text, s, lo)
    while tokens and _word(text, tokens[0]) in _FUNCTION_WORDS:
        tokens.pop(0)
        sentence_initial = False
    # Month and weekday words at the edges belong to dates ("Diplomacy September 25").
    while tokens and (_word(text, tokens[0]) in _MONTHS or _word(text, tokens[0]) in _WEEKDAYS):
        tokens.pop(0)
        sentence_initial = False
    while tokens and (
        _word(text, tokens[-1]) in _WEEKDAYS
        or (
            _word(text, tokens[-1]) in _MONTHS and len(tokens) > 1 and _DIGIT_AFTER.match(text, tokens[-1][1])
        )
    ):
        tokens.pop()
    if not tokens:
        return None
    if all(_word(text, t).isupper() for t in tokens) and len(tokens) >= 2:
        whole = text[tokens[0][0] : tokens[-1][1]]
        if whole in _GAZETTEER_UPPER:
            return _mention(text, tokens, "PLACE", tokens)
        return None  # headline shouting ("THE BALKANS", "BAHIA COCOA REVIEW")
    words = [_word(text, t) for t in tokens]

    # Titles: the last title word splits the span into title phrase and name.
    title_idx = max((i for i, w in enumerate(words) if w in _TITLES), default=-1)
    if title_idx >= 0:
        rest = tokens[title_idx + 1 :]
        rest = _skip_title_object(text, rest, tokens[title_idx][1])
        rest = [t for t in rest if _word(text, t) not in _DEMONYMS] if len(rest) > 1 else rest
        if rest and not any(_word(text, t) in _ORG_HEADS for t in rest):
            if any(w in _ORG_HEADS for w in words[: title_idx + 1]):
                pass  # "Foreign Ministry Spokesman ..." falls through to ORG below
            else:
                return _mention(text, tokens, "PERSON", rest)
        if not rest and all(w in _TITLES or w in _DEMONYMS or w in _GAZETTEER for w in words):
            return None  # "Serbian President", "Prime Minister" alone

    org = any(w in _ORG_HEADS for w in words[1:]) or (len(words) > 1 and words[0] in _ORG_HEADS)
    if org and len(words) != 1:
        ext = _IN_PLACE.match(text, tokens[-1][1], hi)
        if ext is not None and ext.group(1) in _GAZETTEER and words[-1] in _ORG_HEADS:
            end_tok = (ext.start(1), ext.end(1))  # "Mission in Kosovo"
            return _mention(text, [*tokens, end_tok], "ORG", [*tokens, end_tok])
        return _mention(text, tokens, "ORG", tokens)

    # Demonyms at the edges are not part of a place or person name ("Kosovo Serbs", "Russian").
    while tokens and _word(text, tokens[-1]) in _DEMONYMS:
        tokens.pop()
    while tokens and _word(text, tokens[0]) in _DEMONYMS:
        tokens.pop(0)
        sentence_initial = False
    if not tokens:
        return None
    words = [_word(text, t) for t in tokens]
    phrase = text[tokens[0][0] : tokens[-1][1]]

    if len(words) == 1:
        w = words[0]
        if w in _MONTHS or w in _WEEKDAYS or w in _ORG_HEADS or w in _TITLES or len(w) == 1:
            return None
        if w in _KNOWN_ORGS:
            return _mention(text, tokens, "ORG", tokens)
        if w in _GAZETTEER or (w.isupper() and w in _GAZETTEER_UPPER):
            return _mention(text, tokens, "PLACE", tokens)
        if w in _NOT_ORG_ACRONYMS:
            return None
        if _ACRONYM.fullmatch(w) and w.upper() == w:
            return _mention(text, tokens, "ORG", tokens)
        if w.isupper():
            return None  # shouted word, not an acronym we trust
        if w in surnames:
            return _mention(text, tokens, "PERSON", tokens)
        if w in places or _cue_before(
            text, tokens[0][0], lo, strong=not w[-1:].islower() or sentence_initial
        ):
            return _mention(text, tokens, "PLACE", tokens)
        if sentence_initial and _SPEECH_AFTER.match(text, tokens[-1][1], hi) is None:
            return None
        return _mention(text, tokens, "NAME", tokens)

    if phrase in _GAZETTEER or any(w in _PLACE_HEADS for w in words):
        return _mention(text, tokens, "PLACE", tokens)
    if phrase in places or _cue_before(text, tokens[0][0], lo, strong=True):
        return _mention(text, tokens, "PLACE", tokens)
    if (
        phrase in _KNOWN_ORG_PHRASES
        or any(w in _KNOWN_ORGS for w in words)
        or all(_ACRONYM.fullmatch(w) for w in words)
        or any(" ".join(words[i : i + 2]) in _KNOWN_ORG_PHRASES for i in range(len(words) - 1))
    ):
        return _mention(text, tokens, "ORG", tokens)
    for n in (2, 1):  # "Kosovo Albin Kurti": a place, then a person's name
        if len(words) - n in (2, 3) and " ".join(words[:n]) in _GAZETTEER and _person_like(words[n:]):
            return _mention(text, tokens[n:], "PERSON", tokens[n:])
    if (
        len(words) <= 3
        and _person_like(words)
        and all(not text[a[1] : b[0]].strip(" ") for a, b in pairwise(tokens))
    ):
        return _mention(text, tokens, "PERSON", tokens)
    return _mention(text, tokens, "NAME", tokens)


def _person_like(words: list[str]) -> bool:
    return all(
        w[:1].isupper()
        and not w.isupper()
        and w not in _GAZETTEER
        and w not in _KNOWN_ORGS
        and w not in _NOT_PERSON_WORDS
        and not w.endswith(_NOUN_SUFFIXES)
        for w in words
    )


def _skip_title_object(text: str, rest: list[tuple[int, int]], title_end: int) -> list[tuple[int, int]]:
    """Drop "to Serbia" / "of Kosovo" after a title: "Ambassador to Serbia Alexander B." -> name."""
    if not rest:
        return rest
    between = text[title_end : rest[0][0]].strip(" ").lower()
    if between in ("of", "to", "for", "of the", "for the", "to the"):
        for n in (3, 2, 1):
            if len(rest) > n and " ".join(_word(text, t) for t in rest[:n]) in _GAZETTEER:
                return rest[n:]
        return rest[1:] if len(rest) > 2 else []
    return rest


def _mention(
    text: str, span_tokens: list[tuple[int, int]], kind: str, name_tokens: list[tuple[int, int]]
) -> NameMention:
    s, e = span_tokens[0][0], span_tokens[-1][1]
    normalized = " ".join(text[name_tokens[0][0] : name_tokens[-1][1]].split())
    return NameMention(start=s, end=e, text=text[s:e], kind=kind, normalized=normalized)


def _word(text: str, tok: tuple[int, int]) -> str:
    return text[tok[0] : tok[1]]


def _at_sentence_start(text: str, pos: int, lo: int) -> bool:
    j = pos - 1
    while j >= lo and text[j] in " \t\"'“‘([*#":
        j -= 1
    return j < lo or text[j] in ".!?\n:;•|—–-"


def _cue_before(text: str, pos: int, lo: int, *, strong: bool) -> bool:
    chunk = text[max(lo, pos - 40) : pos]
    return (_STRONG_PLACE_CUE if strong else _PLACE_CUE).search(chunk) is not None

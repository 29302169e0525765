"""Word lists for speaker attribution: speech verbs, speaker nouns, titles, pronouns.

Kept apart from the matching code so they can be tuned (on PolNeAR train) without touching the rules.
State-change verbs ("declared independence", "added strains") are deliberately not unconditional cues.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that mark reported speech whatever follows them ("X said", "X told reporters", "X has demanded").
STRONG_VERBS: frozenset[str] = _words("""
    say says said tell tells told write writes wrote stated claim claims claimed
    tweet tweets tweeted insist insists insisted assert asserts asserted argue argues argued
    explain explains explained demand demands demanded demanding allege alleges alleged
    contend contends contended testified testifies denounce denounces denounced condemn condemns
    condemned lambasted lambastes blasted blasts slammed slams criticized criticizes criticised
    accused accuses mused quipped stressed emphasized emphasised report reports reported
    """)

# Verbs that are speech only with a complement that looks like speech: "that", a comma, a colon,
# a quotation mark, or the end of the sentence ("added further strains" is not speech).
WEAK_VERBS: frozenset[str] = _words("""
    add adds added note notes noted report reports reported warn warns warned announce announces
    announced suggest suggests suggested acknowledge acknowledges acknowledged admit admits admitted
    confirm confirms confirmed deny denies denied declare declares declared continue continues
    continued conclude concludes concluded reply replies replied respond responds responded recall
    recalls recalled predict predicts predicted promise promises promised vow vows vowed pledge
    pledges pledged urge urges urged ask asks asked observe observes observed remark remarks
    remarked complain complains complained believe believes think thinks thought agree agrees
    agreed estimate estimates estimated show shows showed found finds charged charges
    maintain maintains maintained countered counters wondered wonders boasted boasts
    announced explained pointed predicted told understand understands understood
    """)

# Gerunds whose speaker is the subject of the sentence ("..., saying that ...").
GERUNDS: frozenset[str] = _words("""
    saying adding noting arguing claiming insisting telling writing warning stressing explaining
    calling asserting suggesting declaring urging accusing alleging
    """)

# Verbs that may be inverted after a quotation or comma: '"...," said the minister'.
INVERTIBLE: frozenset[str] = _words("""
    said says added wrote asked continued explained noted recalled replied responded told tweeted
    stated insisted argued warned concluded say
    """)

# Words allowed between a speaker and its verb: "has said", "also said", "later told".
VERB_FILLERS: frozenset[str] = _words("""
    has have had is was were are will would also later then previously recently repeatedly publicly
    earlier reportedly further again once already quickly subsequently flatly privately openly
    famously initially separately similarly originally first last just simply often frequently
    however too though thus meanwhile instead still even
    """)

# Lowercase head nouns that can be speakers on their own ("officials said", "the report found").
SPEAKER_NOUNS: frozenset[str] = _words("""
    source sources official officials spokesman spokeswoman spokesperson spokespeople aide aides
    adviser advisers advisor advisors analyst analysts expert experts critic critics report reports
    statement poll polls survey surveys study studies data government ministry embassy police
    president minister ambassador senator congressman congresswoman governor mayor campaign
    committee commission council court judge lawyer lawyers attorney attorneys prosecutor
    prosecutors investigators officers officer authorities administration agency department
    diplomat diplomats leader leaders chairman chairwoman chair director secretary spokesmen
    organization group groups mission office party candidate nominee supporters opponents voters
    residents witnesses witness activists researchers scientists economists member members
    representative representatives lawmakers legislators people person man woman
    democrats republicans medic doctor doctors side newspaper paper article website documents
    document video letter memo emails email records record filing filings complaint lawsuit
    sponsor sponsors staff staffer staffers team teams commander general press service
    ministers counsel founder ceo executive executives manager managers strategist strategists
    pollster pollsters observers insiders allies ally friend friends family associate associates
    operative operatives adviser outlet outlets media magazine airline company companies firm
    donors donor fans fan delegates delegate advocates advocate proponents proponent organizers
    organizer americans conservatives liberals progressives historians historian scholars scholar
    participants respondents students student parents workers worker employees employee owners
    owner protesters protester demonstrators veterans veteran immigrants consultants consultant
    neighbors neighbor colleagues colleague relatives relative authors author writers writer
    reporters reporter journalists journalist editors editor columnists columnist commentators
    commentator pundits pundit skeptics backers backer evangelicals justices justice senators
    governors mayors candidates rival rivals nurses teachers teacher farmers host anchor moderator
    insider observer voter resident supporter opponent leader lawmaker member player players
    speakers speaker bundlers endorsers surveyed polled interviewed
    crowd audience politicians women men businessman businesswoman front-runner frontrunner camp
    activist attendees mogul tycoon magnate narrator actor actress panel superdelegates neurosurgeon
    husband wife mother father moderators hopefuls contenders independents speechwriter investors
    ad ads tweet editorial unions organizations electorate analysis
    """) | _words("""
    government ministry embassy police campaign committee commission council court administration
    agency department organization group mission office party newspaper paper website report
    statement poll survey study company firm union bank service kremlin pentagon army
    network channel coalition board institute foundation association university
    """)

# Heads that name an organisation or a thing rather than a person ("it said", not "he said").
ORG_NOUNS: frozenset[str] = _words("""
    government ministry embassy police campaign committee commission council court administration
    agency department organization group mission office party newspaper paper website report
    statement poll survey study company firm union bank service kremlin pentagon army navy
    times post journal network channel network agency tass reuters ap cnn bbc nato eu un unmik
    kfor white house senate house congress parliament cabinet foundation institute center centre
    university association coalition board
    """)

PLURAL_NOUNS: frozenset[str] = frozenset(
    w for w in SPEAKER_NOUNS if w.endswith("s") and w not in {"press", "news", "witness", "counsel"}
) | _words("police people staff data")

# Modifiers that precede a title or name inside a speaker phrase ("former President Obama").
NP_MODIFIERS: frozenset[str] = _words("""
    former then retired senior deputy acting top chief vice interim outgoing incoming current late
    longtime veteran lead head assistant associate executive general prime foreign federal state
    local national international regional republican democratic conservative liberal
    """)

DETERMINERS: frozenset[str] = _words("""
    the a an this that these those his her their its our my your one two three several some many
    other another most both few all each every
    """)

# Capitalised words that begin sentences or clauses but never start a speaker name.
CAP_STOPWORDS: frozenset[str] = _words("""
    but and so yet then still however now also in on at when while after before because although
    though if as since until during for from with without by to of or nor not no yes meanwhile
    moreover furthermore instead indeed thus therefore here there this that these those it its
    what which who whom whose where why how earlier later today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday last next some many most all both each every such
    only even just once mr mrs ms my your our their his her whether unless
    """) - {"mr", "mrs", "ms"}

# Words that end a speaker phrase when met while scanning: clause and function words.
CLAUSE_WORDS: frozenset[str] = _words("""
    that which who whom whose where when while because although though if as since until and but or
    nor so yet than then is was were are be been being has have had will would can could should
    may might must do does did not also to in on at by with from into onto about after before
    during over under against between through without within among across for
    """)

PERSONAL_PRONOUNS: dict[str, str] = {
    "he": "he",
    "him": "he",
    "she": "she",
    "her": "she",
    "it": "it",
    "they": "they",
    "them": "they",
}
FIRST_PERSON: frozenset[str] = frozenset({"i", "we"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which"})

TITLES: frozenset[str] = _words("""
    mr. mrs. ms. dr. gen. sen. rep. gov. lt. col. sgt. capt. maj. adm. prof. rev. pres. atty. supt.
    jr. sr. st. ft. gov. amb. sec. cmdr. insp. det. hon.
    """)

# Capitalised adjectives of nationality or affiliation, which do not make a phrase "named".
NATIONALITY_SUFFIXES: tuple[str, ...] = ("ian", "ese", "ish", "an", "i", "ic")

WEEKDAYS: frozenset[str] = _words("monday tuesday wednesday thursday friday saturday sunday")
# Words of a time phrase that can sit between a speaker and the verb ("Clinton on Tuesday said").
TIME_WORDS: frozenset[str] = WEEKDAYS | _words(
    "morning afternoon evening night week month year weekend today yesterday tonight day"
)

QUANTIFIERS: frozenset[str] = _words(
    "half most many some several few all majority minority third quarter one two three four five"
)

# Words at the start of a line that label page furniture, not a speaker ("Video: ...", "Update: ...").
LABELS: frozenset[str] = _words("""
    video photo photos watch exclusive update updated breaking region theme report disclaimer note
    copyright source sources related live opinion analysis editorial correction editor's editor
    read more see also tags tag category filed posted published by articles article image images
    caption credit subscribe sign share comments comment listen audio podcast latest
    """)

# Titles and common first names that give a speaker's grammatical gender for he/she resolution.
MALE: frozenset[str] = _words("""
    mr mister sir king prince lord donald bernie ted marco jeb john ben chris rand mike paul barack
    joe bill george ron rick scott jim tim tom bob james robert michael david richard charles joseph
    thomas mark steven steve kevin jason brian eric jeff gary larry frank peter andrew jack mitch
    harry newt reince corey chuck al martin luther jesse bobby rudy roger sean tucker bret lester
    anderson wolf jake chuck marty dan daniel matt matthew ryan adam jon jonathan william henry
    edward ed greg gregory jerry dennis doug douglas patrick pat keith kenneth ken ronald alan
    allen carl stephen sam samuel vladimir xi recep benjamin bashar kim emmanuel francois angelo
    aleksandar alexander albin ramush mikhail sergei dmitry boris viktor hashim vucic
    """)
FEMALE: frozenset[str] = _words("""
    mrs ms miss madam lady queen hillary nancy elizabeth sarah carly nikki michelle melania ivanka
    chelsea kellyanne hope debbie donna loretta susan amy kamala jill barbara laura mary patricia
    jennifer linda jessica karen lisa maria anna emily ruth megyn katy rachel maxine tammy kirsten
    dianne claire jeanne marsha kelly ann anne jane julia kate katie brenda nicole diane janet joan
    joni heidi lois martha margaret angela theresa christine marine ava cecile gilda jillian
    huma cheryl sheryl tina gloria ellen oprah beyonce madeleine condoleezza samantha valerie
    """)
MALE_NOUNS: frozenset[str] = _words(
    "spokesman congressman chairman businessman man father husband son brother boy"
)
FEMALE_NOUNS: frozenset[str] = _words(
    "spokeswoman congresswoman chairwoman businesswoman woman mother wife daughter sister girl"
)

# Verbs of stance and intention that PolNeAR also annotates as attributions ("Trump wants ...",
# "the poll shows ..."). Treated like strong verbs but kept apart so they can be switched off.
STANCE_VERBS: frozenset[str] = _words("""
    want wants wanted hope hopes hoped plan plans planned believe believes believed think thinks
    thought feel feels felt fear fears feared expect expects expected support supports supported
    oppose opposes opposed endorse endorses endorsed praise praises praised describe describes
    described question questions questioned
    cite cites cited reveal reveals revealed propose proposes proposed know knows knew agree
    agrees agreed disagree disagrees disagreed show shows showed found finds suggest suggests
    suggested warn warns warned urge urges urged argue argued announce announces announced
    predict predicts predicted promise promises promised vow vows vowed acknowledge acknowledges
    acknowledged admit admits admitted confirm confirms confirmed deny denies denied recall
    recalls recalled estimate estimates estimated insisted
    """)

# Irregular past participles that end a speaker phrase ("according to a video shot during ...").
PARTICIPLES: frozenset[str] = _words(
    "shot taken made seen written given held known told sent built run done shown drawn"
)

# Negations and auxiliaries that may separate a speaker from the verb ("Democrats don't think").
NEGATIONS: frozenset[str] = _words("""
    not never do does did don't doesn't didn't won't wouldn't can't cannot couldn't isn't wasn't
    haven't hasn't hadn't aren't weren't shouldn't
    """)

# Words ending in -ly that are nouns or verbs, never adverbs between a speaker and its verb.
LY_NOT_ADVERBS: frozenset[str] = _words("""
    rally rallies assembly supply reply apply imply comply rely tally bully anomaly monopoly homily
    folly belly jelly melancholy multiply
    """)

# Cue words that are just as often nouns: "the new report", "a fake war report", "voter fears".
NOUN_CUES: frozenset[str] = _words("""
    report reports claim claims plan plans show shows fear fears hope hopes tweet tweets demand demands
    promise promises pledge pledges vow vows estimate estimates note notes support supports question
    questions charge charges reply replies remark remarks warning concern concerns
    """)

# First words that make a phrase a prepositional phrase or a comparison, not a speaker ("like Trump").
NOT_SPEAKER_OPENERS: frozenset[str] = _words("""
    like unlike than of for to about against among between through without under including via per
    amid despite
    """)

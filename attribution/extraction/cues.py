"""The attribution lexicon: cue verbs, source phrases and the nouns speakers use.

Everything here is general English; no name of a person or outlet belongs here.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text`."""
    return frozenset(text.split())


# Verbs that report speech or writing; their content is a clause or a quotation.
SPEECH_VERBS = word_set(
    """say tell add claim confirm insist warn deny admit argue note explain state
    announce declare assert allege acknowledge reveal stress emphasise emphasize
    maintain contend suggest report write tweet recall predict testify concede
    complain vow promise pledge reiterate repeat respond reply answer counter retort
    observe caution conclude disclose inform assure mention recount remark exclaim
    shout scream whisper joke lament boast quip muse speculate affirm aver attest
    continue comment agree reckon urge point estimate forecast
    accept"""
)

# Verbs that report a belief; treated like speech when they take a clause.
COGNITION_VERBS = word_set("believe think suspect")

# Verbs that report a finding; cues only when a study or report is their subject.
FINDING_VERBS = word_set("find show")
RESEARCH_NOUNS = word_set(
    """study research survey analysis report review investigation paper trial
    audit poll inquiry assessment"""
)

# Verbs that liken their object to something: "compared the law to "a lock"".
LIKENING_VERBS = word_set("compare liken")

# Verbs that assert through their object: "blamed X for Y", "denied any role".
DENYING_VERBS = word_set("deny")
EVALUATIVE_VERBS = (
    word_set("blame praise criticise criticize fault commend applaud slam condemn")
    | DENYING_VERBS
)

# Verbs that give what they name a quoted name: "what she described as "...""
NAMING_VERBS = word_set(
    "describe call brand label characterise characterize hail dub term"
)

# Verbs that characterise their object: "described the closure as "unlawful"",
# "accused the governor of ...", "called the charges "a vendetta"": the naming,
# likening and evaluative verbs, and these.
DESCRIBING_VERBS = (
    word_set(
        """accuse dismiss portray defend justify denounce decry reject tout
        depict"""
    )
    | (NAMING_VERBS - word_set("dub term"))
    | LIKENING_VERBS
    | EVALUATIVE_VERBS
)

# "expressed confidence that ...", "voiced concern that ...": a verb that puts a
# stance forward, and the nouns of the stance whose that-clause is a claim.
STANCE_VERBS = word_set("express voice raise share")
STANCE_NOUNS = word_set(
    """confidence optimism hope fear concern doubt belief conviction view opinion
    scepticism skepticism worry frustration regret surprise anger dismay
    satisfaction suspicion"""
)

# Verbs that give a document's words when a document is their subject.
READING_VERBS = word_set("read")

# Verbs of a gesture that, before a colon and a quotation, introduce what is said:
# "the coach smiled: "Ask Lewis."".
GESTURE_VERBS = word_set("smile laugh shrug sigh grin chuckle nod")

# Verbs whose "how" clause is an account of events: "she told how she ...".
HOW_VERBS = word_set("tell recall recount reveal")

# "X quoted Y as saying", "X cited Y as saying": the subject relays the speaker.
QUOTING_VERBS = word_set("quote cite")

# Verbs whose direct object is the person addressed ("told CNN", "warned them").
ADDRESSEE_VERBS = word_set("tell inform assure warn brief remind notify promise")

# A pronoun speaker with one of these continues the attribution before it.
FOLLOW_ON_VERBS = word_set("add continue say tell explain note insist conclude go")
NAMED_FOLLOW_ON_VERBS = word_set("add continue go")

# Participles that introduce a further statement: "..., adding that ...".
PARTICIPLE_CUES = word_set(
    """adding saying noting warning explaining insisting claiming arguing stressing
    stating telling writing"""
)

# Governing verbs after which a cue reports no statement ("declined to say").
REFUSAL_VERBS = word_set("decline refuse fail hesitate")

# Verbs that make an organisation a publisher ("X published an interview").
PUBLISH_VERBS = word_set("publish report interview air broadcast print post run quote")

# Source phrases: "according to X", "as per X".
SOURCE_PHRASES = (("according", "to"), ("as", "per"))

# Nouns that name an outlet by its kind, and the gazetteer kinds each may mean.
MEDIA_NOUNS: dict[str, frozenset[str]] = {
    "newspaper": word_set("newspaper"),
    "paper": word_set("newspaper"),
    "daily": word_set("newspaper"),
    "tabloid": word_set("newspaper"),
    "broadsheet": word_set("newspaper"),
    "broadcaster": word_set("broadcaster"),
    "channel": word_set("broadcaster"),
    "network": word_set("broadcaster"),
    "station": word_set("broadcaster"),
    "agency": word_set("wire_service"),
    "wire": word_set("wire_service"),
    "magazine": word_set("magazine"),
    "weekly": word_set("magazine newspaper"),
    "outlet": word_set("newspaper broadcaster wire_service magazine website"),
    "publication": word_set("newspaper broadcaster wire_service magazine website"),
    "website": word_set("website newspaper broadcaster wire_service magazine"),
    "site": word_set("website newspaper broadcaster wire_service magazine"),
    "portal": word_set("website"),
}

# Nouns for organisations that speak for themselves.
ORG_NOUNS = word_set(
    """group organisation organization ngo charity watchdog association foundation
    movement party company firm ministry committee council union institute monitor
    campaign coalition body authority department office agency commission army
    military government administration company corporation bank court center centre
    service embassy team club league federation alliance network project initiative
    app platform startup start-up airline carrier retailer manufacturer maker
    insurer lender operator giant chain brand studio label developer utility
    supermarket conglomerate biotech drugmaker automaker carmaker chipmaker"""
)

# Collective nouns for bodies that speak in the plural ("police said").
GROUP_NOUNS = word_set(
    """police officials authorities prosecutors investigators officers guards
    residents witnesses sources experts analysts critics lawyers doctors
    researchers scientists activists diplomats lawmakers legislators ministers
    organisers organizers rescuers troops soldiers firefighters medics staff"""
)

# Role nouns: what a person is in the story ("his lawyer", "the founder").
ROLE_NOUNS = word_set(
    """lawyer attorney barrister solicitor counsel spokesman spokeswoman spokesperson
    founder cofounder co-founder director head chief minister president official
    officer commander analyst expert researcher professor adviser advisor aide
    representative ambassador governor mayor senator leader chairman chairwoman
    chair ceo secretary general colonel prosecutor judge witness resident doctor
    scientist economist activist journalist reporter editor correspondent friend
    relative mother father wife husband brother sister son daughter neighbour
    neighbor colleague soldier defector commentator politician lawmaker mp deputy
    campaigner negotiator envoy manager owner employee worker member coordinator
    historian author blogger student teacher victim survivor veteran fighter
    mercenary priest bishop diplomat source insider executive founder-director
    chancellor premier king queen prince princess pope monarch candidate nominee
    presenter host producer father-in-law partner fiancee fiance girlfriend
    boyfriend uncle aunt cousin grandmother grandfather pilot captain sergeant
    lieutenant major admiral marshal sheriff inspector detective constable
    superintendent commissioner surgeon nurse psychologist psychiatrist
    therapist consultant specialist engineer investor entrepreneur businessman
    businesswoman tycoon oligarch billionaire millionaire dean provost principal
    registrar coroner magistrate treasurer trustee councillor councilman
    councilwoman alderman coach referee player striker midfielder goalkeeper
    defender winger actor actress singer rapper musician comedian agent publicist
    rep assistant strategist pollster lobbyist epidemiologist virologist physician
    paramedic firefighter trooper warden curator architect accountant auditor
    banker trader broker shareholder chairperson administrator headteacher
    headmaster headmistress lecturer academic cleric undersecretary heir heiress
    defendant claimant plaintiff complainant accused juror appellant clerk
    commodore chef skier athlete cyclist swimmer sprinter boxer golfer jockey
    skater snowboarder mountaineer gymnast rower designer photographer artist
    painter sculptor novelist poet playwright filmmaker dancer pianist violinist
    midwife pharmacist dentist veterinarian electrician plumber mechanic"""
)

# Org nouns general enough to stand for any organisation ("the organisation").
GENERIC_ORG_NOUNS = word_set(
    """organisation organization group body charity agency company firm ngo business
    biotech drugmaker automaker carmaker chipmaker"""
)

# Nouns for people who are not defined by a role ("a woman in Texas").
PERSON_NOUNS = word_set(
    """woman man person girl boy teenager child individual patient passenger
    customer user voter supporter protester protestor nurse villager farmer
    shopkeeper driver mother father parent survivor eyewitness local"""
)

# Words that may precede a name as a title and are not part of it.
TITLES = word_set(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady president
    minister senator sen. rep. gov. governor gen. general col. colonel capt. captain
    lt. sgt. judge justice pope king queen prince princess chancellor mayor
    ambassador commissioner chief premier secretary father rev. reverend sheikh
    ayatollah archbishop bishop commander major lieutenant sergeant admiral
    marshal professor doctor deputy spokesman spokeswoman founder lawyer comrade
    superintendent inspector detective constable pastor imam rabbi cllr councillor
    alderman shri sri smt shrimati kumari"""
)

# Words in a proper name that mark an organisation rather than a person.
# Words in the name of a newspaper or broadcaster the gazetteer may not know.
MEDIA_NAME_WORDS = word_set(
    """zeitung tageszeitung herald tribune gazette journal courier chronicle
    observer corriere gazzetta diario folha nachrichten kurier"""
)

ORG_NAME_WORDS = (
    word_set(
        """group ministry police agency council party army committee union office
    department court bank company corporation inc ltd llc plc university institute
    foundation association commission service services forces government news
    network times post press radio tv television channel organisation organization
    federation league club fund programme program centre center authority board
    parliament congress senate assembly kremlin pentagon house navy command guard
    watch international institute observatory monitor republic federation
    brigade battalion regiment division corps movement front coalition alliance
    foods pictures airlines airways motors holdings capital partners technologies
    systems energy pharmaceuticals pharma labs laboratories media entertainment
    records studios networks power industries solutions logistics resources mining
    minerals oil gas rail telecom software therapeutics biosciences ventures
    investments insurance brands stores markets hospital hospitals clinic
    school college academy trust staff headquarters secretariat directorate
    inspectorate bureau cabinet tribunal"""
    )
    | MEDIA_NAME_WORDS
)

# Words in a name that mark a public institution, which is never a news medium.
INSTITUTION_WORDS = word_set(
    """court tribunal parliament congress senate assembly committee council ministry
    police government department commission inquiry jury cabinet board"""
)

# What a public figure is, used with "the" to refer back to them by name ("the
# actress", "the billionaire"); such a noun rarely introduces someone new.
EPITHET_NOUNS = word_set(
    """actor actress singer rapper musician comedian star billionaire tycoon
    businessman businesswoman heir heiress entrepreneur oligarch"""
)

# An age used as a noun for someone named before: "the 54-year-old".
AGE_EPITHET = re.compile(r"\b\d+-year-old\b")

# Nouns for people that say whether they are a man or a woman.
MASCULINE_NOUNS = word_set(
    """man boy spokesman chairman businessman councilman father husband brother son
    king prince boyfriend fiance uncle grandfather heir headmaster actor"""
)
FEMININE_NOUNS = word_set(
    """woman girl spokeswoman chairwoman businesswoman councilwoman mother wife
    sister daughter queen princess girlfriend fiancee aunt grandmother heiress
    headmistress actress"""
)

MASCULINE = word_set("he him his himself")
FEMININE = word_set("she her hers herself")
PLURAL_PRONOUNS = word_set("they them their themselves")
NEUTER = word_set("it its itself")
PERSON_PRONOUNS = MASCULINE | FEMININE
SPEAKER_PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER | word_set("i we you")
RELATIVE_PRONOUNS = word_set("who which that whom")

# Heads of source phrases that stand for their author ("a statement from X").
DOCUMENT_NOUNS = word_set(
    """statement report reports document documents data figures estimate estimates
    survey study analysis poll interview article post tweet letter filing
    complaint lawsuit suit petition record records transcript footage video memo
    release communique
    assessment investigation review sources source media reporting account"""
)

# Words that make an interview another occasion: "in another interview".
OTHER_OCCASION_WORDS = word_set("another separate later different subsequent second")

# Verbs that put a document out: its subject is the author the document speaks for.
ISSUE_VERBS = word_set("issue release publish circulate send distribute provide")

# Verbs of a speech event that carry no statement of their own ("X spoke to a
# few reporters", "X expanded on his reaction"): "according to OUTLET" on such a
# clause sets the scene for what X says next, and is no claim itself.
SPEECH_EVENT_VERBS = word_set("speak talk expand elaborate chat")

# Verbs for an outlet getting hold of someone: "Reached by phone by X, Y said".
CONTACT_VERBS = word_set("reach contact approach interview question ask")

# Source heads too vague to name a speaker ("according to reports").
VAGUE_SOURCES = word_set("reports media reporting accounts rumours rumors sources")

# Prepositions whose object may be the outlet a statement was made to.
ADDRESSEE_PREPOSITIONS = word_set("to with")
FRAME_PREPOSITIONS = word_set(
    """to with in on at during by from for after before over via through"""
)

# Nouns that make a prepositional phrase an interview ("in an interview with").
INTERVIEW_NOUNS = word_set(
    "interview interviews comments remarks conversation call podcast programme show"
)


# What an outlet may cite that speaks for no one: it stays the speaker.
RECORD_NOUNS = word_set(
    """filing data record document register figure statistic footage map image
    letter memo email message"""
)

# Verbs of asking: "asked if X would stay" asks, it reports no statement.
ASKING_VERBS = word_set("ask wonder question query")

# Words that open a time clause after a quotation: "... "robbed" after a penalty".
TAIL_WORDS = word_set("after before when until following since")

# The public of an outlet: "told Der Spiegel and its readers".
AUDIENCE_NOUNS = word_set("reader viewer listener audience follower subscriber fan")

# Words that say what kind of medium a report came from ("newspaper reports").
MEDIUM_KINDS = frozenset(MEDIA_NOUNS) | word_set(
    "media press news television tv radio local state official"
)

# Words that open a concession: "A, although B".
CONCESSIVE_WORDS = word_set("although though whereas")


# A closing cue after a name, and its lemma: "..., the BBC understands."
CLOSING_CUES = {
    "understands": "understand",
    "understood": "understand",
    "learned": "learn",
    "learnt": "learn",
    "reports": "report",
}

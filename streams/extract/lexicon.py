"""Word classes the rules share. Lemmas, lower case.

Each set names a meaning, not a test sentence: a word goes in when it carries that meaning
in news English generally.
"""

from __future__ import annotations

# --- actors ---------------------------------------------------------------------------
# Heads that make a demonym or country modifier mean the state ("Chinese officials").
GOVERNMENT_HEADS = frozenset(
    """
government administration authority authorities cabinet ministry ministries minister ministers
president presidents premier chancellor leader leaders official officials diplomat diplomats
envoy envoys ambassador ambassadors delegation delegations negotiator negotiators spokesman
spokeswoman spokesperson counterpart counterparts state states nation nations country countries
side sides regime junta parliament congress senate assembly legislature army military navy
forces force troops king queen emir emirate prince monarch sheikh ayatollah secretary chief
head general commander foreign office department embassy mission representative representatives
aide aides adviser advisers advisor prosecutor court leadership kremlin palace council
""".split()
)

# Words that make an NP a party to a conflict or a cause, not the state
# ("Afghan rebel leaders", "the Syrian opposition", "an Israeli peace movement").
NON_STATE = frozenset(
    """rebel rebels opposition militant militants insurgent insurgents separatist
separatists guerrilla guerrillas dissident dissidents exile exiles jihadist jihadists
movement movements faction factions""".split()
)

# Heads that make it private people, not the state ("Chinese consumers").
PEOPLE_HEADS = frozenset(
    """
consumer consumers shopper shoppers fan fans people citizen citizens resident residents
activist activists protester protesters student students company companies firm firms brand
brands retailer retailers celebrity celebrities star stars athlete athletes player players
worker workers farmer farmers business businesses user users netizen netizens customer
customers tourist tourists traveller travellers traveler travelers investor investors
union unions artist artists writer writers influencer influencers academic academics
scientist scientists group groups community communities diaspora supporter supporters
voter voters parent parents family families individual individuals person persons
""".split()
)

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his", "hers"})
PRONOUNS_GROUP = frozenset({"they", "them", "their", "theirs", "we", "us", "our", "it", "its"})
# Verbs of saying: "Nigeria announced that it will ..." — "it" is Nigeria.
SAY_VERBS = frozenset(
    """
say tell add state announce report claim insist confirm declare write quote note stress
reiterate warn vow pledge promise threaten signal indicate explain argue
""".split()
)

# --- call media -------------------------------------------------------------------------
VIDEO = frozenset(
    """video videoconference video-conference videolink video-link virtual
virtually online zoom teleconference webcast videoconferencing""".split()
)
PHONE = frozenset("phone telephone telephonic telephonically phones cellphone".split())
MEDIUM = VIDEO | PHONE

# --- modality -------------------------------------------------------------------------
NEGATING_GOVERNORS = frozenset(
    """
decline refuse reject deny rule fail cancel scrap abandon drop shelve postpone avoid resist
spurn snub oppose forgo forego skip boycott halt suspend stop lift quit withdraw
unable ease relax loosen soften
""".split()
)
# Governors whose complement is not (yet) real: appeals, proposals, wishes, considerations.
HYPOTHETICAL_GOVERNORS = frozenset(
    """
call urge demand propose suggest consider mull weigh want wish hope seek ask press push
request appeal advocate recommend favor favour support endorse debate discuss explore threaten
warn risk could might may should must would ready willing prepared able challenge dare
""".split()
)
PLANNING_GOVERNORS = frozenset(
    """
plan intend aim prepare schedule expect set due go agree decide vow pledge promise commit
offer announce look arrange invite confirm
""".split()
)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# "would" is the future of reported speech ("said they would visit") as well as the
# conditional, so it is read in context; the others only ever hedge.
WOULD = frozenset({"would", "'d"})
HEDGING_AUX = frozenset({"could", "might", "may"})
CONDITIONAL_AUX = WOULD | HEDGING_AUX | {"should", "must"}
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})

# --- argument heads per type ------------------------------------------------------------
TREATY_HEADS = frozenset(
    """
treaty treaties pact pacts agreement agreements accord accords deal deals mandate mandates
convention conventions arrangement arrangements memorandum memoranda mou protocol protocols
truce truces ceasefire ceasefires cease-fire armistice lease leases
""".split()
)
# Things that are extended but are not treaties: the classic near-misses.
NOT_TREATY_HEADS = frozenset(
    """
curfew curfews lead lockdown lockdowns deadline deadlines invitation invitations condolence
condolences sympathy sympathies loan loans credit contract contracts visa visas stay streak
hand welcome gratitude thanks congratulations support olive branch reach influence run
winning season restriction restrictions measure measures emergency ban bans sanction sanctions
embargo tariff tariffs hours hour holiday break program programme scheme operation deployment
detention custody sentence term probe investigation inquiry moratorium suspension exemption
waiver waivers license licence
""".split()
)
# Words of business and labour: an agreement of theirs is no treaty.
COMMERCIAL = frozenset(
    """union unions company companies firm firms corporation merger takeover contract
shareholders holders retailer retailers labor labour wage wages employees workers carriage
broadcast broadcasting sponsorship licensing""".split()
)
SANCTION_HEADS = frozenset({"sanction", "sanctions", "embargo", "embargoes", "blacklist"})
AGREEMENT_HEADS = TREATY_HEADS - frozenset({"mandate", "mandates", "initiative", "alliance"})

# --- numbers --------------------------------------------------------------------------
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}


def number(word: str, *, article: bool = False) -> int | None:
    """ "five" or "5" → 5; with ``article``, "a"/"an" count one ("a year")."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if article and word in ("a", "an"):
        return 1
    return NUMBER_WORDS.get(word)

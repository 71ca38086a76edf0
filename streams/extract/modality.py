"""Did it happen? occurred, planned, negated or hypothetical: one judgement for every rule.

A rule finds a trigger and its arguments; this module reads the status off the parse. The
trigger's own predicate is checked first, then the verbs that embed it ("declined to join
the boycott", "set to boycott", "looking forward to meeting"), nearest first; the first
one that says something decides. Two kinds of trigger are read differently, and the rule
says which (``Candidate.reading``):

- ``speech``: a threat is made when it is uttered, whatever its content ("threatened to
  boycott if ..."); only a denied threat is negated.
- ``refusal``: the negation is the act itself ("will not attend the Games", "not to buy
  Australian coal" are boycotts); only the tense and a disavowal ("rather than a
  boycott") change the status.

Public API: ``status_of`` and ``settle`` (the judgement), and the small questions rules
ask to recognise their own triggers: ``would``, ``is_modal``, ``condition_of``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from streams.extract.lexicon import (
    CONDITIONAL_AUX,
    CONDITIONAL_MARKS,
    FUTURE_AUX,
    HEDGING_AUX,
    HYPOTHETICAL_GOVERNORS,
    NEGATING_GOVERNORS,
    PLANNING_GOVERNORS,
    SAY_VERBS,
    WOULD,
)
from streams.extract.syntax import CLAUSE, NEAR, heads, lemma_of, top
from streams.records import EventDate, EventType, Status

if TYPE_CHECKING:
    from datetime import date

    from streams.extract.candidate import Candidate, Reading

# Links along which an embedding verb governs the trigger's event.
_EMBED = frozenset(
    """xcomp ccomp pcomp prep acomp conj advcl dobj pobj attr nsubj nsubjpass
oprd compound amod appos npadvmod acl""".split()
)
# A noun event inside one of these adjunct PPs is presupposed to have happened
# ("during a video call", "after talks").
_ADJUNCT_PREPS = frozenset(
    "during in at after following on amid over since through via".split()
)  # fmt: skip
_FUTURE_NOUN_MODS = frozenset(
    "next upcoming planned future expected scheduled forthcoming coming".split()
)
_POSSIBLE_NOUN_MODS = frozenset("possible potential proposed mooted threatened".split())
_NEG_DETS = frozenset({"no", "never"})
# Decisions that, once taken, are the event itself ("agreed to extend the treaty").
_DECIDING = frozenset({"agree", "decide", "approve", "vote", "resolve"})
# Nouns that embed an event and say whether it is real: "calls to boycott the Games".
_MODAL_NOUNS: dict[str, Status] = {
    **dict.fromkeys("""call demand appeal proposal offer invitation challenge request bid attempt
push pressure threat warning option possibility idea suggestion question prospect chance talk
speculation rumour rumor hope""".split(), "hypothetical"),
    **dict.fromkeys("plan intention pledge promise commitment".split(), "planned"),
    **dict.fromkeys("refusal rejection failure cancellation denial".split(), "negated"),
}  # fmt: skip
_NEGATING_PHRASALS = frozenset(
    {
        ("call", "off"),
        ("pull", "out"),
        ("back", "out"),
        ("rule", "out"),
        ("turn", "down"),
        ("break", "off"),
        ("put", "hold"),  # "put on hold"
        ("put", "ice"),
    }
)
_DECIDED_TYPES = frozenset({"treaty_extension", "sanction", "agreement"})
# From a noun up to the verb that tells what became of it.
_NOUN_PHRASE_LINKS = frozenset({"pobj", "prep", "appos", "conj", "nsubj", "nsubjpass", "dobj"})
# Saying no to it: "denied threatening", "rejected the ultimatum".
_DENYING = frozenset({"deny", "refuse", "decline", "reject"})
_SPEECH_VERBS = frozenset({"threaten", "warn"})
# Measures that last until they are ended, and the verbs that end them.
_LASTING = frozenset({"boycott", "sanction"})
_ENDING = frozenset(
    "lift end ease relax loosen soften remove repeal rescind revoke scrap abolish annul".split()
)
_INSIDE_NP = frozenset({"pcomp", "pobj", "prep", "compound", "acl", "amod"})
# Said of an event: it is over, or it is in doubt.
_OVER = frozenset("over finished dead off impossible".split())
_IN_DOUBT = frozenset("uncertain unlikely doubtful unclear possible likely questionable".split())
_PAST_PLANS = frozenset({"expect", "schedule", "plan", "set", "due", "slate"})
_FUTURE_GOVERNORS = frozenset({"plan", "expect"})


def status_of(cand: Candidate) -> Status | None:
    """The status of a candidate event, read as its rule asks (``Candidate.reading``);
    None when the text tells a lasting measure ending ("lifted its boycott", "agreed to
    end sanctions"): an easing, not an event of the measure's type."""
    if cand.reading == "speech":
        return _speech(cand.trigger)
    if _ended(cand):
        return None
    status = _refusal(cand.trigger) if cand.reading == "refusal" else _event(cand)
    if status == "occurred" and cand.ahead:
        return "planned"  # "pulled out of the summit scheduled for November 9-10"
    return status


def settle(status: Status, when: EventDate, pub: date | None, reading: Reading) -> Status:
    """The status once the date is known: "meets on Friday" written on Tuesday is planned.
    A threat is made when it is told, whatever the date of what it threatens."""
    if status != "occurred" or reading == "speech" or pub is None:
        return status
    if when.source != "text" or when.value is None:
        return status
    return "planned" if when.value > pub.isoformat()[: len(when.value)] else status


def would(verb: Token) -> bool:
    """Conditional mood on the verb or the verb that controls it ("would rather boycott")."""
    return any(_aux(tok) & WOULD for tok in (verb, verb.head))


def is_modal(verb: Token) -> bool:
    """Said to come: "will impose", "would retaliate", "is going to strike", and a hedged
    act on a condition ("may halt mediation if cooperation founders")."""
    aux = _aux(verb)
    if aux & (FUTURE_AUX | WOULD):
        return True
    if "going" in aux and any(c.lower_ == "to" for c in verb.children):
        return True
    return bool(aux & HEDGING_AUX) and condition_of(verb) is not None


def condition_of(verb: Token) -> Token | None:
    """The "if"/"unless" clause attached to ``verb``, if any."""
    return next((c for c in verb.children if c.dep_ == "advcl" and _is_condition(c)), None)


def _ended(cand: Candidate) -> bool:
    """ "lifted its boycott", "scraps law on boycotting Israel": what ends is the measure,
    or the law or ban that carries it."""
    if cand.type not in _LASTING:
        return False
    trigger = cand.trigger
    for tok in [trigger, *heads(trigger, through=_INSIDE_NP, limit=NEAR)]:
        if tok.dep_ in ("dobj", "nsubjpass"):
            return lemma_of(tok.head) in _ENDING
    return False


# --- the three readings ----------------------------------------------------------------


def _speech(trigger: Token) -> Status:
    """A threat made is an event even when its content is conditional; only a denied
    threat ("did not threaten", "denied threatening") is negated."""
    for tok in [trigger, *heads(trigger, limit=NEAR - 1)]:
        if any(c.dep_ == "neg" for c in tok.children) and tok.lemma_ in _SPEECH_VERBS:
            return "negated"
        if tok.lemma_ in _DENYING:
            return "negated"
    return "occurred"


def _refusal(trigger: Token) -> Status:
    """Staying away is the event: its tense decides, unless the text disowns the boycott."""
    if _disowned(trigger.doc):
        return "negated"  # "... rather than a diplomatic boycott", "this is not a boycott"
    return _tense(trigger) or "occurred"


def _tense(verb: Token) -> Status | None:
    """Planned when still to come ("will not attend", "would bar"), hypothetical under
    "could/might/may"; None when the clause does not say."""
    for tok in [verb, *heads(verb, through=("xcomp", "conj", "ccomp"), limit=NEAR - 1)]:
        aux = _aux(tok)
        if aux & (FUTURE_AUX | WOULD) or tok.lemma_ in _FUTURE_GOVERNORS:
            return "planned"
        if aux & HEDGING_AUX:
            return "hypothetical"
    return None


def _disowned(doc: Doc) -> bool:
    """ "... rather than (as) a diplomatic boycott", "was not a boycott", "no boycott"."""
    for tok in doc:
        if tok.lemma_.lower() != "boycott" or tok.pos_ != "NOUN":
            continue
        j = tok.i - 1
        while j >= 0 and (doc[j].dep_ in ("det", "amod", "compound") or doc[j].lower_ == "as"):
            if doc[j].lower_ == "no":
                return True
            j -= 1
        if j >= 0 and doc[j].lower_ in ("not", "n't", "than"):
            return True
    return False


def _event(cand: Candidate) -> Status:
    trigger, event_type = cand.trigger, cand.type
    if any(c.lower_ in _NEG_DETS and c.dep_ in ("det", "neg") for c in trigger.children):
        return "negated"
    pred, adjunct = _predicate_of(trigger)
    undone = not adjunct and trigger.dep_ in ("dobj", "nsubjpass")
    if undone and pred.pos_ == "VERB" and _governor(pred, event_type) == "negated":
        return "negated"  # "called off his planned summit", "lifted its boycott"
    if (said := _predicated(trigger)) is not None:
        return said  # "the cease-fire extensions are over", "renewal said uncertain"
    if trigger.pos_ in ("NOUN", "PROPN"):
        mods = {c.lower_ for c in trigger.children}
        if mods & _POSSIBLE_NOUN_MODS:
            return "hypothetical"  # "a possible Olympic boycott"
        if mods & _FUTURE_NOUN_MODS:
            return "planned"
    if trigger.pos_ == "NOUN" and not undone and any(c.dep_ == "poss" for c in trigger.children):
        # "his visit to Taiwan", "their talks" as a subject or adjunct: told as having
        # happened. As an object the verb tells what became of it ("lifted its boycott",
        # "failed to renew its sanctions", "will hold their talks").
        adjunct = True
    if cand.sent.headline and _headline_plan(pred):
        return "planned"  # "Zelensky to address UK MPs", "Putin to visit China"
    if adjunct:
        # "vowed to reject interference during a call": the call is neither vowed nor
        # rejected; only the tense of its own clause counts.
        return _own_marks(pred) or "occurred"
    chain = _chain(pred)
    if _called_off_there(chain[-1][0], event_type):
        return "negated"
    for tok, coordinate in chain:
        verdict = _own_marks(tok)
        if verdict is None and tok != trigger and not coordinate:
            verdict = _governor(tok, event_type)
        if verdict is not None:
            return verdict
        if _finite_past_or_present(tok) or tok.lemma_ in SAY_VERBS:
            return "occurred"
    return "occurred"


def _predicated(noun: Token) -> Status | None:
    """What the clause says of an event noun that is its subject: "the extensions are
    over", "renewal of the pact said uncertain", "a deal is unlikely"."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for c in noun.head.children:
        if c.dep_ in ("acomp", "advmod", "oprd", "attr", "prep") and c.i > noun.i:
            if c.lower_ in _OVER:
                return "negated"
            if c.lower_ in _IN_DOUBT:
                return "hypothetical"
    return None


def _headline_plan(pred: Token) -> bool:
    """Headlines drop "is": "X to visit Y" is a plan, unless a verb of its own governs the
    infinitive ("X vows to visit Y" goes the ordinary way)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children):
        return False
    return not any(h.pos_ in ("VERB", "AUX") for h in heads(pred, limit=NEAR))


# --- reading the predicate and what embeds it ------------------------------------------


def _predicate_of(trigger: Token) -> tuple[Token, bool]:
    """The verb (or adjective) whose clause holds ``trigger``, and whether the trigger is a
    noun in an adjunct PP ("during a call") on the way there."""
    adjunct = False
    chain = [trigger, *heads(trigger, limit=CLAUSE + 2)]
    for tok in chain:
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok != trigger):
            return tok, adjunct
        if tok != trigger and tok.pos_ == "NOUN" and tok.lemma_.lower() in _MODAL_NOUNS:
            return tok, False  # "plans for a summit": the plan governs the summit
        if tok.dep_ == "pobj" and tok.head.lower_ in _ADJUNCT_PREPS:
            adjunct = True
    return chain[-1], adjunct


def _called_off_there(clause: Token, event_type: EventType) -> bool:
    """ "postponed his trip to China, where he was due to meet Xi": a clause about where
    or when a cancelled trip would have gone shares its fate."""
    if clause.dep_ != "relcl" or not any(c.lower_ in ("where", "when") for c in clause.children):
        return False
    for tok in [clause.head, *heads(clause.head, through=("pobj", "prep", "dobj"), limit=NEAR)]:
        if tok.pos_ == "VERB":
            return _governor(tok, event_type) == "negated"
    return False


def _chain(pred: Token) -> list[tuple[Token, bool]]:
    """``pred`` and what embeds it: verbs, adjectives ("ready to"), and nouns that carry
    modality ("calls to boycott", "a plan to visit", "his challenge to meet"). Each comes
    with whether it is only a coordinate of the one below ("urged him to withdraw his
    troops and to open negotiations": "withdraw" shares its marks with "open" but does
    not govern it)."""
    chain = [(pred, False)]
    below = pred
    for tok in heads(pred, through=_EMBED, limit=CLAUSE):
        if below.dep_ == "xcomp":
            # "brushing aside calls ... to boycott": the parser often hangs the infinitive
            # on the verb; the modal noun between them is what governs it.
            chain += [
                (c, False)
                for c in tok.children
                if c.dep_ == "dobj" and c.i < below.i and _modal_noun(c)
            ]
        if tok.pos_ in ("VERB", "AUX", "ADJ") or _modal_noun(tok):
            chain.append((tok, below.dep_ == "conj"))
        below = tok
    return chain


def _modal_noun(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _MODAL_NOUNS


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _own_marks(tok: Token) -> Status | None:
    """Negation, modals and conditional marks attached to this predicate."""
    kids = list(tok.children)
    if any(c.dep_ == "neg" for c in kids):
        return "negated"
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return "negated"  # "left the White House without signing the agreement"
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
        return "hypothetical"
    if condition_of(tok) is not None:
        return "hypothetical"  # "will boycott the Games if Russians compete"
    for c in kids:
        if c.dep_ != "aux":
            continue
        if c.lower_ in FUTURE_AUX:
            return "planned"
        if c.lower_ in CONDITIONAL_AUX:
            return _would(tok) if c.lower_ in WOULD else "hypothetical"
    if tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in kids):
        return "planned"
    return None


def _is_condition(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children)


def _would(tok: Token) -> Status:
    """Reported speech turns "will" into "would": "said they would visit" is a plan."""
    tok = top(tok, ("conj",))  # "... and would then speak to Zelensky"
    head = tok.head
    reported = tok.dep_ == "ccomp" and (head.lemma_ in SAY_VERBS or head.lemma_ in _DECIDING)
    has_condition = any(
        c.dep_ == "advcl" and any(m.lower_ in CONDITIONAL_MARKS for m in c.children)
        for c in tok.children
    )
    return "planned" if reported and not has_condition else "hypothetical"


def _governor(tok: Token, event_type: EventType) -> Status | None:
    lemma = lemma_of(tok)
    if _was_planned(tok):
        return "negated"  # "had been expected to meet": the plan did not happen
    if tok.pos_ == "NOUN" and lemma in _MODAL_NOUNS:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return "negated"  # "there were no plans for Trump to meet Putin"
        # "plans for a summit have been put on hold", "contacts were suspended, including
        # the invitation to Lavrov to visit"
        up = heads(tok, through=_NOUN_PHRASE_LINKS, limit=NEAR + 1)
        verb = next((h for h in up if h.pos_ == "VERB" and h.dep_ != "prep"), None)
        if verb is not None and _governor(verb, event_type) == "negated":
            return "negated"
        return _MODAL_NOUNS[lemma]
    if (lemma, _particle(tok, lemma)) in _NEGATING_PHRASALS:
        return "negated"
    if lemma in NEGATING_GOVERNORS:
        return "negated"
    if lemma in _DECIDING or (lemma in ("announce", "unveil") and event_type in _DECIDED_TYPES):
        return "occurred" if event_type in _DECIDED_TYPES else "planned"
    if lemma == "be" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in tok.children):
        return "planned"  # "Putin is to visit Beijing"
    if lemma in PLANNING_GOVERNORS:
        return "planned"
    if lemma in HYPOTHETICAL_GOVERNORS:
        return "hypothetical"
    return None


def _particle(tok: Token, lemma: str) -> str:
    """ "called *off*", "put *on hold*" (the object of the particle's PP)."""
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
    if particle or lemma != "put":
        return particle
    objects = (t for c in tok.children if c.dep_ == "prep" for t in c.children if t.dep_ == "pobj")
    return next((t.lower_ for t in objects), "")


def _was_planned(tok: Token) -> bool:
    """Past perfect of a plan: "had been expected/scheduled/due to" (and then was not)."""
    return lemma_of(tok) in _PAST_PLANS and "had" in _aux(tok)


def _finite_past_or_present(tok: Token) -> bool:
    return tok.tag_ in ("VBD", "VBZ", "VBP") or (
        tok.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    )

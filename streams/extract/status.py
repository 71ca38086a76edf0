"""Did it happen? occurred, planned, negated or hypothetical, read off the parse.

The trigger's own predicate is checked first, then the verbs that embed it ("declined to
join the boycott", "set to boycott", "looking forward to meeting"), nearest first; the
first one that says something decides.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.lexicon import (
    CONDITIONAL_AUX,
    CONDITIONAL_MARKS,
    FUTURE_AUX,
    HYPOTHETICAL_GOVERNORS,
    NEGATING_GOVERNORS,
    PLANNING_GOVERNORS,
    SAY_VERBS,
)
from streams.extract.syntax import lemma_of
from streams.records import EventType, Status

# Links along which an embedding verb governs the trigger's event.
_EMBED = frozenset(
    """xcomp ccomp pcomp prep acomp conj advcl dobj pobj attr nsubj nsubjpass
oprd compound amod appos npadvmod acl""".split()
)
_SAY = SAY_VERBS
# A noun event inside one of these adjunct PPs is presupposed to have happened
# ("during a video call", "after talks").
_ADJUNCT_PREPS = frozenset(
    {"during", "in", "at", "after", "following", "on", "amid", "over", "since", "through", "via"}
)
_FUTURE_NOUN_MODS = frozenset(
    {
        "next",
        "upcoming",
        "planned",
        "proposed",
        "possible",
        "future",
        "potential",
        "expected",
        "scheduled",
        "forthcoming",
        "coming",
    }
)
_NEG_DETS = frozenset({"no", "never"})
# Decisions that, once taken, are the event itself ("agreed to extend the treaty").
_DECIDING = frozenset({"agree", "decide", "approve", "vote", "resolve"})
# Nouns that embed an event and say whether it is real: "calls to boycott the Games".
_MODAL_NOUNS: dict[str, Status] = {
    **dict.fromkeys(["call", "demand", "appeal", "proposal", "offer", "invitation", "challenge",
                     "request", "bid", "attempt", "push", "pressure", "threat", "warning",
                     "option", "possibility", "idea", "suggestion", "question", "prospect",
                     "chance", "talk", "speculation", "rumour", "rumor", "hope"],
                    "hypothetical"),
    **dict.fromkeys(["plan", "intention", "pledge", "promise", "commitment"], "planned"),
    **dict.fromkeys(["refusal", "rejection", "failure", "cancellation", "denial"], "negated"),
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


def predicate_of(trigger: Token) -> tuple[Token, bool]:
    """The verb (or adjective) whose clause holds ``trigger``, and whether the trigger is a
    noun in an adjunct PP ("during a call") on the way there."""
    tok, adjunct = trigger, False
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok != trigger):
            return tok, adjunct
        if tok != trigger and tok.pos_ == "NOUN" and tok.lemma_.lower() in _MODAL_NOUNS:
            return tok, False  # "plans for a summit": the plan governs the summit
        if tok.dep_ == "pobj" and tok.head.lower_ in _ADJUNCT_PREPS:
            adjunct = True
        if tok.head == tok:
            return tok, adjunct
        tok = tok.head
    return tok, adjunct


def status_of(trigger: Token, event_type: EventType) -> Status:
    if any(c.lower_ in _NEG_DETS and c.dep_ in ("det", "neg") for c in trigger.children):
        return "negated"
    pred, adjunct = predicate_of(trigger)
    undone = not adjunct and trigger.dep_ in ("dobj", "nsubjpass")
    if undone and pred.pos_ == "VERB" and _governor(pred, event_type) == "negated":
        return "negated"  # "called off his planned summit", "lifted its boycott"
    if trigger.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in _FUTURE_NOUN_MODS for c in trigger.children
    ):
        return "planned"
    if trigger.pos_ == "NOUN" and any(c.dep_ == "poss" for c in trigger.children):
        # "his visit to Taiwan", "their talks": told as having happened, unless the verb
        # undoes it ("lifted its boycott", "cancelled his visit")
        if pred.pos_ == "VERB" and _governor(pred, event_type) == "negated":
            return "negated"
        adjunct = True
    if adjunct:
        # "vowed to reject interference during a call": the call is neither vowed nor
        # rejected; only the tense of its own clause counts.
        return _own_marks(pred) or "occurred"
    chain = _chain(pred)
    if _called_off_there(chain[-1], event_type):
        return "negated"
    for tok in chain:
        verdict = _own_marks(tok)
        if verdict is None and tok != trigger:
            verdict = _governor(tok, event_type)
        if verdict is not None:
            return verdict
        if _finite_past_or_present(tok) or tok.lemma_ in _SAY:
            return "occurred"
    return "occurred"


def _called_off_there(top: Token, event_type: EventType) -> bool:
    """ "postponed his trip to China, where he was due to meet Xi": a clause about where
    or when a cancelled trip would have gone shares its fate."""
    if top.dep_ != "relcl" or not any(c.lower_ in ("where", "when") for c in top.children):
        return False
    tok = top.head
    for _ in range(4):
        if tok.pos_ == "VERB":
            return _governor(tok, event_type) == "negated"
        if tok.dep_ not in ("pobj", "prep", "dobj") or tok.head == tok:
            return False
        tok = tok.head
    return False


def _chain(pred: Token) -> list[Token]:
    """``pred`` and what embeds it: verbs, adjectives ("ready to"), and nouns that carry
    modality ("calls to boycott", "a plan to visit", "his challenge to meet")."""
    chain = [pred]
    tok = pred
    for _ in range(6):
        if tok.dep_ not in _EMBED or tok.head == tok:
            break
        if tok.dep_ == "xcomp":
            # "brushing aside calls ... to boycott": the parser often hangs the infinitive
            # on the verb; the modal noun between them is what governs it.
            chain += [
                c
                for c in tok.head.children
                if c.dep_ == "dobj"
                and c.i < tok.i
                and c.pos_ == "NOUN"
                and c.lemma_.lower() in _MODAL_NOUNS
            ]
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "ADJ") or (
            tok.pos_ == "NOUN" and tok.lemma_.lower() in _MODAL_NOUNS
        ):
            chain.append(tok)
    return chain


def _own_marks(tok: Token) -> Status | None:
    """Negation, modals and conditional marks attached to this predicate."""
    kids = list(tok.children)
    if any(c.dep_ == "neg" for c in kids):
        return "negated"
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return "negated"  # "left the White House without signing the agreement"
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
        return "hypothetical"
    if any(c.dep_ == "advcl" and _is_condition(c) for c in kids):
        return "hypothetical"  # "will boycott the Games if Russians compete"
    for c in kids:
        if c.dep_ != "aux":
            continue
        word = c.lower_
        if word in FUTURE_AUX:
            return "planned"
        if word in CONDITIONAL_AUX:
            return _would(tok) if word in ("would", "'d") else "hypothetical"
    if tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in kids):
        return "planned"
    return None


def _is_condition(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children)


def _would(tok: Token) -> Status:
    """Reported speech turns "will" into "would": "said they would visit" is a plan."""
    while tok.dep_ == "conj" and tok.head != tok:  # "... and would then speak to Zelensky"
        tok = tok.head
    head = tok.head
    reported = tok.dep_ == "ccomp" and (head.lemma_ in _SAY or head.lemma_ in _DECIDING)
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
        verb = tok.head
        if verb != tok and verb.pos_ == "VERB" and _governor(verb, event_type) == "negated":
            return "negated"  # "plans for a summit have been put on hold"
        return _MODAL_NOUNS[lemma]
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
    if not particle and lemma == "put":
        particle = next(
            (t.lower_ for c in tok.children if c.dep_ == "prep" for t in c.children
             if t.dep_ == "pobj"), "",
        )  # fmt: skip
    if (lemma, particle) in _NEGATING_PHRASALS:
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


def _was_planned(tok: Token) -> bool:
    """Past perfect of a plan: "had been expected/scheduled/due to" (and then was not)."""
    aux = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    planned = lemma_of(tok) in ("expect", "schedule", "plan", "set", "due", "slate")
    return planned and "had" in aux


def _finite_past_or_present(tok: Token) -> bool:
    return tok.tag_ in ("VBD", "VBZ", "VBP") or (
        tok.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    )

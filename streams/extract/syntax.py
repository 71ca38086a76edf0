"""Small questions asked of a dependency parse: who did it, to whom, inside which clause."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Links through which a verb without its own subject takes its controller's
# ("Putin and Xi agreeing to extend": extend ← agreeing ← Putin).
_CONTROL = frozenset(
    {"xcomp", "conj", "pcomp", "advcl", "acomp", "ccomp", "prep", "oprd", "npadvmod"}
)  # "a day after speaking with Biden, the Israeli leader posted": he spoke
_OBJECT_CONTROL = frozenset(
    {
        "clear",
        "invite",
        "ask",
        "urge",
        "persuade",
        "encourage",
        "allow",
        "permit",
        "tell",
        "order",
        "instruct",
        "request",
        "press",
    }
)
# Nouns whose "to" names who is to act: "an invitation to Trump to visit Ukraine".
_ADDRESSED = frozenset({"invitation", "call", "appeal", "request", "plea", "order"})
_REPORTING = frozenset({"say", "tell", "announce", "declare", "confirm", "state", "add"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_LIGHT_VERBS = frozenset(
    {
        "accept",
        "receive",
        "take",
        "place",
        "return",
        "hold",
        "have",
        "make",
        "conduct",
        "host",
        "stage",
        "attend",
        "join",
        "begin",
        "start",
        "open",
        "resume",
        "renew",
        "continue",
        "launch",
        "undertake",
        "announce",
        "impose",
        "declare",
        "lead",
        "give",
        "pay",
        "arrange",
        "organise",
        "organize",
        "complete",
        "wrap",
    }
)


# How far up the tree a question looks. A clause's own predicate is within NEAR links of
# its words; CLAUSE links reach the verbs that embed it ("said they would seek to visit");
# farther heads belong to other events.
NEAR = 3
CLAUSE = 6
SENTENCE = 12


def heads(tok: Token, *, through: Iterable[str] | None = None, limit: int = CLAUSE) -> list[Token]:
    """The heads above ``tok``, nearest first: at most ``limit`` of them, and only while the
    link below each one is in ``through`` (any link when None)."""
    links = None if through is None else frozenset(through)
    out: list[Token] = []
    below = tok
    for head in tok.ancestors:
        if len(out) >= limit or (links is not None and below.dep_ not in links):
            break
        out.append(head)
        below = head
    return out


def top(tok: Token, through: Iterable[str]) -> Token:
    """The highest head reached from ``tok`` along ``through`` links ("will seek to visit"
    → "seek" through xcomp), or ``tok`` itself."""
    above = heads(tok, through=through, limit=SENTENCE)
    return above[-1] if above else tok


def misread_predicate(verb: Token) -> Token | None:
    """ "Nepal and India renew trade treaty": the parser makes the headline's verb a
    modifier of its object, with the subject on the verb or on that noun. The subject."""
    if verb.dep_ != "amod" or verb.tag_ not in ("VB", "VBP", "VBZ"):
        return None
    near = [*verb.children, *verb.head.children]
    return next((c for c in near if c.dep_ == "nsubj" and c.i < verb.i), None)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``'s clause, climbing to the controlling verb when implicit."""
    if (misread := misread_predicate(verb)) is not None:
        return antecedent(misread)
    for tok in [verb, *heads(verb, through=_CONTROL, limit=CLAUSE - 1)]:
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj"):
                return antecedent(child)
            if child.dep_ == "nsubjpass":
                if tok != verb:  # "officials are set to boycott", "X is expected to visit"
                    return antecedent(child)
                return passive_agent(tok)
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            # "with Putin and Xi agreeing to ...", "officials meeting in ...", "one of the
            # retailers yet to renew": the noun the clause hangs from does it; "becoming the
            # first G7 leader to visit China": who became it
            noun = tok.head
            if noun.dep_ in ("attr", "oprd") and noun.head != noun:
                return subject_of(noun.head) or noun
            addressee = prep_objects(noun, ("to",)) if noun.lemma_ in _ADDRESSED else []
            return addressee[0] if addressee else noun  # "an invitation to Trump to visit"
        if _headline_subject(tok):
            return (
                tok.head
            )  # "Denmark to stage diplomatic boycott": the name the parser made a verb
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _OBJECT_CONTROL:
            objs = [c for c in tok.head.children if c.dep_ == "dobj"]
            if objs:
                return antecedent(objs[0])  # "Modi invited Trump to visit India": Trump visits
    return None


def _headline_subject(verb: Token) -> bool:
    """ "Denmark to stage ...": a headline's "X to do" where the parser took the name that
    opens it for the sentence's verb."""
    head = verb.head
    return (
        verb.dep_ in ("advcl", "xcomp")
        and head.dep_ == "ROOT"
        and head.i == 0
        and head.ent_type_ in ("GPE", "NORP", "PERSON", "ORG")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def antecedent(tok: Token) -> Token:
    """ "which"/"who" → the noun the relative clause hangs from."""
    if tok.lower_ not in _RELATIVE:
        return tok
    # up from the relative word's verb through the clauses it heads ("which they agreed to
    # extend") to the relative clause, whose head is the noun
    clause = top(tok.head, ("xcomp", "conj", "ccomp"))
    return clause.head if clause.dep_ in ("relcl", "acl") else tok


def relative_object(verb: Token) -> Token | None:
    """The object of a verb in a relative clause that lost it to "which":
    "the Olympics in Beijing, which officials are set to boycott" → Olympics."""
    clause = top(verb, ("xcomp", "conj"))
    rel = next((t for t in clause.subtree if t.lower_ in ("which", "that") and t.i < verb.i), None)
    if rel is None or rel.i == 0:
        return None
    before = rel.doc[rel.i - 1]
    if before.is_punct and rel.i > 1:
        before = rel.doc[rel.i - 2]
    if before.pos_ not in ("NOUN", "PROPN"):
        return None
    while (
        before.dep_ == "pobj"
        and before.head.dep_ == "prep"
        and before.head.head.pos_ in ("NOUN", "PROPN")
    ):
        before = before.head.head  # "the Olympics in Beijing": the head noun, not Beijing
    return before


def is_verb(tok: Token) -> bool:
    """A verb, or a headline's verb the tagger took for a noun ("India and Bangladesh renew
    water-sharing treaty"): a noun with a subject and an object of its own."""
    if tok.pos_ == "VERB":
        return True
    deps = {c.dep_ for c in tok.children}
    return tok.pos_ == "NOUN" and "nsubj" in deps and "dobj" in deps


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def stray_conjuncts(tok: Token) -> list[Token]:
    """Names the parser coordinated with ``tok`` when they belong with its object: "a
    boycott of South Africa and neighbouring Namibia" (Namibia hung on "boycott")."""
    return [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "PROPN"]


def direct_objects(verb: Token) -> list[Token]:
    if misread_predicate(verb) is not None:
        return [verb.head]
    return [antecedent(c) for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the given prepositions under ``tok`` ("spoke *to Biden*")."""
    wanted = set(preps)
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
    return out


def governor(noun: Token) -> tuple[Token | None, str]:
    """The verb a noun argument depends on, and how: ``(held, "dobj")``, ``(spoke, "in")``."""
    tok = noun
    if tok.dep_ == "compound":
        tok = tok.head
    tok = top(tok, ("conj",))
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd"):
        head = tok.head
        return (head, tok.dep_) if head.pos_ in ("VERB", "AUX") else (None, "")
    if tok.dep_ == "pobj":
        prep = tok.head
        head = prep.head
        if head.pos_ in ("VERB", "AUX"):
            return head, prep.lower_
    return None, ""


def is_light(verb: Token) -> bool:
    return verb.lemma_.lower() in _LIGHT_VERBS


def clause_tokens(
    head: Token, stop: frozenset[str] = frozenset({"relcl", "advcl", "ccomp"})
) -> set[int]:
    """``head``'s subtree without embedded clauses of other predicates."""
    keep = {head.i}
    for child in head.children:
        if child.dep_ in stop:
            continue
        keep |= clause_tokens(child, stop)
    return keep


def has_child(tok: Token, dep: str, words: Iterable[str] | None = None) -> bool:
    wanted = set(words) if words is not None else None
    return any(c.dep_ == dep and (wanted is None or c.lower_ in wanted) for c in tok.children)


def speaker_of(tok: Token) -> Token | None:
    """The subject of the verb of saying that reports ``tok``'s clause, if any."""
    for head in heads(tok, limit=CLAUSE + 2):
        if head.lemma_.lower() in _REPORTING:
            return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


# Lemmas the statistical lemmatizer gets wrong in news English.
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope"}


def lemma_of(tok: Token) -> str:
    return _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()

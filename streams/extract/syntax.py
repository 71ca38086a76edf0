"""Small questions asked of a dependency parse: who did it, to whom, inside which clause."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Links through which a verb without its own subject takes its controller's
# ("Putin and Xi agreeing to extend": extend ← agreeing ← Putin).
_CONTROL = frozenset({"xcomp", "conj", "pcomp", "advcl", "acomp", "ccomp", "prep", "oprd"})
_OBJECT_CONTROL = frozenset(
    {
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


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``'s clause, climbing to the controlling verb when implicit."""
    tok = verb
    for _ in range(6):
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj"):
                return antecedent(child)
            if child.dep_ == "nsubjpass":
                if tok != verb:  # "officials are set to boycott", "X is expected to visit"
                    return antecedent(child)
                return passive_agent(tok)
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head  # "with Putin and Xi agreeing to ...", "officials meeting in ..."
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _OBJECT_CONTROL:
            objs = [c for c in tok.head.children if c.dep_ == "dobj"]
            if objs:
                return antecedent(objs[0])  # "Modi invited Trump to visit India": Trump visits
        if tok.dep_ not in _CONTROL or tok.head == tok:
            return None
        tok = tok.head
    return None


def passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def antecedent(tok: Token) -> Token:
    """ "which"/"who" → the noun the relative clause hangs from."""
    if tok.lower_ in _RELATIVE:
        clause = tok.head
        while clause.dep_ not in ("relcl", "acl") and clause.head != clause:
            if clause.dep_ not in ("xcomp", "conj", "ccomp"):
                return tok
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            return clause.head
    return tok


def relative_object(verb: Token) -> Token | None:
    """The object of a verb in a relative clause that lost it to "which":
    "the Olympics in Beijing, which officials are set to boycott" → Olympics."""
    clause = verb
    while clause.dep_ in ("xcomp", "conj") and clause.head != clause:
        clause = clause.head
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


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def direct_objects(verb: Token) -> list[Token]:
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
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
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


def would(verb: Token) -> bool:
    """Conditional mood on the verb or the verb that controls it ("would rather boycott")."""
    for tok in (verb, verb.head):
        if any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in tok.children):
            return True
    return False


def speaker_of(tok: Token) -> Token | None:
    """The subject of the verb of saying that reports ``tok``'s clause, if any."""
    head = tok
    for _ in range(8):
        if head.head == head:
            return None
        head = head.head
        if head.lemma_.lower() in _REPORTING:
            return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


# Lemmas the statistical lemmatizer gets wrong in news English.
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope", "hopes": "hope"}


def lemma_of(tok: Token) -> str:
    return _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()

"""Economic boycotts told without the word (CAMEO 163): a government shunning another
state's goods, ships or trade.

"Malaysia will bar Israeli-flagged ships from its ports", "China told agencies to stop
selling tours to South Korea", "Beijing will not import Australian coal". The government
must be the one acting or ordering, and the goods must be another state's or bound for it:
"banned imports of ivory" names no state and is no boycott. "Erdogan urged Turks not to buy
French goods" is an appeal to consumers, not a state's boycott.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found, np_tokens
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import NEGATION, forms
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import SENTENCE, direct_objects, heads, prep_objects, subject_of

_HALT = frozenset("ban bar halt stop suspend block prohibit cease".split())
_BUY = frozenset("buy purchase import sell".split())
_GOODS = frozenset(
    """goods product products import imports export exports ship ships vessel vessels tour
tours shipment shipments brand brands produce wine beef cotton seafood fish soybeans coal
grain timber fruit
""".split()
)
# Verbs by which a government has its own agencies do the shunning: "told agencies to stop
# selling". Calling on consumers not to buy is an appeal (CAMEO 02x), not a boycott.
_ORDERING = frozenset("tell order instruct direct".split())
_APPEALS = frozenset("call urge ask appeal encourage".split())
VOCABULARY = Vocabulary(
    words=frozenset(),
    pairs=[
        (forms(_HALT), forms(_GOODS)),
        (forms(_BUY), NEGATION),
    ],
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        if tok.pos_ != "VERB":
            continue
        goods = _shunned(tok)
        if goods is not None and (cand := _build(tok, goods, sent)) is not None:
            out.append(cand)
    return out


def _shunned(verb: Token) -> Token | None:
    """The goods a verb shuns: "bar ships", "stop selling tours", "not to buy products"."""
    lemma = verb.lemma_.lower()
    if lemma in _HALT:
        objs = direct_objects(verb) + [
            o for x in verb.children if x.dep_ == "xcomp" for o in direct_objects(x)
        ]
    elif lemma in _BUY and any(c.dep_ == "neg" for c in verb.children):
        objs = direct_objects(verb)
    else:
        return None
    return next((o for o in objs if o.lemma_.lower() in _GOODS or o.lower_ in _GOODS), None)


def _build(verb: Token, goods: Token, sent: Sent) -> Candidate | None:
    boycotters = [b for b in sent.actors.of(s) if b.governmental] if (s := _actor(verb)) else []
    targets = [t for t in _origins(verb, goods, sent) if t.country]
    own = {b.country for b in boycotters}
    targets = [t for t in targets if t.country not in own]
    if not boycotters or not targets:
        return None
    roles: Roles = []
    with_role(boycotters, "boycotter", roles)
    with_role(targets, "boycotted", roles)
    text = sent.doc[min(np_tokens(goods)) : max(np_tokens(goods)) + 1].text
    details: dict[str, str | None] = {"kind": "economic", "object": text}
    # shunning is what happens, not its negation: "not to buy" is the boycott
    return Candidate(
        "boycott", verb, sent, roles, details, pattern="boycott.shunned_goods", reading="refusal"
    )


def _actor(verb: Token) -> Token | None:
    """Who shuns: the subject, or the government ordering it ("China told agencies to
    stop selling", "Erdogan called on Turks not to buy")."""
    for tok in heads(verb, through=("xcomp", "conj"), limit=SENTENCE):
        if tok.lemma_.lower() in _APPEALS:
            return None
        if tok.lemma_.lower() in _ORDERING:
            return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subject_of(verb)


def _origins(verb: Token, goods: Token, sent: Sent) -> list[Found]:
    """Whose goods, or where they go: "Israeli-flagged ships", "tours to South Korea"."""
    found: list[Found] = []
    for i in np_tokens(goods):
        if i != goods.i:
            found += sent.actors.of(sent.doc[i], conj=False, places=True)
    heads = [goods, verb, *(x for x in verb.children if x.dep_ == "xcomp")]
    for tok in (o for h in heads for o in prep_objects(h, ("from", "to", "of"))):
        found += sent.actors.of(tok, places=True)
    return found


RULE = Rule("boycott", VOCABULARY, find)

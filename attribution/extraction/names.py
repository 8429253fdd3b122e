"""Proper names in a parse: which tokens make a name, and how names compare.

`name_chains` finds the runs of tokens that form names ("Jan Christian Vestre",
"Ursula von der Leyen"); the predicates here say whether a name is shaped like a
person's, whether two names can be one person's, and read possessives.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .cues import (
    GROUP_NOUNS,
    ORG_NAME_WORDS,
    ROLE_NOUNS,
    TITLES,
    word_set,
)
from .gazetteer import looks_like_website
from .rules import rule


def is_name_token(token: Token) -> bool:
    if looks_like_website(token.text):
        return True
    if token.ent_type_ in ("DATE", "TIME"):
        return False  # "a study published Wednesday"
    if token.tag_ in ("NNP", "NNPS") or token.pos_ == "PROPN":
        return token.text[:1].isupper() or token.text[:1].isdigit()
    # Initials ("J."), hyphenated and foreign name parts the tagger misses, and a
    # capitalised first word of an organisation's name ("the Small Exporters'").
    if not (
        token.text[:1].isupper()
        and token.pos_ in ("X", "NOUN", "ADJ", "VERB")
        and token.lower_ not in ROLE_NOUNS
        and token.lower_ not in GROUP_NOUNS
        and not token.is_sent_start
        and token.i > 0
    ):
        return False
    if token.nbor(-1).pos_ == "PROPN":
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.nbor(-1).lower_ == "the"
        and token.ent_type_ not in ("NORP", "GPE", "LOC")
        and following is not None
        and following.pos_ == "PROPN"
        and following.text[:1].isupper()
    )


NAME_CONNECTORS = word_set(
    "of for and the de du da von van der den ter del della di dos das al bin el la le"
)
TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


def _connector_length(tokens: Sequence[Token], k: int) -> int:
    """How many tokens at k join two parts of one name, or 0.

    Joins are a hyphen or apostrophe written without spaces ("Delgado-Ames",
    "Workers' Federation") and small words between capitalised parts ("Bank of
    England", "Office for the Coordination of ...").
    """
    token = tokens[k]
    if (
        (token.like_num or token.text in ("&", "/"))
        and k > 0
        and k + 1 < len(tokens)
        and is_name_token(tokens[k - 1])
        and is_name_token(tokens[k + 1])
    ):
        return 1  # "Channel 5 News", "Hollis & Crane", "Cal/OSHA"
    if (
        token.lower_ in ("'s", "’s")
        and k > 0
        and not tokens[k - 1].whitespace_
        and k + 1 < len(tokens)
        and is_name_token(tokens[k + 1])
    ):
        return 1  # "Georgia's Prosecutor's Office"
    if token.text in ("-", "'", "’") and k > 0:
        glued = not tokens[k - 1].whitespace_
        nxt = k + 1 < len(tokens) and is_name_token(tokens[k + 1])
        if token.text == "-" and glued and not token.whitespace_ and nxt:
            return 1
        if token.text != "-" and glued and tokens[k - 1].lower_.endswith("s") and nxt:
            return 1
        return 0
    n = 0
    while k + n < len(tokens) and n < 2 and tokens[k + n].lower_ in NAME_CONNECTORS:
        n += 1
    if (
        n == 1
        and k + 2 < len(tokens)
        and tokens[k + 1].text == "-"
        and not token.whitespace_
        and not tokens[k + 1].whitespace_
    ):
        n = 2  # "Khalid al-Mansouri", "Abdel el-Sayed"
    if n and k + n < len(tokens) and is_name_token(tokens[k + n]):
        return n
    return 0


def particle_starts_name(tokens: Sequence[Token], k: int) -> bool:
    """A lower-case particle glued to a name by a hyphen: "al-Mansouri"."""
    return (
        tokens[k].lower_ in NAME_CONNECTORS
        and k + 2 < len(tokens)
        and tokens[k + 1].text == "-"
        and not tokens[k].whitespace_
        and not tokens[k + 1].whitespace_
        and is_name_token(tokens[k + 2])
    )


def name_chains(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens, joined by connectors ("Bank of England")."""
    chains: list[tuple[int, int]] = []
    k = 0
    while k < len(tokens):
        if not is_name_token(tokens[k]) and not particle_starts_name(tokens, k):
            k += 1
            continue
        start = k
        while k < len(tokens):
            if is_name_token(tokens[k]):
                k += 1
                continue
            joined = _connector_length(tokens, k)
            if not joined:
                break
            k += joined
        chains.append((start, k))
    return chains


def clean(tokens: Sequence[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,;:")


def prefix_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one name's words begin the other's ("Meridian", "Meridian Lines")."""
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return list(longer[: len(shorter)]) == list(shorter)


def compatible_names(name: str, known: Sequence[str]) -> bool:
    """Whether `name` can be the same person as the names in `known`.

    A full name fits a person's full name with the same first name or initial;
    a surname alone fits anyone with the surname. A surname the person was also
    called by does not make a relative's full name fit ("Olof Lindqvist" is not
    "Marta Lindqvist", called "Lindqvist" in between).
    """
    parts = name.lower().split()
    full = [n.lower().split() for n in known if len(n.split()) > 1]
    if len(parts) == 1 or not full:
        return True
    return any(parts[0] == other[0] or parts[0][:1] == other[0][:1] for other in full)


def person_shaped(name: str) -> bool:
    """Whether a name looks like a person's: "Nadia Saffron", not "Acme Foods"."""
    words = name.split()
    if not 2 <= len(words) <= 3:
        return False
    if not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
        return False
    return not any(w.lower() in ORG_NAME_WORDS for w in words)


def is_possessive(token: Token) -> bool:
    """A possessive ending: "'s", or a bare apostrophe read as one."""
    return token.lower_ in ("'s", "’s") or _bare_apostrophe_possessive(token)


@rule(
    "bare-apostrophe-possessive",
    stage="speakers",
    example="The singer Lukas Andrews' manager, Eva Roth, said the tour would go on.",
    off=False,
)
def _bare_apostrophe_possessive(token: Token) -> bool:
    """The bare apostrophe of a name ending in s ("Andrews' manager") is a
    possessive when the tagger marks it as one, so the possessed is the speaker."""
    return token.text in ("'", "’") and token.tag_ == "POS"

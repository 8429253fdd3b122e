"""The speakers of one article: the engine's claims grouped into `Mention`s.

`mentions_of` turns an article's extracted claims into one `Mention` per speaker,
qualifying what the article qualifies ("police" as "Lyon police", "the company" as
the body the article names) and unifying the mentions that are one speaker
("Violet" and "Maryam Violet", "Nordkalv CEO" and its chief executive).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attribution.extraction import ExtractedClaim
from attribution.extraction.cues import ROLE_NOUNS, word_set
from attribution.extraction.entities import CLUB_NAME_ENDS
from attribution.models import (
    Speaker,
)
from attribution.name_surroundings import name_surroundings

from .contexts import COMMON_PROPER
from .keys import (
    BODY_POLICE,
    CORPORATE,
    FORCE_PEOPLE,
    GENERIC_ORG,
    Mention,
    bare_police,
    generic,
    name_forms,
    police_key,
)
from .names import STOP, TITLE_WORDS, is_place, name_key, speaker_name_clean


def _police_named(mention: Mention, body: str) -> None:
    """A bare "police" (or its spokesperson) is the one police force the text
    names with its place ("Albay provincial police", "police in Lagos"), when it
    names exactly one."""
    if mention.named or not bare_police(mention.name) or not body:
        return
    lower = set(re.findall(r"(?<![\w'’-])([a-z][\w'’-]*)", body))
    found: dict[str, str] = {}
    for match in BODY_POLICE.finditer(body[:20000]):
        words = re.split(r"[.!?;:]\s", match.group(0))[-1].split()
        # A sentence's first word ("Then police", "Monday police") is no place.
        while words and words[0].lower() in lower | STOP | COMMON_PROPER:
            words = words[1:]
        key = police_key(" ".join(words))
        if key:
            found.setdefault(key, " ".join(words))
    if len(found) == 1:
        mention.names.append(mention.name)
        mention.name = found.popitem()[1]


def _police_force(mention: Mention) -> None:
    """A place-named police force, or its spokesperson, is the force: a group
    under the force's name ("Lagos police" for "a Lagos police spokesman")."""
    if mention.named or not police_key(mention.name):
        return
    words = mention.name.split()
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    while len(words) > 2 and words[-1].lower() in FORCE_PEOPLE:
        words = words[:-1]
    if " ".join(words) != mention.name:
        mention.names.append(mention.name)
        mention.name = " ".join(words)
    mention.kind = Speaker.Kind.GROUP


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _named(named: bool, name: str, kind: str) -> tuple[bool, str]:
    """Whether a speaker has a proper name, and its kind: "WHO said" at a
    sentence's start is a body's acronym, not an unnamed group; a role's
    abbreviation ("CEO said", "MP said") is not."""
    bare = name.lower()
    if not named and _ACRONYM.fullmatch(name) and bare not in ROLE_NOUNS | TITLE_WORDS:
        return True, Speaker.Kind.ORGANISATION
    return named, kind


def _kind(claim: ExtractedClaim) -> str:
    if claim.speaker_is_outlet or claim.speaker_kind == "outlet":
        return Speaker.Kind.OUTLET
    if claim.speaker_kind in Speaker.Kind.values:
        return claim.speaker_kind
    return Speaker.Kind.PERSON if claim.speaker_named else Speaker.Kind.GROUP


def mentions_of(
    claims: Sequence[ExtractedClaim], body: str = ""
) -> list[Mention | None]:
    """One Mention per claim (shared by claims of one speaker); None for no speaker.

    The engine's speakers are kept, and two it left apart are joined when one's
    name is the other's surname or alias ("Violet" and "Maryam Violet").
    """
    by_key: dict[tuple[bool, str], Mention] = {}
    out: list[Mention | None] = []
    for claim in claims:
        if not claim.speaker:
            out.append(None)
            continue
        name = speaker_name_clean(claim.speaker)[:200]
        kind = _kind(claim)
        outlet = kind == Speaker.Kind.OUTLET
        person = person_in(name) if claim.speaker_named and not outlet else None
        if person is not None:
            name, kind = person[0], Speaker.Kind.PERSON
        named, kind = _named(claim.speaker_named or outlet, name, kind)
        mention = by_key.get((outlet, name_key(name)))
        if mention is None:
            mention = Mention(
                name=name,
                kind=kind,
                named=named,
                outlet=name if outlet else "",
            )
            by_key[(outlet, name_key(name))] = mention
        elif kind == Speaker.Kind.PERSON and claim.speaker_named:
            mention.kind, mention.named = kind, True  # one name, one referent
        for alias in claim.speaker_aliases:
            if alias and alias not in mention.names and alias != mention.name:
                mention.names.append(alias[:200])
        if claim.speaker_role and claim.speaker_role not in mention.roles:
            mention.roles.append(claim.speaker_role[:300])
        if person is not None and person[1] not in mention.roles:
            mention.roles.append(person[1][:300])
        out.append(mention)
    for mention in {id(m): m for m in out if m is not None}.values():
        _qualify(mention, body)
        _police_named(mention, body)
        _police_force(mention)
        if mention.kind == Speaker.Kind.PERSON and mention.named:
            _hyphen_whole(mention, body)
            mention.titles = _titles(body, mention)
    out = _unify(out)
    for mention in {id(m): m for m in out if m is not None}.values():
        _speaks_for(mention)
        _body_named(mention, body)
    return out


def _body_named(mention: Mention, body: str) -> None:
    """A body named by its common noun ("the hospital", "the team") is the one
    body of that kind the text names ("St. Brendan's Hospital", "Team Nordlys"),
    when it names exactly one."""
    words = [w for w in mention.key.split() if w not in STOP]
    if mention.named or mention.kind == Speaker.Kind.OUTLET or len(words) != 1:
        return
    head = words[0]
    if head not in _ORG_HEADS or len(mention.key.split()) > 2:
        return
    noun = re.escape(head.capitalize())
    cap = r"[A-Z][\w'’.-]*"
    pattern = re.compile(
        rf"\b((?:{cap}\s+){{1,4}}{noun}|{noun}(?:\s+(?:of|for)(?:\s+the)?)?"
        rf"(?:\s+{cap}){{1,4}})\b"
    )
    found = set()
    for match in pattern.finditer(body[:20000]):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(1))
        if len(name.split()) >= 2 and not generic(name):
            found.add(" ".join(name.split()))
    if len(found) == 1:
        mention.names.append(mention.name)
        mention.name = found.pop()
        mention.kind, mention.named = Speaker.Kind.ORGANISATION, True


def _speaks_for(mention: Mention) -> None:
    """A spokesperson of a body the article names by a proper name ("a Corvane
    spokesperson", "a spokeswoman for Team Nordlys") speaks for that body, which
    may speak in other articles: the mention becomes the body's. A body named by
    a common noun ("a club spokesman") stays a speaker of its article."""
    if mention.named or mention.kind == Speaker.Kind.OUTLET:
        return
    spokes = _FOR_BODY.match(" ".join(mention.name.split()))
    if spokes is None:
        spokes = _FOR_BODY.match(mention.key)
        if spokes is None:
            return
    name = (spokes.group(1) or spokes.group(2) or "").strip()
    name = re.sub(r"^(?:an?|the)\s+", "", name, flags=re.IGNORECASE)
    words = name.split()
    if not words or not all(
        w[:1].isupper() or w in ("of", "for", "and") for w in words
    ):
        return
    if generic(name) or is_place(name):
        return
    mention.names.append(mention.name)
    mention.name, mention.kind, mention.named = name, Speaker.Kind.ORGANISATION, True


def _hyphen_whole(mention: Mention, body: str) -> None:
    """A first name cut at its hyphen ("Luc Marchand" where the text says
    "Jean-Luc Marchand") gets its whole first name back."""
    if len(mention.name.split()) < 2:
        return
    match = re.search(rf"\b([A-Z][\w'’]*-){re.escape(mention.name)}\b", body)
    if match is not None:
        mention.names.append(mention.name)
        mention.name = match.group(1) + mention.name


# Words that head a body's name, never a person's: "Diocese of Kilmore Cross".
_ORG_HEADS = word_set(
    """ministry department office agency police court council government
    commission committee service authority board union party institute hospital
    bank company club team university school college association federation
    society foundation trust centre center organisation organization coalition
    alliance network league fund corporation church diocese group"""
)
_PERSON_OF = re.compile(
    r"^((?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’.-]+)\s+(?:of|from|at)\s+(?:the\s+)?([A-Z].*)$"
)


def person_in(name: str) -> tuple[str, str] | None:
    """A person's name inside a longer speaker name, with the rest as their role.

    "Eli Brandt of Harrow Capital" is Eli Brandt (of Harrow Capital); "Lagos State
    Commissioner for Health Folake Adeyemi" is Folake Adeyemi. None when the name
    is a body's ("Diocese of Kilmore Cross") or has no person's name in it.
    """
    match = _PERSON_OF.match(name)
    if match and _looks_personal(match.group(1).split()):
        return match.group(1), match.group(2)
    words = name.split()
    cut = max(
        (
            i
            for i, w in enumerate(words[:-2])
            if w.lower().rstrip(".,") in ROLE_NOUNS | TITLE_WORDS
        ),
        default=-1,
    )
    # Role words may go on after the title ("Solicitor General", "for Health").
    rest = words[cut + 1 :]
    while len(rest) > 2 and (
        rest[0].lower().rstrip(".,") in GENERIC_ORG | ROLE_NOUNS | STOP
        or not rest[0][:1].isupper()
    ):
        rest = rest[1:]
    if cut < 0 or len(rest) not in (2, 3) or not _looks_personal(rest):
        return None
    return " ".join(rest), " ".join(words[: len(words) - len(rest)])


def _looks_personal(words: list[str]) -> bool:
    return all(
        w[:1].isupper()
        and w.lower().rstrip(".,") not in _ORG_HEADS | CORPORATE | GENERIC_ORG
        and w.lower().rstrip(".,") not in ROLE_NOUNS | TITLE_WORDS
        for w in words
    )


def _titles(body: str, mention: Mention) -> set[str]:
    """The words the text puts before a person's full name ("Trade Minister Harald
    Bakke"), after it between commas ("David Chen, head of cardiac surgery,") or
    after "as" ("appointed David Chen as their new head coach")."""
    words: set[str] = set()
    full = [n for n in [mention.name, *mention.names] if len(n.split()) >= 2][:3]
    for name in [*full, *{n.split()[-1] for n in full}]:
        for words_before, between_commas, after_as in name_surroundings(
            body[:20000], name
        ):
            before = re.split(r"[.;:!?\"“”]", words_before)[-1]
            for part in (before, between_commas, after_as):
                # A possessive names an owner, not the person's title: "Prime
                # Minister's office spokeswoman Hanne Vik" is no minister.
                words |= {
                    w.lower()
                    for w in part.replace("’", "'").split()
                    if not w.endswith(("'s", "s'"))
                }
    return words - _STOP_TITLE


_STOP_TITLE = word_set("the a an of for and in at on to with by from said says")


_SPOKES_WORDS = word_set(
    "spokesperson spokesman spokeswoman representative spokespeople official source"
)
_SPOKES = r"(?:spokesperson|spokesman|spokeswoman|representative|spokespeople)"
# "a Corvane spokesperson", "a WHO spokesperson in Geneva", "a spokesman for
# the club": the body (a group) a spokesperson speaks for.
_FOR_BODY = re.compile(
    rf"^(?:an?\s+|the\s+)?(.+?)\s+{_SPOKES}(?:\s+(?:in|at)\s+[\w'’.-]+)?$"
    rf"|^(?:an?\s+|the\s+)?{_SPOKES}\s+for\s+(?:the\s+)?(.+)$"
)


def _qualify(mention: Mention, body: str) -> None:
    """Give a lone name the full name the article gives it elsewhere.

    "Delgado" in an article that names "Corvane chief executive Maria Delgado"
    outside any claim frame becomes Maria Delgado; "Corvane" becomes Corvane
    Systems. Only when the article has exactly one such fuller name.
    """
    words = mention.key.split()
    if not body or len(words) != 1 or not mention.name[:1].isupper():
        return
    if mention.kind == Speaker.Kind.OUTLET or mention.names:
        return
    word = re.escape(mention.name)
    person = re.compile(rf"((?:[A-Z][\w'’.-]+\s+){{1,3}}){word}\b")
    company = re.compile(rf"\b{word}((?:\s+[A-Z][\w'’.-]+){{1,3}})")
    fuller: set[str] = set()
    for match in person.finditer(body):
        forms = name_forms(match.group(0), Speaker.Kind.PERSON)
        tails = [f for f in forms if len(f.split()) == 2]
        if tails:
            fuller.add(min(tails, key=len))
    if len(fuller) == 1:
        (full,) = fuller
        mention.names.append(mention.name)
        mention.name = " ".join(
            w.capitalize() if w.islower() else w for w in _surface(body, full)
        )
        mention.kind, mention.named = Speaker.Kind.PERSON, True
        return
    for match in company.finditer(body):
        tail = match.group(1).split()
        if tail and tail[-1].lower().rstrip(".") in CORPORATE:
            fuller.add(f"{mention.name} {' '.join(tail)}")
    if len(fuller) == 1:
        mention.names.append(mention.name)
        mention.name = fuller.pop()
        mention.kind, mention.named = Speaker.Kind.ORGANISATION, True


def _surface(body: str, key: str) -> list[str]:
    """The words of `key` as the body writes them."""
    match = re.search(
        r"\b" + r"\s+".join(map(re.escape, key.split())) + r"\b", body, re.IGNORECASE
    )
    return (match.group(0) if match else key).split()


def _unify(mentions: list[Mention | None]) -> list[Mention | None]:
    """Join an article's mentions that name one person or body (see _same_as)."""
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    into: dict[int, Mention] = {}

    def root(mention: Mention) -> Mention:
        while id(mention) in into:
            mention = into[id(mention)]
        return mention

    for short in sorted(distinct, key=lambda m: len(m.key.split())):
        if short.kind == Speaker.Kind.OUTLET:
            continue
        hosts = {
            id(root(m)): root(m)
            for m in distinct
            if m is not short and root(m) is not short and _same_as(short, m)
        }
        forces = {police_key(h.name) for h in hosts.values()}
        if len(hosts) > 1 and len(forces) == 1 and "" not in forces:
            hosts = dict(list(hosts.items())[:1])  # one force, named two ways
        if len(hosts) != 1:
            continue
        (host,) = hosts.values()
        into[id(short)] = host
        if short.kind == Speaker.Kind.PERSON and short.named:
            host.kind = Speaker.Kind.PERSON  # a surname used alone: a person
        for name in [short.name, *short.names]:
            if name not in host.names and name != host.name:
                host.names.append(name)
        host.roles.extend(r for r in short.roles if r not in host.roles)
    return [root(m) if m is not None else None for m in mentions]


def _same_as(short: Mention, host: Mention) -> bool:
    """Whether the article's `short` names `host`, a longer name of a named body.

    The article uses it as the host's alias; or it is the surname of a person
    ("Violet" beside "Maryam Violet"); or the initials of an organisation's name;
    or a description that is a word of the name ("the institute" for the National
    Institute for Space Research) or the person's role ("the new head coach");
    or a spokesperson of the organisation ("a Corvane spokesperson"); or a
    police force named with its place, of which `short` names no other ("police",
    "a police spokesman", "provincial police", "the force").
    """
    force = police_key(host.name)
    if force and not short.named:
        own = police_key(short.name)
        return own == force or (not own and bare_police(short.name))
    if not host.named or host.kind not in (
        Speaker.Kind.PERSON,
        Speaker.Kind.ORGANISATION,
    ):
        return False
    if (
        short.named
        and short.kind == Speaker.Kind.ORGANISATION
        and host.kind != short.kind
    ):
        return False
    words, host_words = short.key.split(), host.key.split()
    if short.key in {name_key(n) for n in host.names}:
        return len(host_words) >= len(words)
    if not short.named:
        return describes(short, host)
    if len(words) != 1 or len(host_words) <= 1:
        return False
    if short.kind != Speaker.Kind.GROUP and host_words[-1] == words[0]:
        return True
    if short.name.isupper() and len(short.name) > 1:
        return _initials(host.name) == short.name
    return False


def _initials(name: str) -> str:
    """ "WHO" of "World Health Organization"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.isalpha())


def _called(noun: str, host: Mention) -> bool:
    """Whether a body's common noun ("ministry", "club", "diocese") is what the
    article may call the named body `host`: a word of its name, or "club" for a
    sports club's name ("Kirkstall Athletic")."""
    if len(noun.split()) != 1 or noun not in _ORG_HEADS:
        return False
    words = host.key.split()
    return noun in words or (noun == "club" and words[-1] in CLUB_NAME_ENDS)


_NOW = word_set("current incumbent present sitting")
_BEFORE = word_set("former ex onetime then previous")


def _holder_now(key: str) -> bool:
    return bool(set(key.split()) & _NOW)


def _holder_before(role: str) -> bool:
    return bool(set(role.replace("-", " ").split()) & _BEFORE)


_MINISTERIAL = word_set("minister ministers secretary")
# "Callahan's office", "Brenner's team": a person's own staff speak for them.
_OWN_OFFICE = re.compile(r"^([\w-]+)'s\s+(?:office|team|campaign|camp|staff)$")


def describes(short: Mention, host: Mention) -> bool:
    """Whether an unnamed mention is a description of a named one in the article."""
    key = short.key
    owned = _OWN_OFFICE.match(key)
    if owned and host.kind == Speaker.Kind.PERSON:
        # "Callahan's office said": the person whose office it is; a minister's
        # office speaks for the ministry.
        if host.titles & _MINISTERIAL:
            return False
        return owned.group(1) in {name_key(n).split()[-1] for n in host.keys if n}
    spokes = _FOR_BODY.match(key)
    if spokes and host.kind == Speaker.Kind.ORGANISATION:
        body = name_key(spokes.group(1) or spokes.group(2) or "")
        if body in host.keys | name_forms(host.name, host.kind):
            return bool(body)
        if len(body) > 1 and body.upper() == _initials(host.name):
            return True  # "a WHO spokesperson" of the World Health Organization
        return _called(body, host)
    words = [w for w in key.split() if w not in STOP]
    if not words:
        return False
    head = words[-1]
    if host.kind == Speaker.Kind.ORGANISATION:
        return (
            len(words) == 1
            and short.kind != Speaker.Kind.PERSON
            and head in host.key.split()
        )
    if short.kind != Speaker.Kind.PERSON:
        return False
    roles = {name_key(r) for r in host.roles}
    if _holder_now(key) and any(_holder_before(r) for r in roles | host.titles):
        return False  # "the current mayor" is not the former mayor named before
    if key in roles or any(head in r.split() for r in roles):
        return True
    # "the minister" beside "Trade Minister Harald Bakke": the title the text
    # gives the person, when the description's every word is in it.
    last = key.split()[-1]
    if last not in ROLE_NOUNS - _SPOKES_WORDS and not key.startswith("head of"):
        return False
    named = {w.lower() for n in [host.name, *host.names] for w in n.split()}
    return all(w in host.titles | named for w in words)

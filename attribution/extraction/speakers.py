"""Who is speaking: resolving an article's speaker phrases to its entities.

`Registry` keeps the article's entities (people, organisations, outlets, groups
such as "police") with every mention in reading order, and resolves a new mention
(read from its phrase by `mentions.describe`) to an entity: names by surname,
pronouns and descriptions ("the outlet", "the founder", "the human rights group")
by rules over the mentions that precede them. There is no coreference model; the
rules favour the most recent, most prominent compatible entity (a speaker over a
subject over any mention).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from .cues import (
    AGE_EPITHET,
    DOCUMENT_NOUNS,
    EPITHET_NOUNS,
    FEMININE,
    GENERIC_ORG_NOUNS,
    GROUP_NOUNS,
    MASCULINE,
    MEDIA_NOUNS,
    NEUTER,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_NOUNS,
    word_set,
)
from .entities import (
    DEFINITE,
    SPEAKER,
    Entity,
    Resolution,
    body_called_so,
    epithet_gender,
    is_age_or_nationality,
    names_a_body,
    noun_gender,
    person_of_body,
    role_words,
    short_form_of,
)
from .gazetteer import OutletEntry, looks_like_website, normalize_name
from .mentions import KIND_HEADS, OWNED_NOUNS, Mention
from .names import compatible_names, person_shaped
from .rules import rule

_POSSESSIVE = word_set("his her their its")
# Endings of nouns for people by occupation ("epidemiologist", "librarian").
_PERSON_SUFFIXES = ("ist", "ian", "man", "woman", "person")
# Collective names for a country's or region's press ("Ukrainian media").
_PRESS_NOUNS = word_set("media medium press outlets")

# Who speaks for a person without a name of their own: "her family said".
_KIN_NOUNS = word_set(
    """family relatives parents children widow widower son daughter wife husband
    mother father brother sister spokesperson spokesman spokeswoman rep
    representative representatives publicist agent"""
)

# Abbreviated titles and the role each stands for.
_TITLE_ROLES = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "col": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "sgt": "sergeant",
    "prof": "professor",
    "dr": "doctor",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "cllr": "councillor",
    "adm": "admiral",
    "cmdr": "commander",
}
_MALE_TITLES = word_set("mr mr. sir lord king prince father")
_FEMALE_TITLES = word_set(
    "mrs mrs. ms ms. miss dame lady queen princess smt shrimati kumari"
)

# Units back that a bare surname may name a role-only speaker.
_UNNAMED_WINDOW = 8


@dataclass
class _Record:
    position: int
    unit: int
    entity: Entity
    weight: int


class Registry:
    """The entities of one article and their mentions in reading order."""

    def __init__(
        self,
        person_surnames: Iterable[str] = (),
        depth: Callable[[int], int] | None = None,
    ) -> None:
        self.entities: list[Entity] = []
        self.records: list[_Record] = []
        self.person_surnames = {s.lower() for s in person_surnames}
        self._first_names: dict[str, set[str]] = {}
        # How deep the mention at a token sits in its sentence's parse: of two
        # equally prominent mentions, the shallower one is what the sentence is
        # about ("lawmaker Joseph Kalonga, who represents Chikwawa").
        self._depth = depth or (lambda position: 0)

    # -- bookkeeping -------------------------------------------------------
    def note(self, entity: Entity, position: int, unit: int, weight: int) -> None:
        """Record a mention of `entity` at token `position` of unit `unit`."""
        self.records.append(_Record(position, unit, entity, weight))

    def _new(self, kind: str, **kwargs: object) -> Entity:
        entity = Entity(id=len(self.entities), kind=kind, **kwargs)  # type: ignore[arg-type]
        self.entities.append(entity)
        return entity

    def outlet_entity(self, entry: OutletEntry) -> Entity:
        """The entity for a gazetteer outlet (one per outlet)."""
        for entity in self.entities:
            if entity.outlet is not None and entity.outlet.name == entry.name:
                return entity
        return self._new("outlet", outlet=entry, publisher=True)

    # -- resolution --------------------------------------------------------
    def resolve(
        self,
        mention: Mention,
        position: int,
        unit: int,
        *,
        exclude: Iterable[Entity] = (),
        speaker: bool = True,
    ) -> Resolution | None:
        """The entity `mention` refers to, creating one for a new name.

        `exclude` lists entities the mention cannot be (the speaker, when resolving
        whom the speaker told). With `speaker` False, description-only phrases that
        match nothing earlier do not create entities.
        """
        excluded = {e.id for e in exclude}
        if mention.outlet is not None:
            entity = self.outlet_entity(mention.outlet)
            self._enrich(entity, mention)
            return Resolution(entity, "outlet")
        if mention.pronoun:
            antecedent = self._antecedent(mention.pronoun, position, unit, excluded)
            self.referred_to(antecedent, pronoun=mention.pronoun)
            return Resolution(antecedent, "pronoun") if antecedent else None
        if mention.name and speaker and is_age_or_nationality(mention):
            found = self._epithet_antecedent(mention, position, unit, excluded)
            self.referred_to(found, epithet=mention.head)
            if found is not None:
                return Resolution(found, "description")
        if mention.name:
            mention = person_of_body(mention)
            return self._by_name(mention, position, unit, speaker)
        if mention.description:
            return self._by_description(mention, position, unit, excluded, speaker)
        return None

    def _kind_of_name(self, mention: Mention) -> str:
        name = mention.name
        words = name.lower().replace(".", " ").split()
        if looks_like_website(name) or mention.head in MEDIA_NOUNS:
            return "org"
        if any(w in ORG_NAME_WORDS for w in words):
            return "org"
        if mention.head in ORG_NOUNS and mention.head not in ROLE_NOUNS:
            return "org"  # "home company Nestwise": the noun says what it is
        if self._known_body_name(mention):
            return "org"
        person_evidence = (
            mention.title
            or mention.head in ROLE_NOUNS
            or mention.name_label == "PERSON"
            or (words and words[-1] in self.person_surnames)
            or (len(words) == 1 and self.knows_name(name))
        )
        if person_evidence:
            return "person"
        if mention.name_label in ("ORG", "NORP", "GPE", "FAC", "LOC"):
            return "org"
        return "person"

    @rule(
        "known-body-name",
        stage="speakers",
        example=(
            "Police made arrests after fighting broke out following Hensall "
            "Athletic's 2-1 defeat on Saturday. ¶ Hensall Athletic said in a "
            "statement that any supporter found to have taken part in the disorder "
            'would be banned from the stadium for life. ¶ "We will find them," '
            "the chairman said."
        ),
        off=False,
    )
    def _known_body_name(self, mention: Mention) -> bool:
        """Rule "known-body-name": a name of two words or more that the article
        already gave a body (or a short or long form of it) is that body, though
        the tagger calls it a person: `following Hensall Athletic's 2-1 defeat
        ... Hensall Athletic said` is the club both times (and a later "the
        chairman said" is not the club)."""
        if mention.title or mention.head in ROLE_NOUNS:
            return False
        key = normalize_name(mention.name).split()
        if len(key) < 2:
            return False
        return any(
            entity.kind == "org"
            and short_form_of(key, [normalize_name(n).split() for n in entity.names])
            for entity in self.entities
        )

    def _by_name(
        self, mention: Mention, position: int, unit: int, speaker: bool
    ) -> Resolution:
        kind = self._kind_of_name(mention)
        name = mention.name
        if kind == "org":
            key = normalize_name(name).split()
            for entity in self.entities:
                names = [normalize_name(n).split() for n in entity.names]
                if entity.kind == "org" and short_form_of(key, names):
                    self._add_name(entity, name)
                    self._enrich(entity, mention)
                    return Resolution(entity, "name")
            # A name described as a medium ("the Marathi daily Lokvani") publishes.
            publisher = looks_like_website(name) or mention.head in MEDIA_NOUNS
            entity = self._new("org", names=[name], publisher=publisher)
            self._enrich(entity, mention)
            return Resolution(entity, "name")
        parts = name.split()
        surname = parts[-1].lower()
        if len(parts) == 1 and mention.title.lower() in ("sir", "dame"):
            # "Sir Geoffrey added": a knight goes by his first name.
            knight = [
                e
                for e in self.entities
                if e.kind == "person"
                and any(n.split()[0].lower() == surname for n in e.names)
            ]
            if knight:
                entity = self._latest(knight, position)
                self._enrich(entity, mention)
                return Resolution(entity, "name")
        candidates = [
            e
            for e in self.entities
            if e.kind == "person"
            and any(n.split()[-1].lower() == surname for n in e.names)
            and compatible_names(name, e.names)
        ]
        if candidates:
            entity = self._latest(candidates, position)
            self._add_name(entity, name)
            self._enrich(entity, mention)
            return Resolution(entity, "name")
        bare = len(parts) == 1 and not mention.description and not mention.role
        if bare and speaker and mention.name_label in ("PERSON", ""):
            anonymous = self._unnamed_speaker(unit)
            if anonymous is not None:
                self._add_name(anonymous, name)
                self._enrich(anonymous, mention)
                return Resolution(anonymous, "merged")
        introduced = self._named_after_description(mention, unit, speaker)
        if introduced is not None:
            self._add_name(introduced, name)
            self._enrich(introduced, mention)
            return Resolution(introduced, "merged")
        entity = self._new("person", names=[name])
        self._enrich(entity, mention)
        return Resolution(entity, "name")

    @rule(
        "name-after-description",
        stage="speakers",
        example=(
            "At St. Brendan's Hospital, the head of cardiac surgery welcomed the "
            'funding but said it was not enough. ¶ "We have the surgeons," Dr. '
            "Ruth Amsel said."
        ),
        off=None,
    )
    def _named_after_description(
        self, mention: Mention, unit: int, speaker: bool
    ) -> Entity | None:
        """Rule "name-after-description": a full name new to the article, given
        with no role of its own right after someone known only by a definite role
        spoke, names that someone: `the head of cardiac surgery welcomed the
        funding ... "We have the surgeons," Dr. Ruth Amsel said.` is one person.

        News introduces a new person with a role; a bare full name that follows a
        nameless role is the role's name. Only the latest person who spoke, in
        this unit or the one before, and only a definite role ("the head of",
        "the minister"; not "an official") count.
        """
        own = mention.description or mention.role or mention.affiliation
        if not speaker or own or len(mention.name.split()) < 2:
            return None
        if mention.name_label != "PERSON":
            return None
        return self._unnamed_speaker(unit, window=1)

    def _unnamed_speaker(
        self, unit: int, window: int = _UNNAMED_WINDOW
    ) -> Entity | None:
        """A person so far known only by a role, who spoke recently.

        Articles often introduce someone by role ("the group's founder told ...")
        and later use a bare surname never introduced otherwise; that surname is
        taken to name the role. Only a definite role counts ("the founder", "his
        lawyer"); "a source" or "an official" stays unnamed on purpose.
        """
        for record in reversed(self.records):
            if unit - record.unit > window:
                break
            entity = record.entity
            if entity.kind == "person" and record.weight >= SPEAKER:
                if entity.names:
                    return None
                indefinite = any(
                    d.split()[0].lower() in ("a", "an", "one")
                    for d in entity.descriptions
                )
                if entity.roles and not indefinite:
                    return entity
        return None

    def knows_name(self, name: str) -> bool:
        """Whether a person with this surname is already known."""
        surname = name.split()[-1].lower()
        return any(
            e.kind == "person"
            and any(n.split()[-1].lower() == surname for n in e.names)
            for e in self.entities
        )

    def name(self, entity: Entity, mention: Mention) -> None:
        """Give an entity known only by a description the name a mention gives."""
        self._add_name(entity, mention.name)
        self._enrich(entity, mention)

    def _add_name(self, entity: Entity, name: str) -> None:
        if name not in entity.names:
            entity.names.append(name)

    def _enrich(self, entity: Entity, mention: Mention) -> None:
        description = mention.description
        new = description and description not in entity.descriptions
        # A person's name says who they are; their descriptions are roles.
        if new and (not mention.name or entity.kind != "person"):
            entity.descriptions.append(description)
        if mention.role and mention.role not in entity.roles:
            entity.roles.append(mention.role)
        if mention.head:
            entity.heads.add(mention.head)
            entity.modifiers.update(mention.modifiers)
        title = mention.title.lower()
        if title in _MALE_TITLES:
            entity.gender = "m"
        elif title in _FEMALE_TITLES:
            entity.gender = "f"
        elif entity.kind == "person" and not entity.gender and not entity.names:
            entity.gender = noun_gender(mention.head)
        # "Sen. Dale Rourke": a later "the senator" is him.
        office = _TITLE_ROLES.get(title.rstrip("."), title.rstrip("."))
        if office in ROLE_NOUNS:
            entity.heads.add(office)

    def _latest(self, candidates: Sequence[Entity], position: int) -> Entity:
        last_seen = {c.id: -1 for c in candidates}
        for record in self.records:
            if record.entity.id in last_seen and record.position < position:
                last_seen[record.entity.id] = record.position
        return max(candidates, key=lambda e: (last_seen[e.id], -e.id))

    def _antecedent(
        self, pronoun: str, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        if pronoun in PERSON_PRONOUNS:
            gender = "m" if pronoun in MASCULINE else "f" if pronoun in FEMININE else ""

            def fits(e: Entity) -> bool:
                return e.kind == "person" and not (
                    gender and e.gender and e.gender != gender
                )

        elif pronoun in PLURAL_PRONOUNS:

            def fits(e: Entity) -> bool:
                return e.kind in ("group", "org", "outlet")

        elif pronoun in NEUTER:

            def fits(e: Entity) -> bool:
                return e.kind in ("org", "outlet")

        else:
            return None
        found = self._salient(fits, position, unit, excluded)
        if found is None and pronoun in PERSON_PRONOUNS:
            found = self._person_shaped_antecedent(gender, position, unit, excluded)
        return found

    @rule(
        "person-shaped-name",
        stage="speakers",
        example=(
            "Nadia Saffron told Le Monde that the storm had torn the roof off. ¶ "
            '"I heard the tiles go one by one," she said.'
        ),
        off=None,
    )
    def _person_shaped_antecedent(
        self, gender: str, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "person-shaped-name": a "he" or "she" with no person before it
        is the nearest name shaped like a person's that the entity tagger called
        an organisation: `Nadia Saffron told Le Monde ... "...," she said.`

        The name has two or three capitalised words and none that names a body
        ("Group", "Council"); `referred_to` makes the entity a person from here on.
        """

        def fits(e: Entity) -> bool:
            return (
                e.kind == "org"
                and e.outlet is None
                and not e.publisher
                and not (gender and e.gender and e.gender != gender)
                and any(person_shaped(name) for name in e.names)
            )

        return self._salient(fits, position, unit, excluded)

    def referred_to(
        self, entity: Entity | None, *, pronoun: str = "", epithet: str = ""
    ) -> None:
        """Entity state: what a pronoun or an epithet found to refer to `entity`
        says of it (nothing when `entity` is None).

        A "he" or "she" makes it a person (the tagger may have called a person's
        name an organisation: rule "person-shaped-name") and gives it the
        pronoun's gender when it has none; a gendered epithet ("the actress")
        gives its gender likewise. The lookups that find the entity change
        nothing; this is the one place a reference changes what is known.
        """
        if entity is None:
            return
        if pronoun in PERSON_PRONOUNS:
            entity.kind = "person"
            if not entity.gender:
                entity.gender = "m" if pronoun in MASCULINE else "f"
        gender = epithet_gender(epithet)
        if gender and not entity.gender:
            entity.gender = gender

    def _salient(
        self,
        fits: Callable[[Entity], bool],
        position: int,
        unit: int,
        excluded: set[int],
        window: int = 6,
        same_unit: bool = True,
    ) -> Entity | None:
        """The most prominent fitting entity in the nearest unit that has one.

        In the mention's own unit the nearest preceding mention wins (unless
        `same_unit` is False); in earlier units the most prominent one (speaker,
        then subject), the latest on ties.
        """
        by_unit: dict[int, list[_Record]] = {}
        for record in self.records:
            if record.position >= position or unit - record.unit > window:
                continue
            if record.unit == unit and not same_unit:
                continue
            if record.entity.id in excluded or not fits(record.entity):
                continue
            by_unit.setdefault(record.unit, []).append(record)
        if unit in by_unit:
            return max(by_unit[unit], key=lambda r: r.position).entity
        for earlier in sorted(by_unit, reverse=True):
            return max(
                by_unit[earlier],
                key=lambda r: (r.weight, -self._depth(r.position), r.position),
            ).entity
        return None

    def _by_description(
        self,
        mention: Mention,
        position: int,
        unit: int,
        excluded: set[int],
        speaker: bool,
    ) -> Resolution | None:
        head = mention.head
        definite = mention.determiner in DEFINITE or mention.determiner in _POSSESSIVE
        if head in MEDIA_NOUNS and (definite or not mention.determiner):
            kinds = MEDIA_NOUNS[head]
            found = self._media_antecedent(kinds, position, unit, excluded)
            if found is not None and head in GENERIC_ORG_NOUNS:
                found = self._body_just_named(found, position, unit, excluded)
            if found is not None:
                return Resolution(found, "description")
        # An age says someone named before is meant, whatever else the phrase
        # says: "the 58-year-old former Treasury official".
        aged = bool(AGE_EPITHET.search(mention.description))
        owned_body = mention.determiner in _POSSESSIVE and head in ORG_NOUNS
        refers_back = mention.determiner in DEFINITE or owned_body  # "his party"
        found = None
        if head and refers_back and not mention.affiliation and not aged:
            found = self._described(mention, position, unit, excluded)
        elif head and refers_back and speaker and not aged:
            found = self._affiliated_role(mention, position, excluded)
        epithet = speaker and mention.determiner == "the"
        if found is None and epithet and (aged or not mention.affiliation):
            found = self._epithet_antecedent(mention, position, unit, excluded)
            self.referred_to(found, epithet=head)
        bare_role = head in ROLE_NOUNS and mention.description == head
        if found is None and epithet and bare_role:
            found = self._role_of_named_speaker(position, unit, excluded)
        if found is not None:
            return Resolution(found, "description")
        if head in _PRESS_NOUNS and mention.modifiers and not mention.determiner:
            # "Ukrainian media quoted X as saying": the press as a whole relays.
            entity = self._description_entity(mention)
            entity.publisher = True
            return Resolution(entity, "new")
        if not speaker and not names_a_body(mention):
            return None
        mention = self._with_named_affiliation(mention, position, unit, excluded)
        mention = self._with_named_possessor(mention, position, unit, excluded)
        return Resolution(self._description_entity(mention), "new")

    @rule(
        "affiliated-role",
        stage="speakers",
        example=(
            "Danish rider Mads Holm said he would race again in May. ¶ The Team "
            "Sorø rider said he had no memory of the crash."
        ),
        off=None,
    )
    def _affiliated_role(
        self, mention: Mention, position: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "affiliated-role": a definite role with the body it belongs to
        ("the Team Sorø rider", "the Kelsall coach") is the one named person seen
        before with that role: `Danish rider Mads Holm ... The Team Sorø rider
        said` is Mads Holm. None when two or more people have the role, and
        when the body follows the role ("the current mayor of Villeurbanne-Est"
        may be the successor of the mayor named before)."""
        if not mention.description.endswith(mention.head):
            return None
        seen = {r.entity.id for r in self.records if r.position < position}
        fitting = [
            e
            for e in self.entities
            if e.kind == "person"
            and e.names
            and e.id in seen
            and e.id not in excluded
            and (
                mention.head in e.heads
                or any(mention.head in role_words(r) for r in e.roles)
            )
        ]
        return fitting[0] if len(fitting) == 1 else None

    @rule(
        "role-of-named-speaker",
        stage="speakers",
        example=(
            "OSLO - Norway's fisheries minister faced questions on Wednesday. ¶ "
            "Tove Lien told the Storting the study was independent. ¶ "
            '"The researchers were chosen by the ministry," the minister said.'
        ),
        off=None,
    )
    def _role_of_named_speaker(
        self, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "role-of-named-speaker": "the minister" (the bare role noun)
        that fits no one the article has described is the person who spoke last,
        in this unit or the one before, when that person is named and known by
        no role: `Tove Lien
        told the Storting ... "...," the minister said.` is Tove Lien. The article
        gave the role before the name (in its headline or first lines, of
        someone not yet named), so the role was never attached to it.
        """
        for record in reversed(self.records):
            if record.position >= position or record.entity.id in excluded:
                continue
            if unit - record.unit > 1:
                break
            entity = record.entity
            if record.weight < SPEAKER or entity.kind != "person":
                continue
            return entity if entity.names and not entity.roles else None
        return None

    def _with_named_possessor(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Mention:
        """ "Her family said" as "Rowena Hale's family": the people or the
        spokesperson of someone named, who speak for them without a name."""
        if mention.determiner not in _POSSESSIVE or mention.head not in _KIN_NOUNS:
            return mention
        pronoun = mention.determiner
        if pronoun == "their":
            pronoun = "they"
        owner = self._antecedent(pronoun, position, unit, excluded)
        self.referred_to(owner, pronoun=pronoun)
        if owner is None or not owner.names:
            return mention
        description = f"{_possessive(owner.canonical)} {mention.description}"
        return replace(mention, description=description)

    def _with_named_affiliation(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Mention:
        """ "a spokesperson for the company" as "a spokesperson for Northlink Power":
        the body or person a description belongs to, named where the article
        names it, so that the speaker says whose spokesperson it is."""
        words = mention.description.split()
        for k in range(len(words) - 2, 0, -1):
            if words[k] in ("for", "of", "at") and words[k + 1] == "the":
                tail = words[k + 2 :]
                break
        else:
            return mention
        plain = all(w.isalpha() and w.islower() for w in tail)
        if not plain or not 1 <= len(tail) <= 3:
            return mention
        owner = Mention(
            " ".join(["the", *tail]),
            mention.start,
            mention.end,
            description=" ".join(tail),
            head=tail[-1],
            modifiers=tuple(tail[:-1]),
            determiner="the",
        )
        found = self._described(owner, position, unit, excluded)
        if found is None:
            found = self._epithet_antecedent(owner, position, unit, excluded)
            self.referred_to(found, epithet=owner.head)
        if found is None or not (found.names or found.outlet):
            return mention
        description = " ".join([*words[: k + 1], found.canonical])
        return replace(mention, description=description)

    def _media_antecedent(
        self, kinds: frozenset[str], position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        def media(e: Entity) -> bool:
            return e.outlet is not None and e.outlet.kind in kinds

        def any_source(e: Entity) -> bool:
            return e.is_source

        for fits in (media, any_source):
            found = self._salient(fits, position, unit, excluded, window=12)
            if found is not None:
                return found
        return None

    @rule(
        "agency-just-named",
        stage="speakers",
        example=(
            'LISBON (EFE) — The concert was halted after someone shouted "Fire!", '
            "according to the Fire Brigade. The agency said its officers found no "
            "trace of a fire."
        ),
        off=None,
    )
    def _agency_just_named(
        self, wire: Entity | None, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "agency-just-named": "the agency" is a body that spoke more
        recently than the news agency the article names (often only in its
        dateline): `LISBON (EFE) — ..., according to the Fire Brigade. The agency
        said ...` is the Fire Brigade. None when the news agency is as recent.

        The body is named, no outlet, and a speaker in this or the two units
        before; a news agency mentioned after it last spoke keeps "the agency".
        """
        spoke = {
            r.entity.id
            for r in self.records
            if r.weight >= SPEAKER and r.position < position
        }

        def body(e: Entity) -> bool:
            return (
                e.kind == "org"
                and e.outlet is None
                and not e.publisher
                and bool(e.names)
                and e.id in spoke
            )

        found = self._salient(body, position, unit, excluded, window=2)
        if found is None:
            return None
        spoken = self._last_seen(found, position, SPEAKER)
        if wire is not None and self._last_seen(wire, position) >= spoken:
            return None
        return found

    def _body_just_named(
        self, wire: Entity, position: int, unit: int, excluded: set[int]
    ) -> Entity:
        return self._agency_just_named(wire, position, unit, excluded) or wire

    def _last_seen(
        self, entity: Entity, position: int, weight: int = 0
    ) -> tuple[int, int]:
        """The unit and token of the entity's last mention before `position`
        (of at least `weight`)."""
        seen = [
            (r.unit, r.position)
            for r in self.records
            if r.entity.id == entity.id and r.position < position and r.weight >= weight
        ]
        return max(seen, default=(-1, -1))

    def _described(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """An earlier entity a definite description ("the founder") fits."""
        head = mention.head
        wanted = set(mention.modifiers)
        best: tuple[int, bool, int] | None = None
        chosen: Entity | None = None
        last_seen: dict[int, int] = {}
        for record in self.records:
            if record.position < position:
                last_seen[record.entity.id] = record.position
        for entity in self.entities:
            if entity.id in excluded or entity.id not in last_seen:
                continue
            heads = set(entity.heads)
            if entity.kind != "person":
                # "Cascade Pacific Airlines" is what "the airline" refers to.
                last_words = {n.split()[-1].lower() for n in entity.names}
                heads.update(last_words | {w.removesuffix("s") for w in last_words})
            if entity.outlet is not None:
                heads.update(n.split()[-1].lower() for n in entity.outlet.names)
                heads.update(KIND_HEADS.get(entity.outlet.kind, ()))
            strong = head in heads or any(head in role_words(r) for r in entity.roles)
            strong = strong or body_called_so(head, entity)
            weak = head in GENERIC_ORG_NOUNS and (
                entity.kind == "org"
                or (entity.outlet is not None and not entity.outlet.is_media)
            )
            if not (strong or weak):
                continue
            if head in ROLE_NOUNS and entity.kind not in ("person",):
                continue
            organisation = head in ORG_NOUNS or head in GROUP_NOUNS
            if organisation and head not in ROLE_NOUNS and entity.kind == "person":
                continue  # "the council" is not its leader
            overlap = len(wanted & entity.modifiers)
            # A generic noun ("the company") prefers a body the article names.
            named = bool(entity.names) or entity.outlet is not None
            score = (overlap, named, last_seen[entity.id])
            if best is None or score > best:
                best, chosen = score, entity
        return chosen

    def _epithet_antecedent(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """A named person an epithet stands for when nothing else fits it.

        "Tessa Calloway ... The actress spoke about ...", "Ana Ferreira said ...
        the Portuguese said", "the 47-year-old told ...": news writing refers back
        to a named person by what they are, their nationality or their age. The
        person must be named, a prominent mention of an earlier unit, of a fitting
        gender, and, for an occupation, not known by another role.
        """
        head = mention.head
        # "the former teacher": a past role marks someone the story is about.
        former = "former" in mention.modifiers and head in ROLE_NOUNS
        aged = bool(AGE_EPITHET.search(mention.description))  # the age says enough
        occupation = (head in EPITHET_NOUNS or former) and not aged
        if not (occupation or is_age_or_nationality(mention)):
            return None
        gender = epithet_gender(head)

        def fits(e: Entity) -> bool:
            if e.kind != "person" or not e.names:
                return False
            if gender and e.gender and e.gender != gender:
                return False
            if not occupation:
                return True
            return not e.roles or any(head in role_words(r) for r in e.roles)

        return self._salient(fits, position, unit, excluded, same_unit=False)

    def _description_entity(self, mention: Mention) -> Entity:
        """The entity for a description that names no earlier entity."""
        head = mention.head
        if head in GROUP_NOUNS or (head in ORG_NOUNS and mention.determiner != "a"):
            kind = "group" if head in GROUP_NOUNS else "org"
            places = {m for m in mention.modifiers if m[:1].isalpha()}
            for entity in self.entities:
                same = entity.kind == kind and head in entity.heads
                nested = places <= entity.modifiers or entity.modifiers <= places
                if same and nested and not entity.names:
                    self._enrich(entity, mention)
                    return entity
            entity = self._new(kind)
            self._enrich(entity, mention)
            return entity
        key = normalize_name(mention.description)
        for entity in self.entities:
            described = {normalize_name(d) for d in entity.descriptions}
            if key in described and not entity.names:
                return entity
        person = (head in ROLE_NOUNS | PERSON_NOUNS and not mention.plural) or (
            # "one epidemiologist", "a historian": a singular noun for a person's
            # occupation (not a body, a document or a medium) is a person.
            mention.singular
            and head.endswith(_PERSON_SUFFIXES)
            and head not in ORG_NOUNS | DOCUMENT_NOUNS | OWNED_NOUNS | _PRESS_NOUNS
        )
        entity = self._new("person" if person else "group")
        self._enrich(entity, mention)
        return entity


def _possessive(name: str) -> str:
    """ "Rowena Hale's", "James' " (a name ending in s keeps an apostrophe)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"

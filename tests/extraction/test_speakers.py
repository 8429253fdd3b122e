"""Who speaks, within one article: names, their kinds and what pronouns refer to.

Each test reads invented text with the real pipeline (no database).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import ExtractedClaim, Extractor, Gazetteer
from attribution.extraction.entities import SPEAKER
from attribution.extraction.mentions import Mention
from attribution.extraction.speakers import Registry


@pytest.fixture(scope="module")
def read(nlp: Language):
    extractor = Extractor(nlp, Gazetteer.load_default())
    return extractor.extract


def with_text(claims: list[ExtractedClaim], fragment: str) -> ExtractedClaim:
    found = [c for c in claims if fragment in c.text]
    assert len(found) == 1, [(c.text, c.speaker) for c in claims]
    return found[0]


def test_a_person_of_a_party_is_the_person_and_the_next_she_is_her(read) -> None:
    claims = read(
        "Harald Bakke told the Storting that the study was independent. "
        'Kari Nyberg of the Socialist Left Party accused Bakke of "hiding the '
        'bill." "The public deserves to know," she said.'
    )

    assert with_text(claims, "hiding the").speaker == "Kari Nyberg"
    assert with_text(claims, "deserves to know").speaker == "Kari Nyberg"


def test_an_analyst_of_a_firm_is_a_person_not_the_company_named_next(read) -> None:
    claims = read(
        'Corvane Systems said sales fell. "This is a crack," said Eli Brandt of '
        "Harrow Capital. The company said it would buy back shares."
    )

    assert with_text(claims, "a crack").speaker == "Eli Brandt"
    assert with_text(claims, "buy back").speaker == "Corvane Systems"


def test_a_company_named_of_its_country_stays_a_company(read) -> None:
    claims = read("Kazuma Motors of Japan said the recall would cost $40 million.")

    assert with_text(claims, "recall").speaker_kind == "organisation"


def test_a_relatives_full_name_is_not_the_namesake_called_by_surname(read) -> None:
    claims = read(
        "Marta Lindqvist was cleared last year. Lindqvist had said the fire was an "
        "accident. Olof Lindqvist said on Monday the house would be sold."
    )

    assert with_text(claims, "fire was").speaker == "Marta Lindqvist"
    assert with_text(claims, "house would").speaker == "Olof Lindqvist"


def test_a_name_with_its_noun_is_no_nationality_epithet_for_the_last_person(
    read,
) -> None:
    claims = read(
        "Ingrid Solheim told NRK that the company had nothing to hide.\n\n"
        "The environmental group Fjordvern, which has sued to overturn the "
        "permit, said the revelation strengthened its case."
    )

    assert with_text(claims, "strengthened").speaker == "Fjordvern"


def test_finding_a_pronouns_antecedent_changes_nothing_until_it_is_taken() -> None:
    registry = Registry()
    named = registry.resolve(
        Mention("Nadia Saffron", 0, 2, name="Nadia Saffron", name_label="ORG"), 0, 0
    )
    assert named is not None
    registry.note(named.entity, 0, 0, SPEAKER)

    found = registry._antecedent("she", 20, 1, set())

    assert found is named.entity
    assert (found.kind, found.gender) == ("org", "")
    taken = registry.resolve(Mention("she", 20, 21, pronoun="she"), 20, 1)
    assert taken is not None and taken.entity is found
    assert (found.kind, found.gender) == ("person", "f")


def test_a_bare_full_name_after_a_nameless_role_names_that_role(read) -> None:
    claims = read(
        "At St. Brendan's Hospital, the head of cardiac surgery welcomed the funding "
        "but said it was not enough.\n\n"
        '"We have the surgeons," Dr. Ruth Amsel said.'
    )

    assert with_text(claims, "not enough").speaker == "Ruth Amsel"


def test_a_full_name_with_a_role_of_its_own_is_someone_new(read) -> None:
    claims = read(
        "At St. Brendan's Hospital, the head of cardiac surgery welcomed the funding "
        "but said it was not enough.\n\n"
        '"We have the surgeons," said Ruth Amsel, a nurse on the ward.'
    )

    assert with_text(claims, "not enough").speaker != "Ruth Amsel"


def test_the_bare_role_after_a_named_speaker_with_no_role_is_that_speaker(
    read,
) -> None:
    claims = read(
        "OSLO - Norway's fisheries minister faced questions on Wednesday.\n\n"
        "Tove Lien told the Storting the study was independent.\n\n"
        '"The researchers were chosen by the ministry," the minister said.'
    )

    assert with_text(claims, "researchers were chosen").speaker == "Tove Lien"


def test_a_described_spokesman_is_not_the_body_that_spoke_before(read) -> None:
    claims = read(
        "Downing Street has insisted that the minister retains the prime minister's "
        "confidence.\n\n"
        "The prime minister's official spokesman told reporters that the matter "
        "was closed."
    )

    assert with_text(claims, "matter was closed").speaker != "Downing Street"


def test_the_club_is_the_club_named_before_though_its_name_lacks_the_word(
    read,
) -> None:
    claims = read(
        "Harrowgate Rovers said in a statement that the fans would be banned. The "
        "club said it was working with police."
    )

    assert with_text(claims, "working with police").speaker == "Harrowgate Rovers"


def test_the_force_is_the_police_force_named_before(read) -> None:
    claims = read(
        "The Guardia Civil said it had closed roads. A spokesman for the force said "
        "officers suspected arson."
    )

    assert with_text(claims, "suspected arson").speaker == "spokesman for Guardia Civil"


def test_a_name_the_article_gave_a_body_stays_the_body_when_tagged_a_person() -> None:
    registry = Registry()
    body = registry.resolve(
        Mention("Kelsall", 0, 1, name="Kelsall Athletic", name_label="ORG"), 0, 0
    )
    again = registry.resolve(
        Mention("Kelsall", 9, 10, name="Kelsall Athletic", name_label="PERSON"), 9, 1
    )

    assert body is not None and again is not None
    assert again.entity is body.entity
    assert again.entity.kind == "org"


def test_a_supporters_trust_is_not_the_club_whose_name_it_begins_with(read) -> None:
    claims = read(
        "Harrowgate Rovers said the fans would be banned. Ian Pell, chairman of the "
        "Harrowgate Rovers Supporters' Trust, said the trust condemned the violence. "
        "The club said the ban was for life."
    )

    assert with_text(claims, "for life").speaker == "Harrowgate Rovers"


def test_a_one_word_short_name_is_not_a_trust_that_begins_with_a_club(read) -> None:
    claims = read(
        "The Harrowgate Rovers Supporters' Trust said it wanted guarantees. In a "
        "statement, the trust said any new owner must commit to the ground. "
        "Harrowgate's accounts show losses of 4 million pounds."
    )

    assert with_text(claims, "commit to the ground").speaker_aliases == ()


def test_a_role_with_its_team_is_the_one_person_named_with_the_role(read) -> None:
    claims = read(
        "Danish rider Mads Holm said he would race again in May.\n\n"
        "The Team Sorø rider said he had no memory of the crash."
    )

    assert with_text(claims, "no memory").speaker == "Mads Holm"


def test_the_current_holder_of_a_role_is_not_the_former_one_named_before(
    read,
) -> None:
    claims = read(
        "Former mayor Paul Ferrand went on trial on Monday.\n\n"
        "The current mayor of Villeneuve-Est said the town would seek damages."
    )

    assert with_text(claims, "seek damages").speaker != "Paul Ferrand"

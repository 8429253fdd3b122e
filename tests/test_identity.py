"""Speaker and outlet identity: two articles in, the right speakers and outlets out.

Every test parses real text with the real engine and checks the database.
"""

import pytest

from attribution import identity, ingestion, services
from attribution.extraction import ExtractedClaim, Gazetteer
from attribution.models import Article, Claim, Outlet, Speaker

pytestmark = pytest.mark.django_db


def _parse(body: str, title: str) -> Article:
    article, _ = services.article_create(text=ingestion.from_text(body), title=title)
    services.article_extract_claims(article_id=article.pk)
    return article


def _speaker_of(article: Article, text: str) -> Speaker | None:
    claim = Claim.objects.get(article=article, text__contains=text)
    return claim.speaker


# -- within an article --------------------------------------------------------


def test_a_person_named_in_full_and_by_surname_is_one_speaker():
    article = _parse(
        '"We will not accept this," said Maryam Violet, the chief executive of '
        "Nordkalv.\n\nViolet added that the plan would fail.",
        "Nordkalv plan",
    )

    assert Speaker.objects.count() == 1
    speaker = _speaker_of(article, "the plan would fail")
    assert speaker.name == "Maryam Violet"
    assert speaker.kind == Speaker.Kind.PERSON
    assert speaker == _speaker_of(article, "We will not accept this")


# -- across articles ----------------------------------------------------------


def test_a_full_name_links_the_same_person_across_articles():
    first = _parse(
        "Maryam Violet, the chief executive of Nordkalv, said the mine would reopen.",
        "Mine to reopen",
    )
    second = _parse(
        "Nordkalv's chief executive Maryam Violet said on Friday that wages would "
        "rise.",
        "Wages to rise",
    )

    assert Speaker.objects.count() == 1
    assert _speaker_of(first, "mine") == _speaker_of(second, "wages")


def test_a_surname_alone_does_not_join_another_articles_speaker():
    _parse("Anna Ekholm, a geologist, said the rock was unstable.", "Rock")
    second = _parse("Ekholm said the tunnel would be closed.", "Tunnel")

    assert Speaker.objects.count() == 2
    speaker = _speaker_of(second, "tunnel")
    assert speaker.article == second
    assert speaker.name == "Ekholm (in Tunnel)"


def test_generic_groups_in_two_articles_are_two_speakers_of_their_articles():
    first = _parse("Police said the man had been arrested.", "Arrest in Lyon")
    second = _parse("Police said the road would stay closed.", "Road closed")

    assert Speaker.objects.count() == 2
    one, two = _speaker_of(first, "arrested"), _speaker_of(second, "road")
    assert one != two
    assert one.kind == two.kind == Speaker.Kind.GROUP
    assert one.name == "Police (in Arrest in Lyon)"
    assert two.article == second


def test_a_description_stays_a_speaker_of_its_article():
    _parse("An official said the figures were wrong.", "Figures")
    _parse("An official said the budget was late.", "Budget")

    assert Speaker.objects.count() == 2
    assert set(Speaker.objects.values_list("name", flat=True)) == {
        "official (in Figures)",
        "official (in Budget)",
    }


def test_same_name_strangers_with_different_roles_are_two_speakers():
    first = _parse(
        "John Smith, a teacher at Hillside school, said the roof leaked.", "Roof"
    )
    second = _parse(
        "John Smith, the Nebraska senator, said the bill would pass.", "Bill"
    )

    assert Speaker.objects.count() == 2
    assert _speaker_of(first, "roof") != _speaker_of(second, "bill")


def test_a_name_described_in_one_article_only_is_one_speaker():
    _parse("John Smith, a teacher at Hillside school, said the roof leaked.", "Roof")
    _parse("John Smith said the repairs would start in June.", "Repairs")

    assert Speaker.objects.count() == 1


def test_reparsing_an_article_keeps_its_local_speakers():
    article = _parse("Police said the man had been arrested.", "Arrest")
    speaker = _speaker_of(article, "arrested")

    services.article_reparse(article=article)
    services.article_extract_claims(article_id=article.pk)

    assert Speaker.objects.get() == speaker
    assert _speaker_of(article, "arrested") == speaker


# -- outlets ------------------------------------------------------------------


def test_a_short_form_resolves_to_the_outlet_the_article_named():
    article = _parse(
        "Officials disputed the figures, The Washington Post reported on Monday. "
        "An official told the Post that the numbers were wrong.",
        "Figures",
    )

    claim = Claim.objects.get(article=article, text__contains="numbers")
    assert [o.name for o in claim.via.all()] == ["The Washington Post"]
    assert not Outlet.objects.filter(name="Post").exists()


def test_an_outlet_nobody_knows_is_created_once_and_marked_for_review():
    body = (
        "Ivo Marsh, a farmer, told the Kellshaven Courier that the harvest had failed."
    )
    _parse(body, "Harvest")
    _parse(body.replace("farmer", "farmer near Ulm") + " Again.", "Harvest 2")

    outlet = Outlet.objects.get(name__icontains="Kellshaven")
    assert outlet.needs_review
    assert Outlet.objects.filter(name__icontains="Kellshaven").count() == 1


def test_a_known_outlet_is_not_marked_for_review():
    _parse("Ivo Marsh told Reuters that the harvest had failed.", "Harvest")

    assert Outlet.objects.get(name="Reuters").needs_review is False


def test_an_outlet_that_speaks_is_the_outlets_speaker_in_every_article():
    first = _parse("Reuters reported that two people died.", "Storm")
    second = _parse("According to Reuters, the bridge was closed.", "Bridge")

    speaker = _speaker_of(first, "two people")
    assert speaker == _speaker_of(second, "bridge")
    assert speaker.kind == Speaker.Kind.OUTLET
    assert speaker.outlet == Outlet.objects.get(name="Reuters")
    assert Speaker.objects.count() == 1


# -- what is not a speaker ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "role"),
    [
        ("statement", "group", ""),
        ("annual report", "group", ""),
        ("the company's annual report", "organisation", ""),
        ("a report published on Thursday", "group", ""),
        ("a summary of its findings", "group", ""),
        ("National Drowning Report", "organisation", ""),
        ("On Tuesday", "group", ""),
        ("economists conducted last week", "group", ""),
        ("Sweden", "organisation", "engineer at a zinc mine in northern"),
        ("engineer at a zinc mine in northern", "person", ""),
        ("one woman who lives in the building and", "person", ""),
    ],
)
def test_names_that_are_not_speakers_are_refused_with_a_reason(name, kind, role):
    assert identity.junk_reason(name, kind, role)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Maryam Violet", "person"),
        ("police", "group"),
        ("the county administrative board", "group"),
        ("Human Rights Watch", "organisation"),
        ("Victoria", "person"),
        ("sources", "group"),
        ("Moscow", "organisation"),
        ("Harvest Moon Records", "organisation"),
        ("US Geological Survey", "organisation"),
        ("a rep for Tessa Calloway", "person"),
        ("a Western diplomat in Muscat", "person"),
        ("a spokesman for the Kumamoto prefectural government", "person"),
    ],
)
def test_speakers_are_not_refused(name, kind):
    assert identity.junk_reason(name, kind) == ""


def test_a_claim_made_by_a_document_has_no_speaker_and_says_why():
    article = _parse(
        "The annual report said profits fell by a third.\n\n"
        "Ivo Marsh said the board would resign.",
        "Profits",
    )

    claim = Claim.objects.get(article=article, text__contains="profits")
    assert claim.speaker is None
    assert "document" in claim.no_speaker_reason
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Ivo Marsh"]


def test_a_date_taken_into_a_speakers_name_is_dropped():
    assert (
        identity.speaker_name_clean("On Tuesday the county administrative board")
        == "the county administrative board"
    )


def test_name_keys_ignore_case_titles_and_role_spellings():
    assert identity.name_key("Dr. Maryam Violet") == identity.name_key("maryam violet")
    assert identity.name_key("Nordkalv CEO") == identity.name_key(
        "Nordkalv Chief Executive"
    )


# -- editors own identity -----------------------------------------------------


def test_a_merge_moves_claims_and_survives_reparsing(editor):
    first = _parse("Ekholm said the tunnel would be closed.", "Tunnel")
    second = _parse("Anna Ekholm, a geologist, said the rock was unstable.", "Rock")
    local, person = _speaker_of(first, "tunnel"), _speaker_of(second, "rock")

    services.speaker_merge(speaker=local, into=person, user=editor)
    services.article_reparse(article=first)
    services.article_extract_claims(article_id=first.pk)

    assert list(Speaker.objects.all()) == [person]
    assert _speaker_of(first, "tunnel") == person
    change = person.changes.get()
    assert change.created_by == editor and change.action == "merge"
    assert "Ekholm (in Tunnel)" in change.summary


def test_a_split_gives_an_articles_claims_a_new_speaker_that_survives_reparsing(
    editor,
):
    first = _parse("John Smith said the roof leaked.", "Roof")
    second = _parse("John Smith said the bill would pass.", "Bill")
    shared = _speaker_of(first, "roof")
    assert shared == _speaker_of(second, "bill")

    senator = services.speaker_split(
        speaker=shared, article_ids=[second.pk], name="John Smith", user=editor
    )
    services.article_reparse(article=second)
    services.article_extract_claims(article_id=second.pk)

    assert Speaker.objects.count() == 2
    assert _speaker_of(second, "bill") == senator
    assert _speaker_of(first, "roof") == shared
    assert senator.changes.get().created_by == editor
    assert shared.changes.get().action == "split"


def test_renaming_keeps_the_old_name_as_an_alias_that_later_articles_find(editor):
    article = _parse("Maryam Violet said the mine would reopen.", "Mine")
    speaker = _speaker_of(article, "mine")

    services.speaker_update(speaker=speaker, name="Maryam Violet-Ek", user=editor)
    later = _parse("Maryam Violet said wages would rise.", "Wages")

    assert _speaker_of(later, "wages") == speaker
    speaker.refresh_from_db()
    assert speaker.name == "Maryam Violet-Ek"
    assert "Maryam Violet" in speaker.aliases
    assert speaker.changes.get().action == "rename"


def test_linking_a_speaker_to_an_outlet_with_a_speaker_merges_them(editor):
    first = _parse("Reuters reported that two people died.", "Storm")
    second = _parse("Thomson Reuters Foundation said the bridge was closed.", "Bridge")
    outlet_speaker = _speaker_of(first, "two people")
    other = _speaker_of(second, "bridge")

    result = services.speaker_update(
        speaker=other, outlet=outlet_speaker.outlet, user=editor
    )

    assert result == outlet_speaker
    assert _speaker_of(second, "bridge") == outlet_speaker
    assert Speaker.objects.filter(outlet__name="Reuters").count() == 1


# -- cost ---------------------------------------------------------------------

STORY = (
    '"We will not accept this," said Maryam Violet, the chief executive of '
    "Nordkalv.\n\nViolet added that the plan would fail. Police said the road was "
    "closed. An official told the Post that the numbers were wrong, The Washington "
    "Post reported. Reuters reported that two people died. Anna Ekholm, a "
    "geologist, said the rock was unstable."
)


def _placing_queries(title: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article, _ = services.article_create(
        text=ingestion.from_text(STORY + f"\n\n{title}."), title=title
    )
    extracted = services.extractor_get().extract(article.body)
    with CaptureQueriesContext(connection) as queries:
        services._claims_store(
            article=article,
            extracted=extracted,
            gazetteer=services.extractor_get().gazetteer,
        )
    return len(queries)


def test_placing_an_articles_speakers_takes_the_same_queries_whatever_the_store():
    from tests.factories import ArticleFactory, SpeakerFactory

    _placing_queries("Warm-up")  # creates the speakers and outlets once
    few = _placing_queries("With a small store")
    for n in range(150):
        SpeakerFactory(name=f"Maryam Violet{n}", aliases=["Violet"])
        SpeakerFactory(name=f"Police (in story {n})", article=ArticleFactory())
    many = _placing_queries("With a larger store")

    # Lookups (decisions, outlets, outlet speakers, names, local speakers), a
    # write per speaker whose names or contexts grew, two per new local speaker
    # ("Police", "an official") and the bulk inserts: bounded by the article.
    assert many == few
    assert few <= 20


def test_a_document_of_the_only_body_the_article_quotes_is_that_bodys_claim():
    article = _parse(
        "Nordvik Mining said on Monday that it would cut 200 jobs.\n\n"
        "The annual report said profits fell by a third.",
        "Nordvik cuts",
    )

    claim = Claim.objects.get(article=article, text__contains="profits")
    assert claim.speaker.name == "Nordvik Mining"
    assert claim.no_speaker_reason == ""


def _thirty_claims_queries(title: str) -> int:
    """Queries to place an article of 30 claims by 30 different speakers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    firsts = [
        "Anna",
        "Brian",
        "Clara",
        "Daniel",
        "Elena",
        "Felix",
        "Greta",
        "Hugo",
        "Irene",
        "Jonas",
    ]
    lasts = ["Novak", "Reyes", "Okafor"]
    body = f"{title}.\n\n" + "\n\n".join(
        f"{first} {last}, a teacher, said the school on street {i} would close."
        for i, (first, last) in enumerate((f, ln) for ln in lasts for f in firsts)
    )
    article, _ = services.article_create(text=ingestion.from_text(body), title=title)
    extracted = services.extractor_get().extract(article.body)
    assert len({c.speaker for c in extracted}) == len(extracted) == 30
    with CaptureQueriesContext(connection) as queries:
        services._claims_store(
            article=article,
            extracted=extracted,
            gazetteer=services.extractor_get().gazetteer,
        )
    return len(queries)


def test_placing_thirty_known_speakers_takes_the_same_queries_whatever_the_store():
    from tests.factories import SpeakerFactory

    _thirty_claims_queries("First")  # creates the thirty speakers
    few = _thirty_claims_queries("Second")
    for n in range(150):
        SpeakerFactory(name=f"Someone Else{n}", aliases=["Speaker"])
    many = _thirty_claims_queries("Third")

    # Known speakers are found in a fixed number of lookups; only speakers whose
    # contexts grew are written, one query each: bounded by the article.
    assert many == few
    assert few <= 30 + 12


# -- same names -----------------------------------------------------------------

AMAZON = (
    "Carla Moura{role} said the figures from Ibama were alarming. She said "
    "loggers near Altamira and Belém had cleared forest along the Xingu, and "
    "that Renata Lopes had promised more agents for Pará."
)


def test_one_person_described_differently_in_two_stories_about_one_place_is_one():
    _parse(AMAZON.format(role=", director of Floresta Viva,"), "Forest loss")
    _parse(AMAZON.format(role=", an Indigenous rights campaigner,"), "Mining raid")

    assert Speaker.objects.filter(name="Carla Moura").count() == 1


def test_two_people_with_one_name_in_unrelated_stories_are_two_speakers():
    first = _parse(
        "Anna Keller said the readings from Potsdam, Heidelberg and Jena showed "
        "leaks. Markus Brenner and Lukas Hoffmann checked the Helios data.",
        "Methane study",
    )
    second = _parse(
        "Anna Keller said the snow at Crans-Montana was fast. Lea Fontana and "
        "Beat Imhof finished behind her at Verbier and Zermatt.",
        "Downhill win",
    )

    keller = Speaker.objects.filter(name="Anna Keller")
    assert keller.count() == 2
    assert _speaker_of(first, "leaks") != _speaker_of(second, "snow")


# -- names inside longer names ------------------------------------------------------


def test_a_person_named_with_their_firm_is_the_same_person_across_articles():
    first = _parse("Eli Brandt of Harrow Capital said the shares were cheap.", "Shares")
    second = _parse(
        "Eli Brandt, an analyst at Harrow Capital, said the chips would sell.",
        "Chips",
    )

    assert _speaker_of(first, "cheap") == _speaker_of(second, "chips")
    assert _speaker_of(first, "cheap").name == "Eli Brandt"
    assert _speaker_of(first, "cheap").kind == Speaker.Kind.PERSON


def test_a_person_with_a_long_title_is_the_same_person_as_their_name_alone():
    first = _parse(
        "Lagos State Commissioner for Health Folake Adeyemi said 40 people had died.",
        "Cholera deaths",
    )
    second = _parse("Folake Adeyemi said the water was unsafe.", "Cholera water")

    assert _speaker_of(first, "died") == _speaker_of(second, "water")
    assert Speaker.objects.filter(name="Folake Adeyemi").count() == 1


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Eli Brandt of Harrow Capital", "Eli Brandt"),
        ("Additional Solicitor General Vikram Sethi", "Vikram Sethi"),
        ("Diocese of Kilmore Cross", None),
        ("Institute of Marine Research", None),
        ("Chipmaker Corvane Systems", None),
    ],
)
def test_a_persons_name_is_found_inside_a_longer_name_and_a_bodys_is_not(name, person):
    found = identity.person_in(name)
    assert (found[0] if found else None) == person


# -- documents and spokespeople ------------------------------------------------------


def test_a_poll_published_by_an_outlet_is_the_outlets_claim():
    article = _parse(
        "The minister faced questions in parliament on Tuesday.\n\n"
        "A poll published by NRK last week found that 48 percent of voters "
        "supported the mine.",
        "Mine vote",
    )

    speaker = _speaker_of(article, "48 percent")
    assert speaker is not None
    assert speaker.kind == Speaker.Kind.OUTLET
    assert speaker.outlet.name == "NRK"


def test_an_annual_report_is_the_claim_of_the_body_the_headline_names():
    article = _parse(
        "Nordvik Mining said on Monday that it would cut 200 jobs. Fjordvern "
        "said the fjord was at risk.\n\n"
        "The annual report published on Wednesday said profits fell by a third.",
        "Nordvik Mining swings to loss",
    )

    claim = Claim.objects.get(article=article, text__contains="profits")
    assert claim.speaker is not None
    assert claim.speaker.name == "Nordvik Mining"


def test_a_spokesperson_of_a_named_company_is_the_company_in_another_article():
    first = _parse(
        "Corvane Systems said on Monday that it would build a plant in Arizona.",
        "Corvane plant",
    )
    second = _parse(
        "Kazuma Motors said it would recall 680,000 cars. A Corvane spokesperson "
        "said the chips were not at fault.",
        "Kazuma recall",
    )

    assert _speaker_of(second, "chips") == _speaker_of(first, "plant")


def test_a_role_description_is_the_one_person_the_article_gives_that_title():
    article = _parse(
        '"We are cautious," said Lagos State Commissioner for Health Folake '
        "Adeyemi.\n\nThe commissioner said the water pipes would be replaced.\n\n"
        "Bisi Ogunleye, a trader, said prices had doubled.",
        "Cholera slows",
    )

    commissioner = _speaker_of(article, "pipes")
    assert commissioner == _speaker_of(article, "cautious")
    assert commissioner.name == "Folake Adeyemi"


def test_a_hyphenated_first_name_cut_by_the_parse_is_made_whole():
    first = _parse(
        "Interior Minister Jean-Luc Marchand said the bill would pass.", "Bill"
    )
    second = _parse("Jean-Luc Marchand said the police would get cameras.", "Cameras")

    assert _speaker_of(first, "bill").name == "Jean-Luc Marchand"
    assert _speaker_of(first, "bill") == _speaker_of(second, "cameras")


def test_a_body_called_by_its_common_noun_is_the_one_such_body_the_text_names():
    first = _parse(
        "Surgeons at St. Brendan's Hospital in Toronto repaired two valves. The "
        "hospital said the patient went home after four days.",
        "Robotic surgery",
    )
    second = _parse(
        "St. Brendan's Hospital said on Monday that hackers had stolen data.",
        "Data breach",
    )

    assert _speaker_of(first, "went home") == _speaker_of(second, "hackers")
    assert Speaker.objects.filter(name="St. Brendan's Hospital").count() == 1


def test_a_spokesman_of_a_body_called_by_its_common_noun_is_that_body():
    article = _parse(
        "Kelsall Athletic said the club would support its coach. A club "
        "spokesman said the coach was expected to accept the charge.",
        "Coach charged",
    )

    assert _speaker_of(article, "accept the charge") == _speaker_of(
        article, "support its coach"
    )
    assert Speaker.objects.get().name == "Kelsall Athletic"


def test_a_ministry_spokeswoman_is_the_one_ministry_the_article_quotes():
    article = _parse(
        "The Federal Ministry of Research said it did not interfere in disputes. "
        "A ministry spokeswoman said questions were settled by scientists.",
        "Data dispute",
    )

    spokeswoman = _speaker_of(article, "settled by scientists")
    assert spokeswoman == _speaker_of(article, "interfere")
    assert spokeswoman.name == "Federal Ministry of Research"


def test_a_bodys_spokesman_does_not_join_a_named_spokesman_of_another_body():
    article = _parse(
        "Ola Berg, a council spokesman, said the road would reopen.\n\n"
        "A club spokesman said the match would go ahead.",
        "Road and match",
    )

    assert _speaker_of(article, "match") != _speaker_of(article, "road")


def test_a_body_named_with_its_countrys_possessive_is_the_body_named_without():
    first = _parse(
        "Norway's Institute of Coastal Research said the fjord was at risk.",
        "Fjord at risk",
    )
    second = _parse(
        "The Institute of Coastal Research said on Monday that cod stocks fell.",
        "Cod stocks",
    )

    assert _speaker_of(first, "fjord") == _speaker_of(second, "cod")
    assert Speaker.objects.count() == 1


def test_the_body_after_the_dateline_is_the_speaker_not_the_place():
    article = _parse(
        "HALDEN, Norway - Fjellvik Clinic says patient files were stolen in a "
        "cyberattack last month.",
        "Clinic hacked",
    )

    speaker = _speaker_of(article, "patient files")
    assert speaker is not None
    assert speaker.name == "Fjellvik Clinic"


def test_an_outlet_named_after_its_description_in_a_frame_is_the_known_outlet():
    article = _parse(
        "Ole Brask told Danish broadcaster TV 2 that the team would name a new "
        "captain.",
        "New captain",
    )

    claim = Claim.objects.get(article=article, text__contains="captain")
    assert [o.name for o in claim.via.all()] == ["TV 2"]
    assert Outlet.objects.get(name="TV 2").needs_review is False


def test_a_places_ministry_named_in_two_articles_is_one_speaker():
    first = _parse("Uzbekistan's health ministry said 18 children had died.", "Deaths")
    second = _parse(
        "The Uzbekistan health ministry said on Friday that the syrup was banned.",
        "Syrup banned",
    )

    speaker = _speaker_of(first, "children")
    assert speaker == _speaker_of(second, "syrup")
    assert speaker.article is None


def test_a_ministry_without_its_place_stays_a_speaker_of_its_article():
    _parse("The health ministry said 18 children had died.", "Deaths")
    _parse("The health ministry said on Friday that the syrup was banned.", "Syrup")

    assert Speaker.objects.count() == 2


def test_an_acronym_the_article_spells_out_is_that_body():
    article = _parse(
        "The World Health Organization said it was sending testing kits. WHO "
        "said cases were rising across West Africa this year.",
        "Outbreak slows",
    )

    who = _speaker_of(article, "cases were rising")
    assert who is not None
    assert who == _speaker_of(article, "testing kits")
    assert who.name == "World Health Organization"


def test_a_spokesperson_of_an_acronym_in_a_city_is_the_body_the_article_names():
    article = _parse(
        "The World Health Organization said it was sending testing kits. A WHO "
        "spokesperson in Geneva said vaccines would arrive on Monday.",
        "Vaccines",
    )

    assert _speaker_of(article, "vaccines") == _speaker_of(article, "testing kits")
    assert Speaker.objects.count() == 1


def test_the_current_holder_of_a_role_is_not_the_former_holder_named_before():
    article = _parse(
        "Philippe Garnier, the former mayor of Villeurbanne-Est, went on trial on "
        "Monday. Garnier said he was innocent.\n\n"
        "The current mayor of Villeurbanne-Est said in a statement that the town "
        "would also seek damages.",
        "Mayor on trial",
    )

    assert _speaker_of(article, "seek damages") != _speaker_of(article, "innocent")


# -- police forces, outlets that speak, datelines -------------------------------


def test_a_police_force_named_with_its_place_is_one_speaker_across_articles():
    first = _parse("Tromso police said the driver had been arrested.", "Arrest")
    second = _parse(
        "Police in Tromso said on Friday that the road would reopen.", "Road"
    )

    one, two = _speaker_of(first, "arrested"), _speaker_of(second, "road")
    assert one == two
    assert one.article is None
    assert one.kind == Speaker.Kind.GROUP


def test_a_police_spokesman_is_the_police_force_the_article_names():
    article = _parse(
        "Tromso police said the driver had been arrested.\n\n"
        "A police spokesman said the man would appear in court on Monday.",
        "Arrest",
    )

    assert _speaker_of(article, "court") == _speaker_of(article, "arrested")
    assert Speaker.objects.count() == 1


def test_police_of_two_places_are_two_speakers():
    first = _parse("Tromso police said the driver had been arrested.", "Arrest")
    second = _parse("Bergen police said the road would reopen.", "Road")

    assert _speaker_of(first, "arrested") != _speaker_of(second, "road")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Norwegian police", "norwegian police"),
        ("police in Tromso", "tromso police"),
        ("Albay provincial police", "albay police"),
        ("Lagos State Police Command", "lagos police"),
        ("a Lagos police spokesman", "lagos police"),
        ("police", ""),
        ("federal police", ""),
        ("Riot police", ""),
        ("a police spokesman", ""),
    ],
)
def test_a_police_forces_key_is_its_place(name, key):
    assert identity.police_key(name) == key


def test_a_short_form_of_an_outlet_that_speaks_is_the_outlets_speaker():
    article = _parse(
        "The Wall Street Journal reported on Monday that two plants would close. "
        "The Journal said the plants employ 900 people.\n\n"
        "Ivo Marsh said the closures were a mistake.",
        "Plants",
    )

    speaker = _speaker_of(article, "900 people")
    assert speaker.outlet == Outlet.objects.get(name="The Wall Street Journal")
    assert not Speaker.objects.filter(name__startswith="Journal").exists()


def test_an_outlet_the_engine_gives_as_a_name_is_the_outlets_speaker():
    extracted = [
        ExtractedClaim(
            text="the bridge was closed",
            start=0,
            end=21,
            kind="indirect",
            cue="said",
            speaker="BBC",
            speaker_kind="organisation",
            speaker_named=True,
        )
    ]
    article, _ = services.article_create(
        text=ingestion.from_text("BBC said the bridge was closed."), title="Bridge"
    )

    (placed,) = identity.claims_place(
        article=article, extracted=extracted, gazetteer=Gazetteer.load_default()
    )
    assert placed.speaker is not None
    assert placed.speaker.outlet == Outlet.objects.get(name="BBC")
    assert placed.speaker.kind == Speaker.Kind.OUTLET


def test_the_datelines_place_is_not_a_speaker():
    body = "SAN JOSE, Calif. (AP) - The chipmaker said revenue would fall."
    extracted = [
        ExtractedClaim(
            text="revenue would fall",
            start=body.index("revenue"),
            end=len(body) - 1,
            kind="indirect",
            cue="said",
            speaker="SAN JOSE",
            speaker_aliases=("chipmaker",),
            speaker_kind="organisation",
            speaker_named=True,
        )
    ]
    article, _ = services.article_create(
        text=ingestion.from_text(body), title="Revenue"
    )

    (placed,) = identity.claims_place(
        article=article, extracted=extracted, gazetteer=Gazetteer.load_default()
    )
    assert placed.speaker is None
    assert "dateline" in placed.reason
    assert not Speaker.objects.exists()


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("SAN JOSE, Calif. (AP) — Corvane said", "SAN JOSE"),
        ("Headline\n\nOSLO, March 4 (Reuters) - Norway said", "OSLO"),
        ("LISBON (EFE) — The concert", "LISBON"),
        ("By Reuters staff\n\nThe company said", ""),
    ],
)
def test_a_datelines_place_is_read_from_the_top_of_the_article(body, place):
    assert identity.dateline_place(body) == place


def test_a_title_in_a_possessive_before_a_name_is_not_the_persons():
    article = _parse(
        '"The figures were checked twice," the minister said.\n\n'
        "Prime Minister's office spokeswoman Hanne Vik said the prime minister "
        "had full confidence in the plan.",
        "Figures",
    )

    assert _speaker_of(article, "checked twice") != _speaker_of(
        article, "full confidence"
    )


def test_a_role_given_after_as_is_the_persons_title():
    article = _parse(
        "Kellby Rovers have appointed Tomas Varga as their new head coach on a "
        'two-year contract.\n\n"We will press high," Varga said.\n\n'
        "The new head coach said the squad needed two more defenders.",
        "Varga appointed",
    )

    assert _speaker_of(article, "defenders") == _speaker_of(article, "press high")


def test_a_persons_office_is_that_person():
    article = _parse(
        'Senator Ruth Kellaway said the subsidy was "a blank cheque."\n\n'
        "Kellaway's office said on Friday that she would call for a vote.",
        "Subsidy vote",
    )

    assert _speaker_of(article, "call for a vote") == _speaker_of(
        article, "blank cheque"
    )


def test_a_ministers_office_is_not_the_minister():
    article = _parse(
        'Interior Minister Paul Rendal said the bill was "overdue."\n\n'
        "Rendal's office said on Friday that the report was false.",
        "Bill",
    )

    assert _speaker_of(article, "report was false") != _speaker_of(article, "overdue")


def test_a_persons_name_before_an_affiliation_is_a_key_whatever_its_last_word() -> None:
    forms = identity.keys.name_forms("Margaret Court of Tennis Australia", "person")
    assert "margaret court" in forms


def test_a_roles_abbreviation_at_a_sentences_start_is_not_a_named_body() -> None:
    assert identity.mentions._named(False, "CEO", Speaker.Kind.GROUP) == (
        False,
        Speaker.Kind.GROUP,
    )
    assert identity.mentions._named(False, "WHO", Speaker.Kind.GROUP) == (
        True,
        Speaker.Kind.ORGANISATION,
    )

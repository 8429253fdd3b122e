"""Turning bytes, text and HTML into an article body (no database)."""

import pytest

from attribution import ingestion

FOOTER = (
    "Read all the Latest News, Trending News, Cricket News, Bollywood News,\n\n"
    "India News and Entertainment News here. Follow us on Facebook, Twitter and "
    "Instagram."
)


def test_site_footer_paragraphs_are_dropped_and_the_story_kept():
    text = (
        f"The mayor said the bridge is safe.\n\nWith inputs from agencies\n\n{FOOTER}"
    )

    body = ingestion.clean_text(text)

    assert body == "The mayor said the bridge is safe.\n\nWith inputs from agencies"


def test_a_long_paragraph_mentioning_a_newsletter_is_kept():
    long_paragraph = "The council said its newsletter " + "reached every home. " * 20

    assert ingestion.clean_text(long_paragraph) == long_paragraph.strip()


def test_text_is_nfc_normalised_without_nul_bytes_and_with_unix_paragraphs():
    text = "Cafe\u0301 owner\x00 said\r\n\r\n\r\n  it   was fine.  "

    assert ingestion.clean_text(text) == "Caf\u00e9 owner said\n\nit was fine."


def test_utf8_bytes_decode_as_utf8():
    assert ingestion.decode("“Quoted,” she said.".encode()) == "“Quoted,” she said."


def test_latin1_bytes_are_detected_and_decoded():
    data = ("Le ministre a déclaré que la réforme était nécessaire, " * 5).encode(
        "cp1252"
    )

    assert "déclaré" in ingestion.decode(data)


def test_binary_data_is_refused_with_a_readable_reason():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    with pytest.raises(ingestion.UnusableInput, match="not text"):
        ingestion.decode(png)


def test_empty_and_whitespace_input_is_refused():
    with pytest.raises(ingestion.UnusableInput, match="empty"):
        ingestion.decode(b"  \n ")
    with pytest.raises(ingestion.UnusableInput, match="no text"):
        ingestion.from_text(" \n\n \t")


def test_html_main_text_is_extracted_without_navigation_or_scripts():
    html = """<html><head><title>Port strike ends</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Port strike ends</h1>
    <p>Dock workers voted to end the strike on Friday, the union said in a statement
    to members after a long night of talks with the port authority.</p>
    <p onclick="steal()">"We got what we came for," the union's leader told reporters
    outside the hall.<script>alert('x')</script></p></article>
    <footer>Subscribe to our newsletter</footer></body></html>"""

    text = ingestion.from_html(html)

    assert text.title == "Port strike ends"
    assert text.body.startswith("Dock workers voted to end the strike")
    assert "told reporters" in text.body
    assert "Home" not in text.body and "alert" not in text.body
    assert "<script" not in text.html and "onclick" not in text.html


def test_html_page_with_no_article_text_is_refused():
    html = "<html><body><nav><a href='/'>Home</a><a href='/a'>Us</a></nav></body>"

    with pytest.raises(ingestion.UnusableInput, match="No article text"):
        ingestion.from_html(html)


def test_same_text_gives_same_hash_and_different_text_another():
    assert ingestion.content_hash("a") == ingestion.content_hash("a")
    assert ingestion.content_hash("a") != ingestion.content_hash("b")


# Headlines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_line",
    [
        "Minister resigns over bridge scandal",
        "Will the bridge hold?",
        'Mayor: "The bridge is safe" after the storm',
        "Аль-Джазира: мэр говорит о мосте",
        "May Day marchers fill the square",
    ],
)
def test_a_first_line_that_reads_as_a_headline_is_the_headline(first_line):
    assert ingestion.headline(f"{first_line}\n\nThe mayor said so.") == first_line


@pytest.mark.parametrize(
    ("first_line", "why"),
    [
        ("The mayor said the bridge is safe.", "a sentence"),
        ('"The bridge is safe," the mayor said', "a quotation"),
        ("“We are ready” the union said", "a quotation"),
        ("LONDON (Reuters) - The mayor said", "a dateline"),
        ("PARIS, March 3 — The mayor said", "a dateline"),
        ("By Jane Doe", "a byline"),
        ("Tuesday 3 March 2026", "a date"),
        ("2026-03-03 10:00", "a date"),
        ("Politics", "one word"),
        (" ".join(["word"] * 30), "too long"),
    ],
)
def test_a_first_line_that_is_no_headline_is_not_taken(first_line, why):
    assert ingestion.headline(f"{first_line}\n\nThe mayor said so.") == "", why


def test_an_article_of_one_line_has_no_headline():
    assert ingestion.headline("Minister resigns over bridge scandal") == ""


def test_a_page_read_without_the_text_search_for_a_date_takes_none_from_its_prose():
    """The search through dateparser costs seconds on its first use in a process;
    a feed's pages skip it, their entry giving the date."""
    prose = "".join(
        f"<p>The council said on Monday that plan {n} for new homes would go ahead "
        "despite the objections raised by residents of the district.</p>"
        for n in range(4)
    )
    html = (
        "<html><head><title>Homes</title></head><body><article><h1>Homes</h1>"
        "<div>Published: Wednesday, March the 3rd, 2021</div>"
        f"{prose}</article></body></html>"
    )

    searched = ingestion.from_html(html)
    not_searched = ingestion.from_html(html, search_text_for_date=False)

    assert searched.published.startswith("2021")
    assert not_searched.published == "" and not_searched.body == searched.body

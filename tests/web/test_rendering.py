"""The pure helpers that cut text for templates; no database."""

from types import SimpleNamespace

from attribution.web import rendering


def _claim(start, end, via=()):
    return SimpleNamespace(start=start, end=end, via_chain=list(via))


def test_matches_are_found_in_the_raw_text_so_entities_cannot_be_split():
    pieces = rendering.split_matches("a & camp <amp>", "amp")

    assert pieces == [
        ("a & c", False),
        ("amp", True),
        (" <", False),
        ("amp", True),
        (">", False),
    ]


def test_matching_ignores_case_and_prefers_the_longest_word():
    assert rendering.split_matches("Harbour harbours", "harbour HARBOURS") == [
        ("Harbour", True),
        (" ", False),
        ("harbours", True),
    ]


def test_an_empty_query_leaves_the_text_whole():
    assert rendering.split_matches("text", "  ") == [("text", False)]


def test_the_body_is_cut_at_claim_offsets_and_overlaps_are_left_unmarked():
    body = "0123456789"
    first, overlapping, last = _claim(2, 5), _claim(4, 6), _claim(7, 9)

    pieces = rendering.article_pieces(body, [last, overlapping, first])

    assert [(p.text, p.claim) for p in pieces] == [
        ("01", None),
        ("234", first),
        ("56", None),
        ("78", last),
        ("9", None),
    ]


def test_sentence_context_stops_at_the_sentence_and_the_paragraph():
    body = "Intro line.\n\nFirst sentence. Then he said it was fine. Later on."
    start = body.index("it was fine")

    before, after = rendering.sentence_context(body, start, start + len("it was fine"))

    assert before == "Then he said "
    assert after == "."


def test_each_outermost_outlet_gets_the_next_colour():
    cnn, bbc = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    claims = [_claim(0, 1, [cnn]), _claim(1, 2), _claim(2, 3, [bbc, cnn])]

    legend = rendering.paint_by_outlet(claims)

    assert legend == [(cnn, 0), (bbc, 1)]
    assert [c.colour for c in claims] == [0, None, 1]


def test_a_snippet_puts_ellipses_only_where_a_sentence_was_cut():
    body = "First one. He said the bridge is safe. Then more words follow here"
    start = body.index("the bridge")
    whole = rendering.snippet(body, start, start + len("the bridge is safe"))
    cut = rendering.snippet(body, body.index("more"), body.index("more") + 4)

    assert (whole.before, whole.after, whole.lead, whole.trail) == (
        "He said ",
        ".",
        False,
        False,
    )
    assert cut.lead is False and cut.after == " words follow here"
    assert cut.trail is False  # the body ends there


def test_quotes_are_not_doubled_around_text_that_has_its_own():
    from attribution.templatetags.attribution_tags import quoted

    assert quoted("he feared") == "“he feared”"
    assert quoted('"He feared for his life."') == '"He feared for his life."'
    assert quoted("“We are ready…") == "“We are ready…”"
    assert quoted("words”…") == "“words”…"

"""spaCy makes a new Token object at each access, so `a is b` between tokens is
always false: the frame readers compare tokens by index. A walk up a time phrase
whose top is its sentence's root once looped forever on `top.head is not top`."""

import signal

import pytest

from attribution.extraction.frame_data import QuoteIndex
from attribution.extraction.frame_parts import FrameParts


@pytest.fixture
def alarm():
    def _raise(*_):
        raise TimeoutError("the time phrase walk did not end")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_time_phrase_at_the_root_of_its_sentence_is_read_and_the_walk_ends(
    nlp, alarm
):
    doc = nlp("Last Tuesday.")
    assert doc[1].dep_ == "ROOT" and doc[1].ent_type_ == "DATE"

    assert FrameParts(doc, QuoteIndex([]))._is_time(0) is False

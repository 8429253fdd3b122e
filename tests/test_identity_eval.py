"""No stored speaker is junk after ingesting every article of the evaluation sets.

Ingests the 86 articles of bench/eval and the seed set of ../shared/eval through
the real engine and store (about a minute), then lists the store's speakers.
"""

import re
from pathlib import Path

import pytest

from attribution import services
from attribution.extraction.cues import DOCUMENT_NOUNS
from attribution.models import Claim, Speaker

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ROOT / "bench" / "eval" / "articles",
    ROOT.parent / "shared" / "eval" / "articles",
]
DATE = re.compile(
    r"\b(on|last|this|published)\s+(monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|week|month|year|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|^(on|in)\s+\d",
    re.IGNORECASE,
)
DOCUMENTS = DOCUMENT_NOUNS - {"source", "sources", "media", "account"}
CUT_OFF = {"of", "in", "at", "on", "for", "to", "by", "with", "and", "or", "the"}


def _base(speaker: Speaker) -> str:
    return re.sub(r" \(in .*\)$", "", speaker.name)


def _looks_like_junk(name: str) -> str:
    words = re.findall(r"[\w'’.-]+", name.lower())
    if not words:
        return "empty"
    if DATE.search(name):
        return "date"
    if words[-1] in CUT_OFF or len(words) > 14:
        return "fragment"
    head = words[-1].removesuffix("’s").removesuffix("'s")
    if head in DOCUMENTS and not name.split()[-1][:1].isupper():
        return "document"
    return ""


@pytest.mark.slow  # a real spaCy parse and store of 87 articles
@pytest.mark.skipif(not all(s.is_dir() for s in SETS), reason="eval sets missing")
def test_no_stored_speaker_is_a_date_document_place_or_fragment():
    files = sorted(p for folder in SETS for p in folder.glob("*.txt"))
    for path in files:
        article, _ = services.article_create_from_file(path=path, title=path.stem)
        services.article_extract_claims(article_id=article.pk)

    junk = {
        s.name: reason
        for s in Speaker.objects.all()
        if (reason := _looks_like_junk(_base(s)))
    }
    assert junk == {}
    names = {_base(s).lower() for s in Speaker.objects.all()}
    assert not names & {"statement", "annual report", "sweden", "post", "report"}
    refused = Claim.objects.filter(speaker=None).exclude(no_speaker_reason="")
    assert refused.exists()  # documents' claims are kept, without a speaker
    assert not Claim.objects.filter(speaker=None, no_speaker_reason="").exists()
    assert len(files) >= 87

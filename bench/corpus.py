"""Generated claims whose words follow real article text, for the load bench.

A word-bigram chain is trained on the real articles here (seeds/, bench/eval's and
../shared/eval's), so common words are as common as in news ("said", "the") and
two-word phrases are real ones; made-up names are mixed in where the articles have
a capitalised word, from a pool so large that each name is in a handful of claims
(a rare word, as a person's or a place's name is in a year of news).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "seeds",
    ROOT / "bench" / "eval" / "articles",
    ROOT.parent / "shared" / "eval" / "news" / "articles",
    Path("/work/shared/eval/news/articles"),
]
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[0-9]+|[.,;:!?]")
_SYLLABLES = [
    "ka",
    "zor",
    "vel",
    "tam",
    "ri",
    "qu",
    "osh",
    "ben",
    "ith",
    "dra",
    "lum",
    "fen",
    "gor",
    "sa",
    "nix",
    "pell",
    "ul",
    "ar",
]
NAME_POOL = 50_000
NAME_RATE = 0.3  # of the capitalised words inside a sentence


def _texts() -> list[str]:
    seen: set[Path] = set()
    texts = []
    for folder in SOURCES:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        texts += [p.read_text(errors="replace") for p in sorted(folder.glob("*.txt"))]
    return texts


def made_up_name(rng: random.Random) -> str:
    parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
    return "".join(parts).capitalize()


def names(seed: int = 7) -> list[str]:
    """The pool of made-up names, the same for the same seed."""
    rng = random.Random(seed)
    pool = {made_up_name(rng) + made_up_name(rng).lower() for _ in range(NAME_POOL)}
    return sorted(pool)


class Chain:
    """Next-word choices for each word, as the articles have them."""

    def __init__(self, texts: list[str]) -> None:
        self.follows: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            tokens = _TOKEN.findall(text)
            for before, after in zip(tokens, tokens[1:], strict=False):
                self.follows[before].append(after)
                if before in ".!?" and after[:1].isupper():
                    self.starts.append(after)

    def sentence(self, rng: random.Random, pool: list[str], words: int) -> str:
        token = rng.choice(self.starts)
        out = [token]
        while len(out) < words:
            choices = self.follows.get(token)
            if not choices:
                break
            token = rng.choice(choices)
            if token in ".!?":
                if len(out) >= words // 2:
                    break
                continue
            if token[:1].isupper() and rng.random() < NAME_RATE:
                out.append(rng.choice(pool))
            else:
                out.append(token)
        text = " ".join(out)
        return re.sub(r" ([,;:])", r"\1", text)


def chain() -> Chain:
    return Chain(_texts())


OUTLETS = [
    ("reuters", "Reuters"),
    ("bbc", "BBC"),
    ("cnn", "CNN"),
    ("afp", "AFP"),
    ("the-guardian", "The Guardian"),
]
PER_ARTICLE = 20


def fill(target: int) -> None:
    """Generated articles, speakers, outlets and claims up to `target` claims
    (Django set up; nothing is generated when the database holds enough)."""
    import time

    from django.db import connection

    from attribution.models import Claim, Outlet, Speaker

    have = Claim.objects.count()
    if have >= target:
        return
    rng, words, pool = random.Random(have), chain(), names()
    started = time.perf_counter()
    made_up = [(f"outlet-{name.lower()}", name) for name in pool[:45]]
    outlets = [
        Outlet.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in OUTLETS + made_up
    ]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"{rng.choice(pool)} {rng.choice(pool)}", slug=f"s-{have}-{i}")
        for i in range(2_000)
    )
    while have < target:
        have += _batch(rng, words, pool, speakers, outlets, min(5_000, target - have))
        print(f"  {have:,} claims", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # and flush the GIN indexes pending lists
    print(f"generated claims up to {have:,} in {time.perf_counter() - started:.0f} s")


def _batch(rng, words: Chain, pool, speakers, outlets, size: int) -> int:
    from attribution import ingestion
    from attribution.models import Article, Claim, ClaimVia

    articles, spans = [], []
    for _ in range(max(1, size // PER_ARTICLE)):
        sentences = [
            words.sentence(rng, pool, rng.randint(8, 30)) for _ in range(PER_ARTICLE)
        ]
        body, at, mine = "", 0, []
        for sentence in sentences:
            mine.append((at, at + len(sentence)))
            body += sentence + ". "
            at = len(body)
        body = body.strip()
        articles.append(
            Article(
                title=sentences[0][:200],
                body=body,
                content_hash=ingestion.content_hash(body),
                status=Article.Status.PARSED,
            )
        )
        spans.append(mine)
    Article.objects.bulk_create(articles)
    claims = [
        Claim(
            article=article,
            text=article.body[start:end],
            start=start,
            end=end,
            kind=rng.choice(["direct", "indirect", "mixed"]),
            cue="said",
            speaker=rng.choice(speakers),
            confidence=round(rng.uniform(0.5, 1), 2),
        )
        for article, mine in zip(articles, spans, strict=True)
        for start, end in mine
    ]
    Claim.objects.bulk_create(claims)
    weights = [25, 10, 10, 8, 7] + [1] * (len(outlets) - 5)
    ClaimVia.objects.bulk_create(
        ClaimVia(claim=claim, outlet=rng.choices(outlets, weights)[0], position=0)
        for claim in claims
        if rng.random() < 0.6
    )
    return len(claims)

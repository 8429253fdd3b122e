"""Orchestration: from a parsed article to its attributed claims.

The article is read once, unit by unit, in order. In each unit the frames are
found, nested frames are untangled ("As per CNN, X said ...", "BBC quoted a group
as saying that X told it ..."), the speaker and the outlets of every frame are
resolved against what the article has said so far, and a quotation paragraph
without a frame continues the attribution before it. Names are finalised at the
end, since an article may give a fuller name after a shorter one.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from .article_reader import _ArticleReader
from .claims import ExtractedClaim
from .gazetteer import Gazetteer
from .rules import disabled, rule_names, rules_version

RULES_VERSION = rules_version()

# Articles parsed together by `Extractor.extract_many`: the parse's matrix work is
# shared by a batch (measured in bench/extraction.py), while the peak memory grows
# with the batch's length: on bench/eval's articles a process peaked at 172 MiB one
# by one, 211 MiB in batches of 16,000 characters, 263 MiB of 60,000.
BATCH_SIZE = 8
BATCH_CHARS = 16_000


class Extractor:
    """Rule-based claim extractor over a spaCy pipeline and an outlet gazetteer.

    The pipeline needs a tagger, a dependency parser and NER (an English pipeline
    from `load_pipeline` is best: it fixes sentence boundaries the rules expect).
    Extraction is deterministic and keeps no state between articles.
    """

    def __init__(
        self,
        nlp: Language,
        gazetteer: Gazetteer | None = None,
        disabled: frozenset[str] = frozenset(),
    ) -> None:
        self.nlp = nlp
        self.disabled = disabled
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        meta = nlp.meta
        model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
        self.version = f"rules-{RULES_VERSION}+{model}-{meta.get('version', '0')}"

    @staticmethod
    def rule_names() -> list[str]:
        """The names of the rules that can be switched off, in their stage order."""
        return rule_names()

    def extract(self, text: str) -> list[ExtractedClaim]:
        """Claims of an article given as plain text (paragraphs on their own lines)."""
        with disabled(self.disabled):
            return self.extract_doc(self.nlp(text))

    def extract_doc(self, doc: Doc) -> list[ExtractedClaim]:
        """Claims of an article already parsed by the pipeline."""
        with disabled(self.disabled):
            return _ArticleReader(doc, self.gazetteer).read()

    def extract_many(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        batch_chars: int = BATCH_CHARS,
    ) -> list[list[ExtractedClaim] | Exception]:
        """Claims of several articles, parsed together by `nlp.pipe`.

        The same claims as `extract` on each text, in order, with the parse's
        matrix work shared by the texts of a batch: at most `batch_size` texts,
        and no more than `batch_chars` characters unless the text alone is longer
        (a batch's docs are all held until it is read, so its memory and time grow
        with its length). One article's failure is its own: its place in the
        result holds the exception and the others' claims are unaffected (a batch
        whose parse fails is parsed again text by text, to find whose it is).
        """
        results: list[list[ExtractedClaim] | Exception] = []
        with disabled(self.disabled):
            for batch in _batches(texts, max(batch_size, 1), batch_chars):
                results.extend(self._read_one(doc) for doc in self._parse_batch(batch))
        return results

    def _parse_batch(self, texts: Sequence[str]) -> list[Doc | Exception]:
        if len(texts) > 1:
            try:
                return list(self.nlp.pipe(texts, batch_size=len(texts)))
            except Exception:  # noqa: S110 (parsed one by one below, to find whose)
                pass
        return [self._parse_one(text) for text in texts]

    def _parse_one(self, text: str) -> Doc | Exception:
        try:
            return self.nlp(text)
        except Exception as exc:
            return exc

    def _read_one(self, doc: Doc | Exception) -> list[ExtractedClaim] | Exception:
        if isinstance(doc, Exception):
            return doc
        try:
            return _ArticleReader(doc, self.gazetteer).read()
        except Exception as exc:
            return exc


def _batches(texts: Sequence[str], size: int, chars: int) -> list[list[str]]:
    """The texts in order, cut into runs of at most `size` texts and `chars`
    characters (a longer text alone)."""
    batches: list[list[str]] = []
    length = 0
    for text in texts:
        if not batches or len(batches[-1]) >= size or length + len(text) > chars:
            batches.append([])
            length = 0
        batches[-1].append(text)
        length += len(text)
    return batches

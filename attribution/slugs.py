"""Slugs for outlets and speakers: every name gets one of its own, in any script.

Django's `slugify` keeps only ASCII, so a Cyrillic, Arabic or Chinese name slugs to
"" and every such outlet used to share the fallback slug. Names written in Latin
letters (accents included) keep the ASCII slug they always had, so that stored
rows are still found by their names; names with letters of other scripts keep
those letters (`slugify(..., allow_unicode=True)`).
"""

import hashlib
import unicodedata

from django.utils.text import slugify


def name_slug(name: str, fallback: str, max_length: int = 200) -> str:
    """The slug a name is stored under: the same name, the same slug.

    A name with no letter or digit at all ("!!!") gets `fallback` followed by a
    short digest of the name, so that two such names still differ.
    """
    slug = slugify(name, allow_unicode=not _latin(name))[:max_length].strip("-")
    if slug:
        return slug
    digest = hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:8]
    return f"{fallback}-{digest}"


def _latin(name: str) -> bool:
    """Whether the ASCII slug keeps every letter and digit of the name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return all(char.isascii() for char in decomposed if char.isalnum() or char == "_")

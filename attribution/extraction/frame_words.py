"""The parse labels and marks the frame rules read: dependencies that decide
whether a phrase belongs to a frame, and the punctuation around one. The words
they read are in the lexicon, `cues`."""

from __future__ import annotations

from .cues import word_set

_NONCLAUSAL = word_set(
    """dobj dative iobj prep agent advmod npadvmod prt neg aux auxpass punct attr
    oprd quantmod nummod"""
)
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CHANNEL_DEPS = word_set("advcl xcomp prep npadvmod conj dep acl")
# Dependencies over which a verb shares the subject of the word it hangs on.
_SHARING = word_set("conj advcl xcomp acl dep pcomp pobj")
_FRAME_PUNCT = frozenset(",:;—–-")
_CLOSING_MARKS = frozenset("”\"’»'")

"""Word lists the frame rules read: dependencies, verbs and nouns that decide
whether a phrase belongs to a frame."""

from __future__ import annotations

from .cues import MEDIA_NOUNS, word_set

_NONCLAUSAL = word_set(
    """dobj dative iobj prep agent advmod npadvmod prt neg aux auxpass punct attr
    oprd quantmod nummod"""
)
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CHANNEL_DEPS = word_set("advcl xcomp prep npadvmod conj dep acl")
# What an outlet may cite that speaks for no one: it stays the speaker.
_RECORD_NOUNS = word_set(
    """filing data record document register figure statistic footage map image
    letter memo email message"""
)
# Dependencies over which a verb shares the subject of the word it hangs on.
_SHARING = word_set("conj advcl xcomp acl dep pcomp pobj")
_FRAME_PUNCT = frozenset(",:;—–-")
_CLOSING_MARKS = frozenset("”\"’»'")
_ASKING_VERBS = word_set("ask wonder question query")
# Words that open a time clause after a quotation: "... "robbed" after a penalty".
_TAIL_WORDS = word_set("after before when until following since")
# The public of an outlet: "told Der Spiegel and its readers".
_AUDIENCE_NOUNS = word_set("reader viewer listener audience follower subscriber fan")
# Verbs that give what they name a quoted name: "what she described as "...""
_NAMING_VERBS = word_set(
    "describe call brand label characterise characterize hail dub term"
)
# Words that say what kind of medium a report came from ("newspaper reports").
_MEDIUM_KINDS = frozenset(MEDIA_NOUNS) | word_set(
    "media press news television tv radio local state official"
)

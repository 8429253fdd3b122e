"""Speaker and outlet identity: which stored entity each name in an article means.

The engine resolves names within one article (it gives each speaker the fullest
name the article uses, with its other names as aliases). This module decides what
that speaker is in the store, by these rules, in order:

1. An editor's decision for the name in this article (SpeakerDecision) wins.
2. Nothing that is not a speaker becomes one: a date, a document ("statement",
   "annual report"), a place named only as a place or a sentence fragment leaves
   the claim without a speaker, with the reason on the claim.
3. An outlet that speaks is the outlet's speaker (one per outlet).
4. A full name (a person's first and last name, an organisation's proper name)
   joins the stored speaker with that name or full-name alias, unless what the
   articles say of them (role, organisation, country) differs: then they are
   same-name strangers and the new one gets a speaker of its own.
5. Anything else (a surname alone, a description, an unnamed group such as
   "police") is a speaker of this article only, shown as "police (in <title>)".

Outlets a claim came through resolve to a known outlet by the gazetteer, then to an
outlet the same article named when the text uses a short form ("the Post", "the
paper", "the agency"), and only then to a new outlet marked for an editor's review.

Placing an article's speakers takes a bounded number of queries, whatever the size
of the store: one per kind of lookup, plus one write per new or changed speaker.

The modules, in the order they depend on each other: `names` (keys of names, what
is not a speaker), `keys` (an article's `Mention` and the keys it may match),
`contexts` (telling same-name strangers apart), `mentions` (the article's claims
grouped into mentions), `speakers` (placing mentions on stored speakers),
`outlets` (via outlets and outlets that speak), `claims` (placing a claim).
"""

from .claims import Placement, claims_place, dateline_place
from .keys import Mention, police_key
from .mentions import mentions_of, person_in
from .names import junk_reason, name_key, speaker_name_clean
from .outlets import OutletChoice, outlet_defaults, outlet_names_resolve, outlets_for
from .speakers import (
    keys_sync,
    local_name,
    speaker_keys,
    speaker_new,
    speaker_slug_free,
    speakers_place,
    strip_in,
)

__all__ = [
    "Mention",
    "OutletChoice",
    "Placement",
    "claims_place",
    "dateline_place",
    "junk_reason",
    "keys_sync",
    "local_name",
    "mentions_of",
    "name_key",
    "outlet_defaults",
    "outlet_names_resolve",
    "outlets_for",
    "person_in",
    "police_key",
    "speaker_keys",
    "speaker_name_clean",
    "speaker_new",
    "speaker_slug_free",
    "speakers_place",
    "strip_in",
]

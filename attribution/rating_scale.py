"""The rating scale a new deployment starts with; editors change it in the admin.

Both the data migration that creates the scale and the post_migrate hook (which
puts it back into a database emptied by `flush`, as the test runner's
transactional tests do) write it through `ensure`, handed the Rating model of
their moment.
"""

# slug, label, effect on the claim, ClaimReview ratingValue (1 false to 5 true)
DEFAULT_SCALE = [
    ("true", "True", "confirms", 5),
    ("mostly_true", "Mostly true", "confirms", 4),
    ("half_true", "Half true", "neither", 3),
    ("misleading", "Misleading", "disputes", 2),
    ("mostly_false", "Mostly false", "disputes", 2),
    ("false", "False", "disputes", 1),
    ("unverifiable", "Unverifiable", "neither", None),
]


def ensure(rating_model) -> int:
    """Create the default scale when there is no rating at all; returns how many.

    A scale editors have changed is left as it is.
    """
    if rating_model.objects.exists():
        return 0
    rating_model.objects.bulk_create(
        rating_model(slug=slug, label=label, effect=effect, value=value, position=i)
        for i, (slug, label, effect, value) in enumerate(DEFAULT_SCALE)
    )
    return len(DEFAULT_SCALE)

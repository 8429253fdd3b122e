"""Forms of the UI's writes: they parse and validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from attribution import ingestion
from attribution.models import (
    Claim,
    ClaimFlag,
    ClaimRelation,
    Outlet,
    Rating,
    Speaker,
)

UPLOAD_SUFFIXES = (".html", ".htm", ".txt")


class IngestForm(forms.Form):
    """Exactly one of text, file or URL; text and files become an ArticleText."""

    text = forms.CharField(
        label="Paste the article text",
        widget=forms.Textarea,
        required=False,
        strip=False,  # so that whitespace alone is refused as such, not as nothing
    )
    file = forms.FileField(
        label="Or upload an .html or .txt file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )
    url = forms.URLField(label="Or give its URL", required=False, assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(
        max_length=200, required=False, help_text="The outlet that published it."
    )

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if len(given) != 1:
            raise ValidationError("Give exactly one of: pasted text, a file or a URL.")
        try:
            if data.get("text"):
                data["article_text"] = ingestion.from_raw(data["text"])
            elif data.get("file"):
                data["article_text"] = self._read(data["file"])
        except ingestion.UnusableInput as error:
            raise ValidationError(str(error)) from None
        return data

    def _read(self, upload) -> ingestion.ArticleText:
        name = upload.name.lower()
        if not name.endswith(UPLOAD_SUFFIXES):
            raise ingestion.UnusableInput("Upload an .html, .htm or .txt file.")
        ingestion.check_size(upload.size)
        raw = ingestion.decode(upload.read())
        return ingestion.from_raw(raw, html=name.endswith((".html", ".htm")))


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Claim.ReviewStatus.APPROVED, "Approve"),
            (Claim.ReviewStatus.REJECTED, "Reject"),
        ]
    )
    version = forms.IntegerField(min_value=1)


class ClaimEditForm(forms.Form):
    """A correction: speaker by slug, via chain as outlet slugs, outermost first."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.TextInput,
        label="Speaker (slug)",
        error_messages={"invalid_choice": "No speaker has this slug."},
    )
    via = forms.CharField(
        required=False,
        label="Via (outlet slugs, comma-separated, outermost first)",
    )
    start = forms.IntegerField(min_value=0, label="Span start")
    end = forms.IntegerField(min_value=1, label="Span end")

    def clean_via(self) -> list[Outlet]:
        slugs = list(
            dict.fromkeys(s.strip() for s in self.cleaned_data["via"].split(","))
        )
        slugs = [s for s in slugs if s]
        outlets = {o.slug: o for o in Outlet.objects.filter(slug__in=slugs)}
        unknown = [s for s in slugs if s not in outlets]
        if unknown:
            raise ValidationError(f"No outlet has the slug: {', '.join(unknown)}.")
        return [outlets[s] for s in slugs]

    @classmethod
    def for_claim(cls, claim: Claim) -> "ClaimEditForm":
        return cls(
            initial={
                "version": claim.version,
                "speaker": claim.speaker.slug if claim.speaker else "",
                "via": ", ".join(o.slug for o in claim.via_chain),
                "start": claim.start,
                "end": claim.end,
            }
        )


class FlagForm(forms.Form):
    """A verdict: a rating of the scale, a note, and links, held to the same limits
    as the API's (ClaimFlag's)."""

    verdict = forms.ModelChoiceField(
        queryset=Rating.objects.all(), to_field_name="slug", empty_label=None
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=ClaimFlag.NOTE_MAX_LENGTH,
    )
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Sources (one link per line)",
        help_text=f"At most {ClaimFlag.SOURCES_MAX}.",
    )

    def clean_sources(self) -> list[str]:
        links = [s.strip() for s in self.cleaned_data["sources"].splitlines()]
        links = [s for s in links if s]
        if len(links) > ClaimFlag.SOURCES_MAX:
            raise ValidationError(
                f"Give at most {ClaimFlag.SOURCES_MAX} sources (not {len(links)})."
            )
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                if len(link) > ClaimFlag.SOURCE_MAX_LENGTH:
                    raise ValidationError("too long")
                check(link)
            except ValidationError:
                raise ValidationError(f"Not a web link: {link[:200]}") from None
        return links

    @classmethod
    def for_flag(cls, flag: ClaimFlag) -> "FlagForm":
        """The form to change a flag, filled with it; its fields named apart."""
        return cls(
            prefix=f"flag-{flag.pk}",
            initial={
                "verdict": flag.verdict_id,
                "note": flag.note,
                "sources": "\n".join(flag.sources),
            },
        )


class RelateForm(forms.Form):
    kind = forms.ChoiceField(choices=ClaimRelation.Kind.choices, label="This claim")
    target = forms.ModelChoiceField(
        queryset=Claim.objects.all(),
        widget=forms.NumberInput(attrs={"min": 1}),
        label="Claim id",
        error_messages={"invalid_choice": "No claim has this id."},
    )
    note = forms.CharField(required=False)

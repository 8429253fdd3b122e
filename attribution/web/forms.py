"""Forms of the UI's writes: they parse and validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from attribution import selectors
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimRelation,
    Outlet,
    Rating,
    Speaker,
)

UPLOAD_SUFFIXES = (".html", ".htm", ".txt")


class IngestForm(forms.Form):
    """What a user gives for an article: one of text, file or URL (the
    article_submit service checks which and reads it), and what they know of it."""

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
    url = forms.URLField(
        label="Or give its URL for the app to fetch",
        required=False,
        assume_scheme="https",
        max_length=2000,
    )
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Leave empty to take the headline (the text's first line).",
    )
    published_at = forms.DateTimeField(
        label="Published",
        required=False,
        help_text="A date, or a date and time (2026-03-03 or 2026-03-03 14:30).",
    )
    source_url = forms.URLField(
        label="Where it was published",
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text="For pasted text or a file: shown as unverified, submitted by "
        "you, until the app reads the same text itself.",
    )
    publisher = forms.CharField(
        max_length=200, required=False, help_text="The outlet that published it."
    )


class ArticleEditForm(forms.Form):
    """An editor's correction of an article's details. Values are cleaned by the
    service (services.article_changes_clean), whose errors come back here next
    to their fields; the URL is shown read-only when the app fetched it."""

    title = forms.CharField(required=False, max_length=500)
    published_at = forms.DateField(
        required=False,
        label="Date published",
        help_text="Leave empty when the date is unknown.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="Source URL",
        widget=forms.URLInput,
    )
    publisher = forms.CharField(
        required=False,
        max_length=200,
        help_text="The outlet that published it: known ones are suggested.",
        widget=forms.TextInput(
            attrs={"data-suggest": "outlets", "autocomplete": "off"}
        ),
    )
    language = forms.CharField(max_length=10, help_text="A tag such as en or fr.")

    def __init__(self, *args, url_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if url_fixed:
            self.fields["url"].disabled = True
            self.fields[
                "url"
            ].help_text = (
                "The app fetched the article from this URL: it stays as it is."
            )

    @classmethod
    def for_article(cls, article: Article, data=None, *, url_fixed: bool):
        published = article.published_at
        return cls(
            data,
            url_fixed=url_fixed,
            initial={
                "title": article.title,
                "published_at": timezone.localtime(published).date()
                if published
                else None,
                "url": article.url or article.claimed_url,
                "publisher": article.publisher.name if article.publisher else "",
                "language": article.language,
            },
        )

    def changes(self) -> dict:
        """What the editor changed, as the service takes it."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in self.cleaned_data
        }

    def add_service_error(self, error: ValidationError) -> None:
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Claim.ReviewStatus.APPROVED, "Approve"),
            (Claim.ReviewStatus.REJECTED, "Reject"),
        ]
    )
    version = forms.IntegerField(min_value=1)


class ClaimEditForm(forms.Form):
    """A correction: the speaker and outlets by the names people use, the span as
    the offsets the page's word selection fills in (static/js/correct.js)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    speaker = forms.CharField(
        required=False,
        max_length=200,
        label="Speaker",
        help_text="Type a name: people already quoted are suggested as you type.",
        widget=forms.TextInput(
            attrs={"data-suggest": "speakers", "autocomplete": "off"}
        ),
    )
    new_speaker = forms.BooleanField(
        required=False, label="Create a new speaker with this name"
    )
    via = forms.CharField(
        required=False,
        max_length=2000,
        label="Via (outlets, outermost first, separated by commas)",
        help_text="Leave empty when the speaker was heard directly.",
        widget=forms.TextInput(
            attrs={"data-suggest": "outlets", "data-many": "1", "autocomplete": "off"}
        ),
    )
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        name = " ".join(data.get("speaker", "").split())
        data["new_speaker_name"] = ""
        if data.pop("new_speaker", False):
            if not name:
                self.add_error("speaker", "Type the new speaker's name.")
            data["new_speaker_name"], data["speaker"] = name, None
        elif name:
            data["speaker"] = self._speaker(name)
        else:
            data["speaker"] = None  # left empty: the speaker is kept
        return data

    def _speaker(self, name: str):
        found = selectors.speakers_named(name)
        if len(found) == 1:
            return found[0]
        if found:
            self.add_error(
                "speaker",
                f"{len(found)} speakers are called {name}: type one's slug "
                f"({', '.join(s.slug for s in found)}).",
            )
        else:
            self.add_error(
                "speaker",
                f"No speaker is called {name}. Pick a suggestion, or tick "
                "“Create a new speaker”.",
            )
        return None

    def clean_via(self) -> list[Outlet]:
        names = [" ".join(n.split()) for n in self.cleaned_data["via"].split(",")]
        chain, unknown = [], []
        for name in dict.fromkeys(n for n in names if n):
            found = selectors.outlets_named(name)
            if found:
                chain.append(found[0])
            else:
                unknown.append(name)
        if unknown:
            raise ValidationError(f"No outlet is called: {', '.join(unknown)}.")
        return chain

    @classmethod
    def for_claim(cls, claim: Claim) -> "ClaimEditForm":
        return cls(
            initial={
                "version": claim.version,
                "speaker": claim.speaker.name if claim.speaker else "",
                "via": ", ".join(o.name for o in claim.via_chain),
                "start": claim.start,
                "end": claim.end,
            }
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal next to the field it concerns."""
        fields = {"new_speaker_name": "speaker", "text": None, "status": None}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = fields.get(name, name if name in self.fields else None)
            self.add_error(field, errors)


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

    def add_service_error(self, error: ValidationError) -> None:
        """A service's refusal, next to its field when it names one of ours."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)

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


def _service_error_at(
    form: forms.Form, error: ValidationError, default: str | None, **renamed: str
) -> None:
    """A service's refusal next to the field it names (or that field's name in
    the form, by `renamed`), else next to `default`."""
    if not hasattr(error, "error_dict"):
        form.add_error(default, error)
        return
    for name, errors in error.error_dict.items():
        name = renamed.get(name, name)
        form.add_error(name if name in form.fields else default, errors)


class _StatementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"#{obj.pk}: {text} ({obj.report_count})"


class StatementMergeForm(forms.Form):
    """The statement (of the same speaker) to merge this one into."""

    into = _StatementChoice(
        queryset=CanonicalClaim.objects.none(),
        empty_label=None,
        label="Same statement as",
        error_messages={
            "required": "Choose the statement to merge into.",
            "invalid_choice": "Choose one of this speaker's other statements.",
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = choices

    def add_service_error(self, error: ValidationError) -> None:
        _service_error_at(self, error, "into")


class StatementSplitForm(forms.Form):
    """The report to take out of the statement."""

    claim = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "Choose the report to split off."},
    )

    def add_service_error(self, error: ValidationError) -> None:
        _service_error_at(self, error, "claim")


def _speaker_by_name(form: forms.Form, field: str, name: str) -> Speaker | None:
    """The one speaker a typed name or slug means, else an error at `field`."""
    found = selectors.speakers_named(name)
    if len(found) == 1:
        return found[0]
    if found:
        form.add_error(
            field,
            f"{len(found)} speakers are called {name}: type one's slug "
            f"({', '.join(s.slug for s in found)}).",
        )
    else:
        form.add_error(field, f"No speaker is called {name}. Pick a suggestion.")
    return None


class SpeakerMergeForm(forms.Form):
    """The speaker this one is the same as, by name (suggested as you type), alias
    or slug."""

    into = forms.CharField(
        max_length=200,
        label="Same speaker as",
        help_text="Type a name: people already quoted are suggested as you type.",
        widget=forms.TextInput(
            attrs={"data-suggest": "speakers", "autocomplete": "off"}
        ),
        error_messages={"required": "Type the name of the speaker to merge into."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="merge-%s", **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("into"):
            data["into"] = _speaker_by_name(self, "into", data["into"])
        return data

    def add_service_error(self, error: ValidationError) -> None:
        _service_error_at(self, error, "into")


class SpeakerSplitForm(forms.Form):
    """The articles whose claims are someone else's, and that someone's name."""

    article = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Tick the articles whose claims are someone else's.",
            "invalid_choice": "Tick only articles listed here.",
        },
    )
    name = forms.CharField(max_length=200, label="New speaker's name")

    def __init__(self, *args, article_ids, **kwargs):
        super().__init__(*args, auto_id="split-%s", **kwargs)
        self.fields["article"].choices = [(i, i) for i in article_ids]

    def add_service_error(self, error: ValidationError) -> None:
        _service_error_at(self, error, None, articles="article")


class SpeakerEditForm(forms.Form):
    """A speaker's name, kind, aliases and the outlet it is, by the outlet's name
    (suggested as you type) or slug."""

    name = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=Speaker.Kind.choices)
    aliases = forms.CharField(
        required=False,
        label="Aliases, one a line",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outlet = forms.CharField(
        required=False,
        max_length=200,
        label="Is the outlet",
        help_text="Type its name: known outlets are suggested as you type.",
        widget=forms.TextInput(
            attrs={"data-suggest": "outlets", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="edit-%s", **kwargs)

    def clean_aliases(self) -> list[str]:
        return [a for a in self.cleaned_data["aliases"].splitlines() if a.strip()]

    def clean_outlet(self) -> Outlet | None:
        name = self.cleaned_data["outlet"].strip()
        if not name:
            return None
        found = selectors.outlets_named(name)
        if not found:
            raise ValidationError(f"No outlet is called {name}. Pick a suggestion.")
        return found[0]

    @classmethod
    def for_speaker(cls, speaker: Speaker) -> "SpeakerEditForm":
        return cls(
            initial={
                "name": speaker.name,
                "kind": speaker.kind,
                "aliases": "\n".join(speaker.aliases),
                "outlet": speaker.outlet.name if speaker.outlet else "",
            }
        )

    def add_service_error(self, error: ValidationError) -> None:
        _service_error_at(self, error, None)

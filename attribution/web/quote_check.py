"""The quote check page: paste a quote, see who said it and where it first appeared.

A GET form, like the claim search, so that a check has a link to share; the
selector (attribution.quote_check) does the work.
"""

from django import forms
from django.core.validators import RegexValidator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from attribution import quote_check


class QuoteCheckForm(forms.Form):
    quote = forms.CharField(
        label="The quote",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=quote_check.QUOTE_MAX_LENGTH,
        help_text="Paste the words as you read them, quotation marks or not.",
        validators=[
            RegexValidator(r"[^\W_]", message="The quote has no words to look for.")
        ],
    )
    speaker = forms.CharField(
        label="Said by (optional)",
        required=False,
        max_length=quote_check.SPEAKER_MAX_LENGTH,
        help_text="A name, an alias or a slug; leave empty to look across speakers.",
    )


@require_GET
def quote_check_page(request):
    form = QuoteCheckForm(request.GET if "quote" in request.GET else None)
    check = None
    if form.is_bound and form.is_valid():
        check = quote_check.quote_check(**form.cleaned_data)
    return render(
        request,
        "web/quote_check.html",
        {"form": form, "check": check, "threshold": quote_check.MATCH_AT},
        status=400 if form.is_bound and form.errors else 200,
    )

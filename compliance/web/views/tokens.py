"""The user's API tokens: create one (its key shown once, on this response only), list
them (name, prefix, created, last used) and revoke one. Each user sees only their own."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from compliance.api.tokens import create_token, revoke_token
from compliance.web import conf
from compliance.web.paging import paginate
from providers.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, such as 'Nightly sync to our HR system'.",
        error_messages={"required": "Give the token a name."},
    )


@login_required
def api_tokens(request):
    form = TokenForm()
    new_key = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=request.user)
            revoke_token(token=token)
            messages.success(request, f"The token {token.name!r} is revoked: it no longer works.")
            return redirect("api-tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            # No redirect: the key is shown on this response only, never stored in a message.
            new_key = create_token(user=request.user, name=form.cleaned_data["name"]).key
            form = TokenForm()
    tokens = paginate(
        request,
        ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"),
        per_page=conf.get("DASHBOARD_PAGE_SIZE"),
        label="Tokens",
    )
    return render(
        request,
        "web/api_tokens.html",
        {"nav": "tokens", "form": form, "new_key": new_key, "tokens": tokens},
    )

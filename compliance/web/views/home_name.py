"""/homes/<urn>/name/: a provider manager gives a home the provider's own name for it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from compliance.services.errors import ServiceError
from compliance.services.homes import NAME_MAX_LENGTH, name_home
from compliance.web.kept_posts import kept_initial, login_required_keeping_post
from compliance.web.views.homes import visible_home
from providers.access import can_name_home


class HomeNameForm(forms.Form):
    name = forms.CharField(
        label="The home's name",
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=(
            "Your own name for the home. Ofsted's reports give only its URN; the name is "
            "seen only by your provider's staff, regulators and administrators. Leave it "
            "empty to show the URN alone."
        ),
    )


@login_required_keeping_post
def home_name(request, urn):
    home = visible_home(request, urn)
    if not can_name_home(user=request.user, home=home):
        raise PermissionDenied("Only the provider's managers can name its homes.")
    form = HomeNameForm(initial={"name": home.name, **kept_initial(request)})
    if request.method == "POST":
        form = HomeNameForm(request.POST)
        if form.is_valid():
            try:
                name_home(home=home, user=request.user, name=form.cleaned_data["name"])
            except ServiceError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, f"Saved: the home is now shown as {home}.")
                return redirect("home-detail", urn=home.urn)
    return render(request, "web/home_name.html", {"nav": "homes", "home": home, "form": form})

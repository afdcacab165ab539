"""The unsubscribe page reminder emails link to. The signed token is the authority, so no
sign-in is needed: GET shows a confirmation, POST (from the page, or a mail client's
RFC 8058 one-click 'List-Unsubscribe=One-Click') stops advance reminders."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from compliance.reminders.optout import email_from_token, opt_out_of_advance_reminders


# One-click POSTs come from mail providers with no CSRF token; the unforgeable signed
# token in the URL does that job, and the only thing it can do is turn reminders down.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    email = email_from_token(token)
    if email is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "reminders/unsubscribe.html", {"email": email})
    opt_out_of_advance_reminders(email=email)
    return render(request, "reminders/unsubscribe_done.html", {"email": email})

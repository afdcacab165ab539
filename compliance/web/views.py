"""Dashboard pages (being built: see issue 5)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from compliance.selectors import requirements_visible_to


@login_required
def requirement_detail(request, pk):
    requirement = get_object_or_404(requirements_visible_to(user=request.user), pk=pk)
    return HttpResponse(f"{requirement.citation}: {requirement.get_status_display()}")

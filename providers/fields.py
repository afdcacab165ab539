"""Model field shapes the apps share."""

from __future__ import annotations

from django.db import models


def optional_link(to, *, related_name: str, help_text: str = "") -> models.ForeignKey:
    """A link that may be empty and empties itself when its target is deleted."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
    )

"""Checking and storing evidence files: size, count, quota and type limits, safe stored
names."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Sum

from compliance.models import Evidence
from compliance.services.errors import ServiceError

# Extension -> (content type, the bytes a real file of that kind starts with, or None
# where the format has no fixed signature).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


class EvidenceError(ServiceError):
    """A file that cannot be evidence (type, size, content)."""

    def __init__(self, message: str, field: str = "files"):
        super().__init__(message, field)


@dataclass(frozen=True)
class EvidenceUpload:
    """A file as received: its name as the user had it, and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_uploaded_file(cls, uploaded) -> EvidenceUpload:
        max_bytes = settings.EVIDENCE_MAX_BYTES
        if uploaded.size > max_bytes:
            raise EvidenceError(_too_big(uploaded.name, uploaded.size, max_bytes))
        return cls(name=uploaded.name, content=uploaded.read())


def _too_big(name: str, size: int, limit: int) -> str:
    return f"{name} is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB."


def display_name(name: str) -> str:
    """The user's file name, stripped of any path and of characters that mean trouble."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(". ")
    return cleaned[:200] or "evidence"


def check_upload(upload: EvidenceUpload) -> str:
    """Return the content type of an acceptable upload, or raise EvidenceError."""
    name = display_name(upload.name)
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(s.lstrip(".") for s in ALLOWED_TYPES))
        raise EvidenceError(f"{name}: files of this type are not accepted (allowed: {allowed}).")
    if not upload.content:
        raise EvidenceError(f"{name} is empty.")
    limit = settings.EVIDENCE_MAX_BYTES
    if len(upload.content) > limit:
        raise EvidenceError(_too_big(name, len(upload.content), limit))
    content_type, signatures = ALLOWED_TYPES[suffix]
    if signatures and not upload.content.startswith(signatures):
        raise EvidenceError(f"{name} does not look like a {suffix.lstrip('.')} file.")
    if signatures is None and b"\x00" in upload.content[:4096]:
        raise EvidenceError(f"{name} does not look like a text file.")
    return content_type


def check_batch(*, requirement, files: list[EvidenceUpload]) -> None:
    """The limits of one request's files, the same for the dashboard and the API: at most
    EVIDENCE_MAX_FILES_PER_REQUEST files, and the provider's stored evidence may not grow
    past PROVIDER_STORAGE_QUOTA_BYTES."""
    limit = settings.EVIDENCE_MAX_FILES_PER_REQUEST
    if len(files) > limit:
        raise EvidenceError(f"Attach at most {limit} files at a time; you chose {len(files)}.")
    quota = settings.PROVIDER_STORAGE_QUOTA_BYTES
    if not files or not quota:
        return
    provider_id = requirement.inspection.home.provider_id
    used = (
        Evidence.objects.filter(requirement__inspection__home__provider_id=provider_id).aggregate(
            total=Sum("size")
        )["total"]
        or 0
    )
    adding = sum(len(f.content) for f in files)
    if used + adding > quota:
        raise EvidenceError(
            f"The provider's evidence storage is full: {used / 1_048_576:.1f} MB of "
            f"{quota / 1_048_576:.0f} MB is used and these files need "
            f"{adding / 1_048_576:.1f} MB. Ask an administrator to raise the quota."
        )


def store_evidence(*, requirement, user, upload: EvidenceUpload, event=None) -> Evidence:
    return save_upload(Evidence, upload=upload, user=user, requirement=requirement, event=event)


def save_upload(model, *, upload: EvidenceUpload, user, **fields):
    """Check `upload`, then store it as a new `model` row (an evidence file of any kind)."""
    content_type = check_upload(upload)
    row = model(
        original_name=display_name(upload.name),
        content_type=content_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        uploaded_by=user,
        **fields,
    )
    row.file.save(row.original_name, ContentFile(upload.content), save=False)
    row.save()
    return row

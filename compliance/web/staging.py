"""Keeps an uploaded report between its preview and its confirmation.

The bytes go to a private file under MEDIA_ROOT/import-previews/ with a random name; the
page carries only a signed token naming that file, the user and the original file name.
A token from another user, a changed token or an old one (IMPORT_PREVIEW_MAX_AGE) is
refused, and the file is deleted once the import is confirmed.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

from compliance.web import conf

SALT = "compliance.web.import-preview"
FOLDER = "import-previews"
UNREADABLE = "The preview could not be read: upload the report again."


class StagedReportMissing(Exception):
    """The preview cannot be confirmed: expired, tampered with, or already imported."""


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stage_report(*, data: bytes, name: str, user_id: int) -> str:
    """Store the bytes and return the token that names them."""
    sweep_stale_reports()
    key = uuid.uuid4().hex
    path = _folder() / f"{key}.bin"
    path.write_bytes(data)
    path.chmod(0o600)
    return signing.dumps({"key": key, "user": user_id, "name": name}, salt=SALT)


def _path_for(token: str, user_id: int) -> tuple[Path, str]:
    try:
        payload = signing.loads(token, salt=SALT, max_age=conf.get("IMPORT_PREVIEW_MAX_AGE"))
    except signing.SignatureExpired as exc:
        raise StagedReportMissing("The preview is too old: upload the report again.") from exc
    except signing.BadSignature as exc:
        raise StagedReportMissing(UNREADABLE) from exc
    if payload.get("user") != user_id or not str(payload.get("key", "")).isalnum():
        raise StagedReportMissing(UNREADABLE)
    return _folder() / f"{payload['key']}.bin", payload.get("name") or "report"


def load_staged_report(*, token: str, user_id: int) -> tuple[str, bytes]:
    """The (file name, bytes) a token names, for the user who uploaded them."""
    path, name = _path_for(token, user_id)
    try:
        return name, path.read_bytes()
    except FileNotFoundError as exc:
        raise StagedReportMissing(
            f"{name} was already imported or its preview has expired: upload it again."
        ) from exc


def discard_staged_report(*, token: str, user_id: int) -> None:
    try:
        path, _ = _path_for(token, user_id)
    except StagedReportMissing:
        return
    path.unlink(missing_ok=True)


def sweep_stale_reports() -> None:
    """Delete previews nobody confirmed in time."""
    cutoff = time.time() - conf.get("IMPORT_PREVIEW_MAX_AGE")
    for path in _folder().glob("*.bin"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)

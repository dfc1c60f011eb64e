"""Uploaded files kept for a background job: copied to `directory` under a random token.

The callers choose the directory (under MEDIA_ROOT, which web processes and task workers
share, and which is never served). A token is the only handle on a file, so a file name
that came from a client never touches the disk.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SUFFIX = ".upload"
MAX_AGE_SECONDS = 86400  # a file no job has taken within a day is removed by the next store()


def path_of(directory: Path, token: str) -> Path | None:
    """The kept file of `token`, or None for a token that is not one of ours (or its file is gone)."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    path = directory / f"{token}{SUFFIX}"
    return path if path.is_file() else None


def store(chunks: Iterable[bytes], directory: Path) -> tuple[str, str]:
    """Write `chunks` (an upload's .chunks()) to a new token's file; (token, SHA-256).
    Files older than MAX_AGE_SECONDS in `directory` are removed first."""
    directory.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - MAX_AGE_SECONDS
    for stale in directory.glob(f"*{SUFFIX}"):
        try:
            if stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)
        except FileNotFoundError:  # another process removed it first
            continue
    token, digest = secrets.token_urlsafe(18), hashlib.sha256()
    with (directory / f"{token}{SUFFIX}").open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    return token, digest.hexdigest()

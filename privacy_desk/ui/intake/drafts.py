"""Drafts of forms being typed, so a crash or a closed window never loses a call note.

A draft is a small JSON file in the user's own data folder (``drafts/<form>-<login>.json``),
written atomically (a temporary file, then ``os.replace``) so a power cut leaves either the old
draft or the new one, never half of one. Drafts hold personal data: they stay in the user's data
folder, readable by the user only, are never logged, and any valid Individual Number (My Number)
is masked before it is written. Each open form holds a slot (`take_draft_slot`), so two windows
of the same form never write over each other's draft.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from privacy_desk.domain.individual_number import mask_individual_numbers
from privacy_desk.storage.db import data_dir, make_private

FORMAT_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_BROKEN = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Draft:
    saved_at: datetime
    content: dict[str, Any]
    # Files the form holds, by name: "email", the saved email (.eml) the intake came from.
    files: dict[str, bytes] = field(default_factory=dict, repr=False)


def masked(value: Any) -> Any:
    """The value with every Individual Number in every text replaced by ＊ (in any spelling the
    domain finds: other scripts' digits, dots, line breaks, zero-width characters), and any
    lone surrogate (a broken paste) by U+FFFD, so the draft can be written as UTF-8."""
    if isinstance(value, str):
        return _BROKEN.sub("\ufffd", mask_individual_numbers(value))
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked(item) for item in value]
    return value


class DraftStore:
    """The draft of one form for one user."""

    def __init__(self, form: str, login: str, slot: int = 1, folder: Path | None = None) -> None:
        self.form = form
        self.login = login
        self.slot = slot
        self._folder = folder

    @property
    def path(self) -> Path:
        folder = self._folder or data_dir() / "drafts"
        # "~" never occurs in a login, so a second slot can not collide with another user's file.
        suffix = "" if self.slot == 1 else f"~{self.slot}"
        return folder / f"{_UNSAFE.sub('_', self.form)}-{_UNSAFE.sub('_', self.login)}{suffix}.json"

    def exists(self) -> bool:
        return self.path.is_file()

    def save(
        self,
        content: dict[str, Any],
        saved_at: datetime | None = None,
        files: Mapping[str, bytes] | None = None,
    ) -> None:
        """Write the draft; `files` (an email's original, its numbers masked already by the
        parser) are kept as they are, base64 in the same file, so one write holds them all."""
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        make_private(path.parent, folder=True)
        payload = {
            "format": FORMAT_VERSION,
            "saved_at": (saved_at or datetime.now(UTC)).isoformat(),
            "content": masked(content),
            "files": {
                name: base64.b64encode(data).decode("ascii") for name, data in (files or {}).items()
            },
        }
        handle, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=path.parent)
        try:
            # mkstemp makes it 0600 already; said here too, so the rule does not hang on that.
            make_private(Path(temporary))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, ensure_ascii=False)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def load(self) -> Draft | None:
        """The draft, or None when there is none or it can not be read (it is then left alone)."""
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
            saved_at = datetime.fromisoformat(payload["saved_at"])
            content = payload["content"]
            files = {
                str(name): base64.b64decode(data, validate=True)
                for name, data in (payload.get("files") or {}).items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            return None
        if not isinstance(content, dict):
            return None
        return Draft(saved_at=saved_at, content=content, files=files)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# Two intake windows of one user at once (a call while an email is half logged) must not write
# over each other's draft: each open form holds a slot of its own, the first the plain name.
_slots: dict[tuple[str, str], set[int]] = {}
MAX_SLOTS = 20


def take_draft_slot(form: str, login: str, fresh: bool = False) -> int:
    """A free slot: one holding a draft left behind first (unless fresh), else an empty one."""
    taken = _slots.setdefault((form, login), set())
    free = [n for n in range(1, MAX_SLOTS + 1) if n not in taken]
    with_draft = [n for n in free if DraftStore(form, login, n).exists()]
    if fresh or not with_draft:
        slot = next(n for n in free if n not in with_draft)
    else:
        slot = with_draft[0]
    taken.add(slot)
    return slot


def release_draft_slot(form: str, login: str, slot: int, *_args: object) -> None:
    _slots.get((form, login), set()).discard(slot)


def waiting_drafts(form: str, login: str) -> list[Draft]:
    """The drafts of a form a user left behind that no open window holds, oldest slot first."""
    taken = _slots.get((form, login), set())
    found = []
    for slot in range(1, MAX_SLOTS + 1):
        if slot in taken:
            continue
        draft = DraftStore(form, login, slot).load()
        if draft is not None:
            found.append(draft)
    return found

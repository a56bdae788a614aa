"""The meeting's live files: how the facilitator's screen and the participants' screens talk.

    live/<meeting>/host.json            the facilitator's screen: step, clock, vote, keyboard
    live/<meeting>/<uid>-<name key>.json  one per participant: presence, draft answer, ballot

They are written like every store file (atomic, no link followed, the store's group) and read as
untrusted: capped in size, parsed by the room models, and believed only from the account whose word
they are: `host.json` from the meeting's host account, a participant's file from the uid in its
name. Anyone in the store's group can write into the folder, but not as someone else's uid. They are
not part of the boards: the store watcher, `status` and git sync never look at `live/`.
"""

from __future__ import annotations

import hashlib
import os
import pwd
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from pydantic import ValidationError

from okrtui.core.room import HostState, Participant
from okrtui.store.errors import StoreError
from okrtui.store.files import atomic_write, list_folder, read_owned

LIVE = "live"
HOST = "host.json"
MAX_LIVE_FILE = 64 * 1024
"""A live file is a few hundred bytes; the cap stops a planted huge one from stalling a screen."""


def login_of(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def uid_of(login: str) -> int | None:
    try:
        return pwd.getpwnam(login).pw_uid
    except KeyError:
        return None


def name_key(name: str) -> str:
    """A file-name-safe key for a person's name (the name itself may hold anything)."""
    return hashlib.sha256(name.strip().casefold().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Seen:
    """A participant's file as read: what it says, and whose account wrote it."""

    uid: int
    login: str
    person: Participant


@dataclass
class People:
    """Every participant file in the folder that could be believed, and why the others were not."""

    seen: list[Seen] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class LiveFolder:
    """One meeting's live folder in a store."""

    def __init__(self, root: Path, meeting: str) -> None:
        self.root = Path(root)
        self.meeting = meeting
        self.folder = self.root / LIVE / meeting
        self._cache: dict[str, tuple[tuple[int, int, int], Seen | str]] = {}

    def stamp(self, name: str = "") -> tuple[int, int] | None:
        """Changes whenever a file here (or the file `name`) is written: every write renames a
        new file into the folder."""
        try:
            info = os.stat(self.folder / name if name else self.folder, follow_symlinks=False)
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_ino)

    # -- the facilitator's side ------------------------------------------------------------------

    def publish_host(self, state: HostState) -> None:
        atomic_write(self.folder / HOST, orjson.dumps(state.model_dump(mode="json")), root=self.root)

    def read_people(self) -> People:
        """Each participant's latest file; files changed since the last call are read again."""
        people = People()
        names = [n for n in list_folder(self.root, self.folder) if n.endswith(".json") and n != HOST]
        for name in sorted(names):
            found = self._person(name)
            if isinstance(found, Seen):
                people.seen.append(found)
            elif found:
                people.problems.append(found)
        self._cache = {n: v for n, v in self._cache.items() if n in names}
        return people

    def _person(self, file_name: str) -> Seen | str:
        try:
            info = os.stat(self.folder / file_name, follow_symlinks=False)
        except OSError:
            return ""
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = self._cache.get(file_name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        result = self._read_person(file_name)
        self._cache[file_name] = (stamp, result)
        return result

    def _read_person(self, file_name: str) -> Seen | str:
        uid_part, _, key = file_name.removesuffix(".json").partition("-")
        if not uid_part.isdigit():
            return f"{file_name}: not a participant's file"
        try:
            found = read_owned(self.folder / file_name, self.root, MAX_LIVE_FILE)
        except StoreError as error:
            return str(error)
        if found is None:
            return ""
        raw, owner = found
        login = login_of(owner)
        if owner != int(uid_part):
            return f"{login_of(int(uid_part))}'s live file was written by {login}: ignored"
        try:
            person = Participant.model_validate(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError):
            return f"{login}'s live file cannot be read: ignored"
        if key != name_key(person.name) or person.meeting != self.meeting:
            return f"{login}'s live file is not for this meeting: ignored"
        return Seen(owner, login, person)

    # -- a participant's side -----------------------------------------------------------------

    def mine(self, name: str) -> Path:
        return self.folder / f"{os.geteuid()}-{name_key(name)}.json"

    def publish_mine(self, person: Participant) -> None:
        atomic_write(self.mine(person.name), orjson.dumps(person.model_dump(mode="json")), root=self.root)

    def read_host(self, host_login: str | None) -> HostState | None:
        """The facilitator's state; None while there is none. Refused unless the host account wrote it."""
        try:
            found = read_owned(self.folder / HOST, self.root, MAX_LIVE_FILE)
        except FileNotFoundError:
            return None
        if found is None:
            return None
        raw, owner = found
        if host_login is None or owner != uid_of(host_login):
            raise StoreError(
                f"the meeting's live file was written by {login_of(owner)}, not by the facilitator's account"
                f" ({host_login or 'unknown'}): not following it"
            )
        try:
            return HostState.model_validate(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError):
            raise StoreError("the meeting's live file cannot be read") from None

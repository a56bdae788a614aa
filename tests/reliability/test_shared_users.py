"""Two real Unix users share one store through a group, as the README sets it up, whatever their
primary groups (Debian gives each user a private one) and umasks; a third user outside the group can
neither read nor write it. Needs root (the test creates and removes the users)."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TODAY, snapshot_of
from tests.support import TIMEOUT

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not all(shutil.which(t) for t in ("useradd", "groupadd", "runuser")),
    reason="needs root and useradd/groupadd/runuser to create the users",
)

DOC = """Team: Platform
Objective: Make every release boring
- Cut change failure rate from 18% to 5% @Ana
- Bring median build time down from 14 minutes to 6 minutes @Ben
"""
NEXT = """Team: Growth
Objective: Win the mid-market
- Grow weekly active teams from 1200 to 2000 @Ana
- Lift trial conversion from 4% to 6% @Ben
"""


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=TIMEOUT)


@dataclass(frozen=True)
class Person:
    login: str
    umask: str
    home: Path

    def run(self, store: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.home),
            "OKRTUI_CONFIG": str(self.home / "config"),
            "OKRTUI_TODAY": TODAY.isoformat(),
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "LANG": "C.UTF-8",
        }
        command = ["runuser", "-u", self.login, "--", "sh", "-c", f'umask {self.umask}; exec "$@"', "okrtui"]
        command += [sys.executable, "-m", "okrtui", "--store", str(store), *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def reachable_by_others(path: Path) -> bool:
    """Whether users other than root can run the interpreter (`.ci/run` makes sure they can)."""
    real = Path(os.path.realpath(path))
    return all(os.stat(folder).st_mode & stat.S_IXOTH for folder in real.parents)


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder everyone can enter (pytest's own temp folders are root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="okrtui-shared-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def team(place: Path) -> Iterator[tuple[str, Person, Person, Person]]:
    tag = secrets.token_hex(3)
    group = f"okt{tag}"
    sh("groupadd", group)
    people = []
    try:
        for name, umask in (("ana", "077"), ("ben", "022"), ("cat", "022")):
            login = f"ok{name}{tag}"
            home = place / login
            sh("useradd", "--user-group", "--no-create-home", "--home-dir", str(home), login)
            home.mkdir()
            shutil.chown(home, login, login)
            people.append(Person(login, umask, home))
        for member in people[:2]:
            sh("usermod", "--append", "--groups", group, member.login)
        yield group, *people  # type: ignore[misc]
    finally:
        for person in people:
            subprocess.run(["userdel", person.login], capture_output=True, check=False)
        subprocess.run(["groupdel", group], capture_output=True, check=False)


def written(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o644)
    return path


@pytest.mark.skipif(not reachable_by_others(Path(sys.executable)), reason="other users cannot reach python")
def test_two_members_share_a_store_and_a_stranger_is_kept_out(
    place: Path, team: tuple[str, Person, Person, Person]
) -> None:
    group, ana, ben, cat = team
    store = place / "store"
    made = subprocess.run(
        [sys.executable, "-m", "okrtui", "init", "--shared", group, str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr

    imported = ana.run(store, "import", str(written(place / "okrs.md", DOC)))
    assert imported.returncode == 0, imported.stderr
    kr = next(line.split()[0] for line in imported.stdout.splitlines() if "median build" in line)
    saved = ben.run(store, "checkin", kr, "--value", "11", "--confidence", "6", "--as", "Ben")
    assert saved.returncode == 0, saved.stderr
    shown = ana.run(store, "status", "--format", "json")
    assert shown.returncode == 0 and '"value": 11.0' in shown.stdout, shown.stderr

    # Ben makes next quarter's folder; Ana writes into it.
    planned = ben.run(store, "import", str(written(place / "next.md", NEXT)), "--cycle", "2027-Q1")
    assert planned.returncode == 0, planned.stderr
    more = ana.run(
        store,
        "import",
        str(written(place / "more.md", DOC.replace("Platform", "Data"))),
        "--cycle",
        "2027-Q1",
    )
    assert more.returncode == 0, more.stderr

    gid = os.stat(store).st_gid
    for path in [store, *store.rglob("*")]:
        info = os.lstat(path)
        assert info.st_gid == gid, f"{path} is not the group's"
        mode = stat.S_IMODE(info.st_mode)
        assert mode == (0o2770 if path.is_dir() else 0o660), f"{path} has mode {mode:o}"
    assert ben.run(store, "doctor").returncode == 0

    before = snapshot_of(store)
    for refused in (
        cat.run(store, "status"),
        cat.run(store, "checkin", kr, "--value", "1", "--confidence", "1"),
    ):
        assert refused.returncode == 2, refused.stdout
        assert "permission denied" in refused.stderr and "Traceback" not in refused.stderr
    assert snapshot_of(store) == before

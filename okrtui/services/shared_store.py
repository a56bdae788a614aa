"""A store a team shares through a Unix group: setting it up, and checking that it stays right.

The rules (which `store/files.py` keeps for everything okrtui writes): every folder belongs to the
store's group with mode 2770 (the setgid bit makes what is created inside it inherit the group,
whatever the writer's primary group or umask), every file belongs to the group with mode 0660, and
nothing in the store is a symbolic link or has a second hard link. `okrtui doctor` names each file
that breaks a rule; `--fix` repairs the modes and groups the user may change, and never follows,
removes or rewrites a link.
"""

from __future__ import annotations

import grp
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from okrtui.store import Store, StoreError
from okrtui.store.files import DIR_MODE, FILE_MODE, LOCK_NAME

SHARED_DIR_MODE = DIR_MODE | stat.S_ISGID


@dataclass(frozen=True)
class Problem:
    path: Path
    what: str
    fixable: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise StoreError(f"no group {name!r} on this machine (see `getent group`)") from None


def init_shared(root: Path, group: str) -> list[str]:
    """Make `root` a store shared by `group` (created when missing; an existing store is adopted
    and brought in line). Returns what was done, one line each."""
    gid = group_id(group)
    done = []
    if root.is_symlink():
        raise StoreError(f"{root} is a symbolic link; name the real folder")
    if not root.exists():
        root.mkdir(parents=True, mode=DIR_MODE)
        done.append(f"created {root}")
    if not root.is_dir():
        raise StoreError(f"{root} is not a folder")
    try:
        os.chown(root, -1, gid)
        os.chmod(root, SHARED_DIR_MODE)
    except PermissionError:
        raise StoreError(
            f"cannot give {root} to group {group}: be a member of {group} and own the folder (or run as root)"
        ) from None
    done.append(f"{root} belongs to group {group}, mode 2770 (setgid: what is made inside stays {group}'s)")
    store = Store(root)
    with store.transaction("shared store set up") as tx:
        tx.ensure_workspace()
    before = check(root, fix=True)
    after = check(root)
    done += [f"fixed {p}" for p in before if p not in after]
    done += [f"still wrong: {p}" for p in after]
    return done


def check(root: Path, *, fix: bool = False) -> list[Problem]:
    """Every file and folder of the store that breaks the sharing rules (fixed on the way, with `fix`)."""
    info = os.lstat(root)
    gid = info.st_gid
    shared = bool(info.st_mode & stat.S_ISGID)
    problems: list[Problem] = []
    members = _members(gid)
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        if base.name == ".git" or ".git" in base.relative_to(root).parts:
            dirs[:] = []
            continue
        for name in [*dirs, *files]:
            problems += _check_one(base / name, gid, shared, members, fix)
    return problems


def _members(gid: int) -> set[int] | None:
    """Users in the group (by uid), None when the system cannot say."""
    import pwd

    try:
        group = grp.getgrgid(gid)
    except KeyError:
        return None
    uids = {user.pw_uid for user in pwd.getpwall() if user.pw_gid == gid or user.pw_name in group.gr_mem}
    return uids | {0}


def _check_one(path: Path, gid: int, shared: bool, members: set[int] | None, fix: bool) -> list[Problem]:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return [
            Problem(path, f"is a symbolic link (to {os.readlink(path)}); okrtui never follows it: remove it")
        ]
    is_dir = stat.S_ISDIR(info.st_mode)
    if not (is_dir or stat.S_ISREG(info.st_mode)):
        return [Problem(path, "is not a regular file or folder: remove it")]
    problems = []
    if not is_dir and info.st_nlink > 1:
        problems.append(
            Problem(path, f"has {info.st_nlink} hard links; a store file has one: remove the others")
        )
    if members is not None and info.st_uid not in members:
        problems.append(Problem(path, f"is owned by uid {info.st_uid}, who is not in the store's group"))
    wanted_mode = (SHARED_DIR_MODE if shared else DIR_MODE) if is_dir else FILE_MODE
    if path.name == LOCK_NAME:
        wanted_mode = FILE_MODE
    mode = stat.S_IMODE(info.st_mode)
    if info.st_gid != gid:
        problems.append(Problem(path, f"belongs to group {_group_name(info.st_gid)}, not the store's", True))
    if mode != wanted_mode:
        problems.append(Problem(path, f"has mode {mode:o}, not {wanted_mode:o}", True))
    if fix and any(p.fixable for p in problems):
        _repair(path, gid, wanted_mode, problems)
    return problems


def _repair(path: Path, gid: int, mode: int, problems: list[Problem]) -> None:
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fchown(fd, -1, gid)
        os.fchmod(fd, mode)
    except PermissionError:
        problems[:] = [Problem(p.path, p.what + " (only its owner or root can fix it)") for p in problems]
    finally:
        os.close(fd)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)

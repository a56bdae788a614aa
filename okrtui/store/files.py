"""Every file operation on a shared store, in one place, safe against the colleague next door.

A team shares a store through a Unix group, so any member can write any file of it: every path
below the store's root may be a planted symlink or hard link, and a folder may change between a
check and a use. So, below the root (which the user chose and is trusted):
- folders are opened one component at a time with O_NOFOLLOW and used through their descriptors
  (`openat`-style), so no path is resolved twice;
- temp files are created with O_CREAT|O_EXCL|O_NOFOLLOW and their final mode, then `fchmod`ed and
  given the folder's group on the descriptor (never by path), fsynced and renamed over the target;
- reads open with O_NOFOLLOW|O_NONBLOCK and accept only a regular file with one link, no larger
  than a limit;
- the lock is an `flock` on a file opened the same way, never truncated.
Folders okrtui creates carry the setgid bit of a shared root, so everything inside keeps the store's
group whatever the writer's umask or primary group (see `okrtui init --shared`).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from okrtui.store.errors import StoreError, UnreadableFileError, UnsafePathError
from okrtui.store.schema import check_and_migrate

FILE_MODE = 0o660
DIR_MODE = 0o770
TEMP_MARK = ".tmp-"
LOCK_NAME = ".okrtui.lock"
MAX_STORE_FILE = 64 * 1024 * 1024
"""A team's file for one cycle is kilobytes; anything this large is damage or an attack, not data."""
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


Signature = tuple[int, int, int, int]
"""A file as it is on disk (inode, size, mtime, ctime in ns): any replacement or edit changes it."""


def signature(info: os.stat_result) -> Signature:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass
class WriteReport:
    """What a write has to say besides "done": e.g. the folder could not be synced (the data is there)."""

    warnings: list[str] = field(default_factory=list)
    landed: Signature | None = None
    """The signature of the file as written (what a reader will find unless someone changes it)."""


def _refuse_link(path: Path, error: OSError) -> StoreError:
    if error.errno in (errno.ELOOP, errno.ENOTDIR):
        is_link = os.path.islink(path)  # only to say what it is: nothing is opened through it
        return UnsafePathError(path, "is a symbolic link" if is_link else "is not a folder")
    if isinstance(error, PermissionError):
        return StoreError(f"cannot open {path}: permission denied")
    return StoreError(f"cannot open {path}: {error.strerror or error}")


def _refuse_root(root: Path, error: OSError) -> StoreError:
    """The store's own folder cannot be opened: `--store` named a file (a typo), or a folder of
    someone else's (said as for any folder inside; the root is opened through links, so no ELOOP)."""
    if error.errno == errno.ENOTDIR or (error.errno == errno.EEXIST and not root.is_dir()):
        return StoreError(f"{root} is not a folder: give --store the store's folder (see `okrtui where`)")
    return _refuse_link(root, error)


def _parts(root: Path, path: Path) -> tuple[str, ...]:
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise StoreError(f"{path} is outside the store {root}") from None
    if any(part in ("..", "") for part in relative.parts):
        raise StoreError(f"{path} is not a plain path inside the store")
    return relative.parts


@contextmanager
def open_folder(root: Path, folder: Path, *, create: bool = False) -> Iterator[int]:
    """A descriptor of `folder` (inside `root`), opened component by component without following links.

    With `create`, missing folders are made with the store's mode and group (setgid inherited).
    """
    try:
        fd = _open_root(root, create)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _refuse_root(root, error) from None
    try:
        where = root
        for part in _parts(root, folder):
            where = where / part
            child = _step(fd, part, where, create)
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _open_root(root: Path, create: bool) -> int:
    """The store's folder, made with the store's mode (setgid kept) when asked and missing."""
    try:
        return os.open(root, _DIR_FLAGS & ~os.O_NOFOLLOW)  # the root is the user's choice: may be a link
    except FileNotFoundError:
        if not create:
            raise
    os.makedirs(root, mode=DIR_MODE, exist_ok=True)
    fd = os.open(root, _DIR_FLAGS & ~os.O_NOFOLLOW)
    os.fchmod(fd, DIR_MODE | (os.fstat(fd).st_mode & stat.S_ISGID))
    return fd


def _step(parent: int, name: str, where: Path, create: bool) -> int:
    """Open the folder `name` inside the folder `parent`, creating it when asked."""
    try:
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                raise
        with suppress(FileExistsError):  # made a moment ago by another writer: open that one
            os.mkdir(name, DIR_MODE, dir_fd=parent)
        child = os.open(name, _DIR_FLAGS, dir_fd=parent)
        _adopt(child, parent, folder=True)
        return child
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _refuse_link(where, error) from None


def _adopt(fd: int, folder_fd: int, *, folder: bool = False) -> None:
    """Give a new file or folder the store's group and mode, on its descriptor, whatever the umask.

    The group is the parent folder's; a folder also gets the parent's setgid bit, so what is created
    inside it later gets the group from the kernel even when written by an older tool.
    """
    parent = os.fstat(folder_fd)
    mine = os.fstat(fd)
    if mine.st_gid != parent.st_gid:
        with suppress(PermissionError):  # not a member of the store's group: the doctor names the file
            os.fchown(fd, -1, parent.st_gid)
    mode = DIR_MODE if folder else FILE_MODE
    if folder and parent.st_mode & stat.S_ISGID:
        mode |= stat.S_ISGID
    os.fchmod(fd, mode)


def make_dir(folder: Path, root: Path | None = None) -> None:
    """Create `folder` (and the folders between it and `root`) with the store's mode and group."""
    with open_folder(root or folder.parent, folder, create=True):
        pass


def atomic_write(
    path: Path, payload: bytes, root: Path | None = None, *, create: bool = True, durable: bool = True
) -> WriteReport:
    """Replace `path` with `payload` so readers see the old file or the new one, never a part.

    Folders below `root` (default: the file's own folder) are never followed through a link, and
    the temp file is created exclusively, so a planted link can redirect nothing. A folder that
    cannot be fsynced after the rename is a warning: the data is in place. Without `durable`
    nothing is fsynced: for a file whose loss or damage in a crash costs nothing (a hint).
    """
    report = WriteReport()
    base = root if root is not None else path.parent
    with open_folder(base, path.parent, create=create) as folder:
        _refuse_special_target(folder, path)
        temp, fd = _temp_in(folder, path.name)
        try:
            try:
                _adopt(fd, folder)
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                if durable:
                    os.fsync(fd)
                ours = os.fstat(fd)
            finally:
                os.close(fd)
            try:
                os.replace(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            except FileNotFoundError:
                raise UnsafePathError(
                    path, "lost its new version: someone removed the temp file (nothing was saved)"
                ) from None
        except BaseException:
            _unlink_quietly(folder, temp)
            raise
        report.landed = _check_landed(folder, path, ours)
        try:
            if durable:
                os.fsync(folder)
        except OSError as error:
            report.warnings.append(f"saved {path}, but its folder could not be synced: {error.strerror}")
    return report


def _check_landed(folder: int, path: Path, ours: os.stat_result) -> Signature:
    """The file now at `path` must be the one written: a colleague who swapped the temp file for a
    link between its creation and the rename has broken the store, and the write did not happen."""
    now = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
    if (now.st_dev, now.st_ino) != (ours.st_dev, ours.st_ino):
        raise UnsafePathError(path, "was replaced by something else while being saved (nothing was saved)")
    return signature(now)


def _refuse_special_target(folder: int, path: Path) -> None:
    """The target may be missing or a regular file; a link, folder or device there is refused."""
    try:
        info = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise UnsafePathError(path, f"is {kind}")


def _temp_in(folder: int, name: str) -> tuple[str, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        temp = f".{name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"
        try:
            return temp, os.open(temp, flags, FILE_MODE, dir_fd=folder)
        except FileExistsError:
            continue
    raise StoreError(f"cannot create a temp file beside {name}")


def _unlink_quietly(folder: int, name: str) -> None:
    with suppress(OSError):
        os.unlink(name, dir_fd=folder)


def probe_folder(root: Path, folder: Path) -> None:
    """Prove a file can be created in `folder` (made if missing): a temp file, created and removed."""
    with open_folder(root, folder, create=True) as fd:
        temp, file_fd = _temp_in(fd, "probe")
        os.close(file_fd)
        _unlink_quietly(fd, temp)


def clean_stale_temps(root: Path, folder: Path) -> int:
    """Remove temp files a killed writer left. Call only while holding the store lock."""
    removed = 0
    try:
        with open_folder(root, folder) as fd:
            for name in os.listdir(fd):
                if name.startswith(".") and TEMP_MARK in name:
                    _unlink_quietly(fd, name)
                    removed += 1
    except (FileNotFoundError, StoreError):
        return removed
    return removed


def read_bytes(path: Path, root: Path | None = None, limit: int = MAX_STORE_FILE) -> bytes | None:
    """A store file's bytes; None when it does not exist. Links, devices and huge files are refused."""
    found = read_owned(path, root, limit)
    return None if found is None else found[0]


def read_owned(path: Path, root: Path | None = None, limit: int = MAX_STORE_FILE) -> tuple[bytes, int] | None:
    """A store file's bytes and the uid that owns it (whose word it is), as `read_bytes` reads them."""
    found = read_stat(path, root, limit)
    return None if found is None else (found[0], found[1].st_uid)


def read_stat(
    path: Path, root: Path | None = None, limit: int = MAX_STORE_FILE
) -> tuple[bytes, os.stat_result] | None:
    """A store file's bytes and its `fstat` taken before they were read (see `read_bytes`)."""
    base = root if root is not None else path.parent
    try:
        with open_folder(base, path.parent) as folder:
            try:
                fd = os.open(path.name, _READ_FLAGS, dir_fd=folder)
            except FileNotFoundError:
                return None
            except OSError as error:
                raise _refuse_link(path, error) from None
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise UnsafePathError(path, "is not a regular file")
                if info.st_nlink > 1:
                    raise UnsafePathError(path, "has other hard links")
                if info.st_size > limit:
                    raise UnreadableFileError(
                        path, f"it is {info.st_size:,} bytes, more than a store file holds"
                    )
                return _read_all(fd, limit, path), info
            finally:
                os.close(fd)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise UnreadableFileError(path, "permission denied") from None


def _read_all(fd: int, limit: int, path: Path) -> bytes:
    chunks = []
    size = 0
    while chunk := os.read(fd, 1 << 20):
        size += len(chunk)
        if size > limit:
            raise UnreadableFileError(path, "it grew past the size a store file holds while being read")
        chunks.append(chunk)
    return b"".join(chunks)


def list_folder(root: Path, folder: Path) -> list[str]:
    """The names in a store folder (none if it is missing), listed through its descriptor."""
    try:
        with open_folder(root, folder) as fd:
            return os.listdir(fd)
    except FileNotFoundError:
        return []


def signatures(root: Path, folder: Path, suffix: str) -> dict[str, Signature]:
    """The signature of each plain file named `*suffix` in a store folder (none if it is missing),
    without opening any: links, folders and hard-linked files are left out."""
    found: dict[str, Signature] = {}
    try:
        with open_folder(root, folder) as fd:
            for name in os.listdir(fd):
                if name.endswith(suffix) and not name.startswith("."):
                    with suppress(FileNotFoundError):
                        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                            found[name] = signature(info)
    except FileNotFoundError:
        return {}
    return found


def read_json(path: Path, root: Path | None = None) -> dict[str, Any] | None:
    """A store file's data, strictly checked and migrated to the current schema; None when missing.

    Anything but the exact shape okrtui writes (tables of objects under canonical decimal row keys,
    each record's `id` unique) is an unreadable file, which is then never written over.
    """
    return read_json_signed(path, root)[0]


def read_json_signed(path: Path, root: Path | None = None) -> tuple[dict[str, Any] | None, Signature | None]:
    """`read_json`, with the signature the file had when it was opened (None when missing)."""
    found = read_stat(path, root)
    if found is None:
        return None, None
    return _store_data(path, found[0]), signature(found[1])


def _store_data(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise UnreadableFileError(path, "it is not valid JSON (damaged or edited by hand?)") from None
    if not isinstance(data, dict):
        raise UnreadableFileError(path, "it is not an okrtui store file")
    for name, table in data.items():
        problem = _table_problem(table)
        if problem:
            raise UnreadableFileError(path, f"its {name!s:.40} table {problem}")
    return check_and_migrate(path, data)


@lru_cache(maxsize=4096)  # the same "1", "2", ... in every table of every file
def is_row_key(key: object) -> bool:
    """TinyDB row ids as okrtui writes them: ASCII decimal, no sign, no leading zero."""
    return isinstance(key, str) and 0 < len(key) <= 12 and key.isascii() and key.isdigit() and key[0] != "0"


def _table_problem(table: object) -> str | None:
    if not isinstance(table, dict):
        return "is not a table"
    ids: set[object] = set()
    for key, doc in table.items():
        if not is_row_key(key):
            return f"has a row key {key!r:.20} that is not a plain number"
        if not isinstance(doc, dict):
            return f"row {key} is not a record"
        record_id = doc.get("id")
        if record_id is not None:
            if not isinstance(record_id, str) or record_id in ids:
                return f"has two records with the id {record_id!r:.40}"
            ids.add(record_id)
    return None


class LockBusyError(StoreError):
    """Another okrtui holds the lock for longer than the timeout."""


class StoreLock:
    """The store-wide write lock: an `flock` on `.okrtui.lock`, opened without following links.

    One lock for the whole store makes a write that touches several files (an import: teams, then
    boards, then the cycle) one critical section. Reentrant within one object.
    """

    def __init__(self, root: Path, timeout: float, name: str = LOCK_NAME) -> None:
        self.root = root
        self.timeout = timeout
        self.name = name
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> StoreLock:
        if self._depth == 0:
            self._fd = self._acquire()
        self._depth += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None

    def _acquire(self) -> int:
        import fcntl

        path = self.root / self.name
        with open_folder(self.root, self.root, create=True) as folder:
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY | os.O_NONBLOCK
            try:
                fd = os.open(self.name, flags, FILE_MODE, dir_fd=folder)
            except OSError as error:
                reason = (
                    "is a symbolic link"
                    if error.errno == errno.ELOOP
                    else f"cannot be opened ({error.strerror})"
                )
                raise StoreError(f"cannot write to {self.root}: its lock file {path} {reason}") from None
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
                    raise UnsafePathError(path, "is not a plain lock file")
                if info.st_size == 0 and info.st_uid == os.geteuid():
                    _adopt(fd, folder)
            except BaseException:
                os.close(fd)
                raise
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockBusyError(
                        f"the store at {self.root} is busy (locked by another okrtui); try again"
                    ) from None
                time.sleep(0.02)

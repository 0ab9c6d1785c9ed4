"""Atomic file writes: a reader never sees a half-written output, even after Ctrl-C.

The temporary file comes from ``mkstemp``, which makes it private (0600); before it is
renamed into place it gets the mode any other tool would give a new file (0666 less the
umask), or the mode of the file it replaces, so letters and reports can be shared.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

# ".<name>.<writer's pid>.<random>.tmp"; files from before the pid was added have none.
_TEMP = re.compile(r"\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[^.]+\.tmp")


def _umask_at_import() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


_UMASK_AT_IMPORT = _umask_at_import()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), so
    threads creating files meanwhile are never exposed to a different one."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            match = re.search(r"^Umask:\s*([0-7]+)", status.read(), re.MULTILINE)
        if match:
            return int(match.group(1), 8)
    except OSError:
        pass
    return _UMASK_AT_IMPORT


def _new_file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)  # replacing a file: keep its mode
    except OSError:
        return 0o666 & ~current_umask()


def write_bytes_atomic(path: str | Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    ``mode``: the file's permissions (default: as a new file would get, or the replaced
    file's); the LLM response cache passes 0o600 to keep drafts of profiles private.
    The temporary file's name carries the writer's process id, so that a later run can
    tell the leftovers of a killed writer (``kill -9``) from another run's write in
    progress (``remove_stale_temps``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _new_file_mode(path) if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def remove_stale_temps(folder: Path, names: set[str]) -> int:
    """Delete the temporary files that writers of ``names`` in ``folder`` left behind
    when they were killed (their process is gone). Returns how many were removed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        found = _TEMP.fullmatch(entry.name)
        if found is None or found.group("name") not in names:
            continue
        pid = found.group("pid")
        if pid is not None and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or unknowable: leave its file alone
    return True

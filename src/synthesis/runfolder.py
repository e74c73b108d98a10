"""Run folders: claimed, locked, filled and replaced without ever touching a file the product did not create.

A run folder holds ``published/`` (safe to share), ``internal/`` and a record, ``.synthesis-run.json``,
listing every file the product wrote there. Only those files are ever replaced or removed:

- a folder that is not empty and has no record is someone else's, and is refused;
- a folder with a record is replaced only when asked (``--replace``); a default folder
  (``outputs/<date>_<name>``) that exists gets a new name instead (``..._2``);
- a lock file stops a second run writing into the same folder at the same time;
- leftover staging folders (``.staging-*``) of killed runs are removed when the folder is next used;
- a run that fails removes the briefing it was meant to replace and leaves ``FAILED.txt`` saying why,
  so a stale briefing can never pass as current.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from synthesis.errors import InputError

RECORD = ".synthesis-run.json"
LOCK = ".synthesis-run.lock"
FAILED = "FAILED.txt"
STAGING_PREFIX = ".staging-"


def _own_names() -> set[str]:
    return {RECORD, LOCK, FAILED}


def is_run_folder(folder: Path) -> bool:
    """Whether ``folder`` was made by this product (it holds the record)."""
    return (folder / RECORD).is_file()


def written_files(folder: Path) -> list[str]:
    """The files (relative paths) the product wrote into ``folder``, from its record."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = data.get("files", []) if isinstance(data, dict) else []
    return [f for f in files if isinstance(f, str) and not Path(f).is_absolute() and ".." not in Path(f).parts]


def claim(folder: Path, replace: bool = False, default: bool = False) -> Path:
    """The folder this run may write: ``folder`` itself, or for a default folder that exists, the next free name.

    Raises a one-line :class:`InputError` for a file, for a non-empty folder the product did not
    make, and for an earlier run's folder without ``replace``.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, "is a file, not a folder: choose another --out")
    if not folder.exists() or _holds_nothing(folder):
        return folder
    if default and not (replace and is_run_folder(folder)):
        n = 2
        while (candidate := folder.with_name(f"{folder.name}_{n}")).exists() and not _holds_nothing(candidate):
            n += 1
        return candidate
    if not is_run_folder(folder):
        raise InputError(folder, "is not empty and is not a folder this product made: choose another --out "
                                 "(nothing was changed)")
    if replace:
        return folder
    raise InputError(folder, "already holds a briefing: pass --replace to replace it, or choose another --out")


def _holds_nothing(folder: Path) -> bool:
    """Whether ``folder`` holds no file (empty folders, this product's own lock and record, and the staging
    folders a killed run left beside its lock, aside)."""
    ours = (folder / LOCK).is_file()
    return not any(p.is_file() and p.name not in _own_names()
                   and not (ours and p.relative_to(folder).parts[0].startswith(STAGING_PREFIX))
                   for p in folder.rglob("*"))


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration of a run; a second run gets a one-line error at once."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(folder, "another run is writing this folder now: wait for it to finish, "
                                     "or choose another --out") from None
        remove_staging(folder)
        yield
    finally:
        handle.close()


def remove_staging(folder: Path) -> None:
    """Remove staging folders left by killed runs (only ``.staging-*`` folders, which only this product makes)."""
    for path in folder.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def remove_written(folder: Path, prefixes: tuple[str, ...] = ("",)) -> None:
    """Remove the files the record lists under ``prefixes`` (and folders left empty); nothing else."""
    for rel in written_files(folder):
        if not rel.startswith(prefixes):
            continue
        path = folder / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
    for rel in sorted({str(Path(r).parent) for r in written_files(folder)}, key=len, reverse=True):
        parent = folder / rel
        while parent != folder and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def record(folder: Path, files: list[str]) -> None:
    """Write the record of what this run wrote (merged with what earlier parts of the same run wrote)."""
    from synthesis.export import write_json

    known = sorted(f for f in set(written_files(folder)) | set(files) if (folder / f).exists())
    write_json({"product": "synthesis", "files": known}, folder / RECORD)


def files_under(root: Path, folder: Path) -> list[str]:
    """Every file under ``folder``, relative to ``root``."""
    return sorted(str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file())


def mark_failed(folder: Path, message: str, prefixes: tuple[str, ...] = ("",)) -> None:
    """After a failed run: remove the published briefing it was to replace and say why in ``FAILED.txt``."""
    from synthesis.export import write_text

    remove_written(folder, prefixes)
    write_text(f"The last run into this folder failed, so its briefing was removed:\n{message}\n", folder / FAILED)
    record(folder, [FAILED])


def clear_failed(folder: Path) -> None:
    """Remove ``FAILED.txt`` of an earlier run once a run has succeeded."""
    (folder / FAILED).unlink(missing_ok=True)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (an output that would overwrite the input)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _columns_of(path: Path) -> list[str] | None:
    """The column names a table file starts with, or ``None`` when it cannot be read as a table."""
    import pandas as pd

    try:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)
        if suffix == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                first = handle.readline()
            return list(json.loads(first)) if first.strip() else []
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
        if suffix == ".xlsx":
            return list(pd.read_excel(path, nrows=0).columns)
    except Exception:  # unreadable: not one of ours
        return None
    return None


def check_output_file(path: Path, columns: list[str], input_path: Path | None = None) -> None:
    """Refuse to write a table over the input or over a file this product did not write.

    An existing file is taken as an earlier output of the same command only when its first columns are
    ``columns``; anything else is someone's file and is left alone, with a one-line error.
    """
    if input_path is not None and (same_file(path, input_path) or path.resolve() == input_path.resolve()):
        raise InputError(path, "is the input file: choose another --out (the responses were not touched)")
    if path.exists():
        if not path.is_file():
            raise InputError(path, "is not a regular file: choose another --out")
        found = _columns_of(path)
        if path.stat().st_size and (found is None or found[: len(columns)] != list(columns)):
            raise InputError(path, "exists and was not written by this command: choose another --out "
                                   "(the file was not touched)")

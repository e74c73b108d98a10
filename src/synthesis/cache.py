"""On-disk cache of per-answer extraction results, so a re-run only extracts what changed.

One SQLite database per *version key* under the cache folder (default ``.cache/synthesis/`` in
the current working directory; ``$SYNTHESIS_CACHE_DIR`` or ``cache_dir=`` override it). Inside it,
one row per distinct answer text: ``key`` = sha256 of the text, ``value`` = the findings of that
answer with offsets relative to the answer and no respondent or question id (zlib-compressed JSON,
never pickle, so a cache folder cannot run code).

The version key is a hash of everything that can change a result: the English model package and
its version, the spaCy and synthesis versions, the source of the extraction modules, the tool
list and the codebook (``version`` field *and* a hash of the file contents) and the other data
files the extraction and redaction read. Change any of them and a new, empty database is used;
old ones can simply be deleted.

Two runs side by side are safe: each opens its own connection, the database is in WAL mode
(readers never block the writer), writes are short ``BEGIN IMMEDIATE`` transactions of
``INSERT OR IGNORE`` (the same text always gives the same value, so whichever run writes first
wins and nothing is lost), and there are no temporary files of our own. WAL needs a local file
system: do not point the cache at a network share.

A cache heals: a database SQLite finds corrupt, a stored value that does not decode, or a truncated JSON
file is reported on stderr with its path, discarded and rebuilt, so a damaged cache costs one slower run,
never a failed one.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Bump when the stored form of a result changes.
CACHE_FORMAT = 1
ENV_VAR = "SYNTHESIS_CACHE_DIR"
DEFAULT_RELATIVE_DIR = Path(".cache") / "synthesis"

#: Modules whose source decides what one answer gives (hashed into the version key, so that a
#: code change during development never serves stale results under an unchanged version number).
EXTRACTION_MODULES = ("synthesis.extract", "synthesis.nlp", "synthesis.knowledge", "synthesis.redact")
#: Package data files that are not the tool list or the codebook but feed extraction/redaction.
EXTRA_DATA_FILES = ("first_names.txt", "surnames.txt", "east_asian_names.txt", "local_authorities.csv")

#: One answer's findings: ``{"mentions": {column: [values]}, "sentences": {column: [values]}}``.
AnswerResult = dict[str, dict[str, list[Any]]]

_LOOKUP_CHUNK = 500  # well under SQLite's limit on bound parameters
#: :meth:`AnswerCache.preload` reads the whole database into memory only up to this size on disk.
PRELOAD_MAX_BYTES = 64 * 1024 * 1024


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``path``, else ``$SYNTHESIS_CACHE_DIR``, else ``./.cache/synthesis``."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path.cwd() / DEFAULT_RELATIVE_DIR


def answer_key(text: str) -> str:
    """Cache key of one answer: the sha256 of its text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha(path: Path) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def module_sha(name: str) -> str:
    """sha256 of a module's source file (a package's: of all its modules), found without importing it;
    ``absent`` if not there."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return "absent"
    if spec.submodule_search_locations:  # a package: every module in it
        digest = hashlib.sha256()
        for path in sorted(Path(spec.origin).parent.glob("*.py")):
            digest.update(f"{path.name}:{file_sha(path)}\n".encode())
        return digest.hexdigest()
    return file_sha(Path(spec.origin))


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _yaml_version(path: Path) -> str:
    """The top-level ``version:`` of a tool list or codebook (read without the full validation)."""
    match = re.search(r"^version:[ \t]*['\"]?([^'\"\n#]*?)['\"]?[ \t]*(?:#.*)?$", path.read_text("utf-8"), re.M)
    return match.group(1).strip() if match else "unversioned"


def version_inputs(tools_path: str | Path | None = None, codebook_path: str | Path | None = None) -> dict[str, str]:
    """Everything the version key is made of, as a readable mapping (also stored in the database)."""
    import synthesis
    from synthesis.knowledge import DATA_DIR, DEFAULT_CODEBOOK, DEFAULT_TOOLS
    from synthesis.english import model_version

    tools = Path(tools_path) if tools_path is not None else DEFAULT_TOOLS
    codebook = Path(codebook_path) if codebook_path is not None else DEFAULT_CODEBOOK
    code = hashlib.sha256()
    for module in EXTRACTION_MODULES:
        code.update(f"{module}:{module_sha(module)}\n".encode())
    data = hashlib.sha256()
    for name in EXTRA_DATA_FILES:
        path = DATA_DIR / name
        data.update(f"{name}:{file_sha(path) if path.is_file() else 'absent'}\n".encode())
    return {
        "cache_format": str(CACHE_FORMAT),
        "model": model_version(),
        "spacy": _package_version("spacy"),
        "synthesis": f"{synthesis.__version__} ({_package_version('synthesis')})",
        "code": code.hexdigest(),
        "tools": f"{_yaml_version(tools)}:{file_sha(tools)}",
        "codebook": f"{_yaml_version(codebook)}:{file_sha(codebook)}",
        "data": data.hexdigest(),
    }


def version_key(inputs: Mapping[str, str]) -> str:
    """Short hash naming the database for one combination of ``version_inputs``."""
    blob = json.dumps(dict(inputs), sort_keys=True, ensure_ascii=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def encode(result: AnswerResult) -> bytes:
    """Compact, deterministic bytes for one answer's findings."""
    text = json.dumps(result, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 1)


def decode(blob: bytes) -> AnswerResult:
    """One answer's findings from their stored bytes; ``ValueError`` when the bytes are not such findings."""
    try:
        result = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, TypeError, ValueError) as exc:  # JSON and UTF-8 errors are ValueErrors
        raise ValueError(f"stored value does not decode ({type(exc).__name__})") from None
    if not (isinstance(result, dict) and isinstance(result.get("mentions"), dict)
            and isinstance(result.get("sentences"), dict)):
        raise ValueError("stored value is not an answer's findings")
    return result


def report_corrupt(path: str | os.PathLike[str], detail: object) -> None:
    """Say on stderr, in one line, that a cache file was corrupt and is being rebuilt."""
    print(f"{path}: warning: cache is corrupt ({detail}); discarded and rebuilt", file=sys.stderr, flush=True)


def _corrupt(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file itself is damaged ("malformed", "not a database"), not busy or misused."""
    return type(exc) is sqlite3.DatabaseError


def stored_path(kind: str, inputs: Mapping[str, str], folder: str | os.PathLike[str] | None = None) -> Path:
    """Where :func:`stored_json` keeps what was computed from ``inputs``: ``<cache folder>/<kind>/<key>.json``."""
    return cache_dir(folder) / kind / f"{version_key(inputs)}.json"


def stored_json(path: Path, compute: Callable[[], Any], parse: Callable[[Any], Any] | None = None) -> Any:
    """The JSON data at ``path`` if it is there; else ``compute()``, written there atomically (safe for runs
    side by side) and returned.

    ``parse`` turns the data into what is returned, raising ``ValueError``, ``KeyError`` or ``TypeError``
    when it is not what was stored. A file that does not parse (truncated, edited) is reported, discarded and
    computed again.
    """
    from synthesis.export import write_json

    parse = parse or (lambda data: data)
    if path.exists():
        try:
            return parse(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:  # JSON, UTF-8 and pydantic errors are ValueErrors
            report_corrupt(path, type(exc).__name__)
            path.unlink(missing_ok=True)
    data = compute()
    write_json(data, path)
    return parse(data)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic objects are built.

    Decoding results makes a container every few values; with the collector on, each few hundred of
    them trigger a collection, and the older generations hold every list already in the run's tables,
    so decoding costs several times more than the parsing itself. Nested pauses are fine: the collector
    is switched back on only by the pause that switched it off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class AnswerCache:
    """The per-answer results of one version key, in ``<folder>/<version key>.sqlite``.

    Use as a context manager, or call :meth:`close`. Not shared between threads or processes:
    each run opens its own.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, inputs: Mapping[str, str] | None = None,
                 *, timeout: float = 120.0):
        self.inputs = dict(inputs) if inputs is not None else version_inputs()
        self.key = version_key(self.inputs)
        self.folder = cache_dir(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{self.key}.sqlite"
        self._timeout = timeout
        self._blobs: dict[str, bytes] | None = None  # every stored value, once preload() has read them
        self._db = self._connect()
        self._healing(self._setup, lambda: None)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)

    def _healing(self, action: Callable[[], Any], after_heal: Callable[[], Any]) -> Any:
        """``action()``; if SQLite finds the database corrupt, report it, start an empty one and return
        ``after_heal()``."""
        try:
            return self._retry(action)
        except sqlite3.DatabaseError as exc:
            if not _corrupt(exc):
                raise
            self._discard(exc)
            return after_heal()

    def _discard(self, reason: object) -> None:
        """Replace a corrupt database (and its WAL files) by an empty one."""
        report_corrupt(self.path, reason)
        self._db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._db = self._connect()
        self._retry(self._setup)
        if self._blobs is not None:
            self._blobs = {}

    # -- set-up ---------------------------------------------------------------------------------

    def _retry(self, action, attempts: int = 50):
        """Run ``action``, waiting out the rare "database is locked" that escapes the busy timeout."""
        for attempt in range(attempts):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == attempts - 1:
                    raise
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                time.sleep(0.05 * (attempt + 1))
        return None

    def _setup(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.execute(
            "INSERT OR IGNORE INTO meta VALUES (?, ?)", ("version_inputs", json.dumps(self.inputs, sort_keys=True))
        )
        self._db.execute("COMMIT")

    # -- results --------------------------------------------------------------------------------

    def preload(self, max_bytes: int = PRELOAD_MAX_BYTES) -> bool:
        """Read every stored value (still encoded) into memory in one query, if the database is at
        most ``max_bytes``; later lookups are then dictionary look-ups. ``True`` if it did.

        Worth it when a run looks up a good share of the rows (each window reads its answers again).
        Results other runs store afterwards are not seen: they are extracted again, which is harmless.
        """
        size = self._healing(lambda: self._db.execute("PRAGMA page_count").fetchone()[0]
                             * self._db.execute("PRAGMA page_size").fetchone()[0], lambda: 0)
        if size > max_bytes:
            return False
        self._blobs = dict(self._healing(lambda: self._db.execute("SELECT key, value FROM results").fetchall(), list))
        return True

    def get_many(self, keys: Iterable[str]) -> dict[str, AnswerResult]:
        """The stored results among ``keys`` (missing keys are simply absent)."""
        wanted = list(dict.fromkeys(keys))
        if self._blobs is not None:
            rows = [(key, self._blobs[key]) for key in wanted if key in self._blobs]
        else:
            rows = []
            for chunk in _chunks(wanted, _LOOKUP_CHUNK):
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM results WHERE key IN ({marks})"
                rows += self._healing(lambda: self._db.execute(query, chunk).fetchall(), list)
        found, bad = {}, []
        with gc_paused():
            for key, blob in rows:
                try:
                    found[key] = decode(blob)
                except ValueError:
                    bad.append(key)
        if bad:
            self._drop(bad)
        return found

    def _drop(self, keys: list[str]) -> None:
        """Delete stored values that do not decode, so they are extracted and stored again."""
        report_corrupt(self.path, f"{len(keys)} stored value(s) do not decode")
        if self._blobs is not None:
            for key in keys:
                self._blobs.pop(key, None)

        def delete() -> None:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM results WHERE key = ?", [(k,) for k in keys])
            self._db.execute("COMMIT")

        self._healing(delete, lambda: None)

    def put_many(self, results: Mapping[str, AnswerResult]) -> int:
        """Store results (one short transaction); keys already there are left as they are."""
        if not results:
            return 0
        rows = [(key, encode(value)) for key, value in results.items()]
        if self._blobs is not None:
            self._blobs.update(rows)

        def write() -> int:
            self._db.execute("BEGIN IMMEDIATE")
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO results VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
            return self._db.total_changes - before

        return self._healing(write, lambda: self._retry(write))

    def __len__(self) -> int:
        return self._healing(lambda: self._db.execute("SELECT count(*) FROM results").fetchone()[0], lambda: 0)

    # -- metadata (the column types of the assembled tables) -------------------------------------

    def get_meta(self, name: str) -> Any:
        row = self._healing(lambda: self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone(),
                            lambda: None)
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            return None  # a damaged entry is as good as none: the caller computes it again and sets it

    def set_meta(self, name: str, value: Any) -> None:
        text = json.dumps(value, sort_keys=True)

        def write() -> None:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, text))
            self._db.execute("COMMIT")

        self._healing(write, lambda: self._retry(write))

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "AnswerCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

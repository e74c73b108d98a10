"""Extraction on an existing Dask ``distributed`` cluster.

The answers are cut into chunks of a few hundred; each chunk is one task. A worker builds the
spaCy pipeline once (a module-level cache in the worker process, reused by every task it runs)
and returns one result per answer, offsets relative to the answer. The client keeps a bounded
number of tasks in flight and yields the results in the order of the answers, so the output is
identical to a local run and memory stays flat however many answers there are.

A custom tool list or codebook is passed to the workers by path (it must exist there too).
Workers need this package and the English model installed, at the same versions as the client:
:class:`ClusterExtractor` checks the version key of every worker before it sends any work, so a
worker with other code or another tool list can never write wrong results into the cache.

See ``docs/scaling.md`` for starting a scheduler and workers, and when a cluster is worth it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from synthesis.cache import AnswerResult

#: Answers per task: large enough to amortise scheduling (~1 ms a task), small enough to balance.
CHUNK_SIZE = 250
#: Tasks in flight per worker thread (bounds client memory, keeps every worker busy).
IN_FLIGHT_PER_THREAD = 3

_PIPELINES: dict[tuple[str | None, str | None], Any] = {}  # per worker process


def worker_pipeline(tool_list: str | None = None, codebook: str | None = None) -> Any:
    """The pipeline of this (worker) process for a tool list and codebook, built on first use."""
    key = (tool_list, codebook)
    if key not in _PIPELINES:
        from synthesis.nlp import build_pipeline

        _PIPELINES[key] = build_pipeline(tool_list=tool_list, codebook=codebook)
    return _PIPELINES[key]


def extract_chunk(texts: Sequence[str], tool_list: str | None = None, codebook: str | None = None) -> list[AnswerResult]:
    """Task body: the findings of each text (:func:`synthesis.extract.analyse_texts`)."""
    from synthesis.extract import analyse_texts

    return analyse_texts(list(texts), worker_pipeline(tool_list, codebook))


def worker_versions(tool_list: str | None = None, codebook: str | None = None) -> dict[str, str]:
    """The cache version inputs as a worker sees them (run on every worker before work is sent)."""
    from synthesis.cache import version_inputs

    return version_inputs(tool_list, codebook)


def _connect(address: Any):
    from distributed import Client

    if hasattr(address, "submit"):  # already a Client
        return address, False
    if hasattr(address, "scheduler_address"):  # a LocalCluster or similar
        address = address.scheduler_address
    return Client(address, timeout="30s", set_as_default=False), True


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def map_ordered(
    client: Any,
    items: Sequence[str],
    chunk_size: int = CHUNK_SIZE,
    in_flight: int | None = None,
    progress: Callable[[int], None] | None = None,
    knowledge: tuple[str | None, str | None] = (None, None),
) -> Iterator[list[AnswerResult]]:
    """Run :func:`extract_chunk` over ``items`` in chunks; yield each chunk's output in order.

    At most ``in_flight`` tasks exist at once (default: 3 per worker thread), so neither the client
    nor the scheduler ever holds all the results.
    """
    if in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        in_flight = max(2, IN_FLIGHT_PER_THREAD * threads)
    pending: deque = deque()
    chunks = iter(_chunks(items, chunk_size))
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                break
            future = client.submit(extract_chunk, list(chunk), *knowledge, pure=False)
            pending.append((future, len(chunk)))
        if not pending:
            return
        future, n = pending.popleft()
        output = future.result()
        future.release()
        if progress is not None:
            progress(n)
        yield output


class ClusterExtractor:
    """Callable used by :func:`synthesis.scale.run_extraction` when ``scheduler`` is given."""

    def __init__(self, address: Any, check_versions: Mapping[str, str] | None = None,
                 chunk_size: int = CHUNK_SIZE, tool_list: str | None = None, codebook: str | None = None):
        self.client, self._owned = _connect(address)
        self.chunk_size = chunk_size
        self.knowledge = (tool_list, codebook)
        self._checked = False
        self._expected = dict(check_versions) if check_versions is not None else None

    def check(self) -> None:
        """Refuse to run on workers whose code, model, tool list or codebook differ from ours."""
        if self._checked:
            return
        if not self.client.scheduler_info().get("workers"):
            raise RuntimeError(f"the Dask scheduler at {self.client.scheduler.address} has no workers")
        if self._expected is not None:
            for worker, inputs in self.client.run(worker_versions, *self.knowledge).items():
                different = sorted(k for k in self._expected if inputs.get(k) != self._expected[k])
                if different:
                    raise RuntimeError(
                        f"Dask worker {worker} differs from this machine in: {', '.join(different)} "
                        "(install the same synthesis package, model, tool list and codebook there)"
                    )
        self._checked = True

    def __call__(self, texts: list[str], progress: Callable[[int], None]) -> list[AnswerResult]:
        self.check()
        results: list[AnswerResult] = []
        for chunk_results in map_ordered(self.client, texts, self.chunk_size, progress=progress, knowledge=self.knowledge):
            results.extend(chunk_results)
        return results

    def close(self) -> None:
        if self._owned:
            self.client.close()


def extract_on_cluster(
    answers: Iterable[tuple[str, str, str]] | Iterable[str],
    address: Any,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> list[AnswerResult]:
    """Per-answer results for ``answers`` extracted on the cluster at ``address``, in order.

    ``answers`` are ``(respondent_id, question_id, text)`` tuples (or plain texts); ``address`` is a
    scheduler address (``tcp://host:8786``), a ``LocalCluster`` or a ``Client``.
    """
    texts = [a if isinstance(a, str) else a[2] for a in answers]
    extractor = ClusterExtractor(address, chunk_size=chunk_size)
    try:
        results = extractor(texts, progress or (lambda n: None))
    finally:
        extractor.close()
    return results

"""The store-wide index of claim vectors: the claims nearest a quote in meaning.

numpy's exact search (matching.nearest) serves one speaker's claims; across the
whole store the quote check asks an approximate index, hnswlib's HNSW graph on
inner products (the vectors are unit length: the product is the cosine).

- Built from the stored vectors (Claim.embedding), labelled by claim id.
- Kept current: before each search the process reads the claims embedded since
  its last look (Claim.embedded_at, set wherever a vector is stored) and adds them;
  a claim embedded again (its words changed) has its vector replaced. A read
  goes back SLACK before the last one, so that a transaction that committed late
  is not missed; it is one query on an index, a millisecond when little is new.
- Persisted: `save` writes the graph and the time it is current to, under
  settings.VAR_DIR; a process starting loads that and catches up rather than
  rebuilding (`manage.py index_claims` builds and saves it; a store of a
  million claims takes minutes to build, seconds to load).

The index only proposes: callers read the proposed claims from the database and
score them on the vectors stored there, so that a claim deleted, re-parsed or
embedded anew since the index last looked is never answered from a stale vector.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from attribution import embeddings
from attribution.models import Claim

SPACE = "ip"
M = 16  # graph links per node: hnswlib's default, good recall at 384 dimensions
EF_CONSTRUCTION = 100
EF_SEARCH = 100  # candidates kept while searching: recall against time
SLACK = timedelta(minutes=2)
_READ_BATCH = 5_000  # vectors added to the graph at a time
_START = 1_024  # room first made; doubled when full


@dataclass
class _Index:
    graph: Any
    database: str
    current_to: datetime | None = None  # when the last read started
    recent: dict[int, datetime] = field(default_factory=dict)  # read, within SLACK


_lock = threading.Lock()
_index: _Index | None = None


def nearest(vector: embeddings.Vectors, k: int) -> list[tuple[int, float]]:
    """(claim id, cosine) of the k claims closest to `vector`, best first, from
    the index as current as the last catch-up. Claim ids may be stale (deleted,
    re-embedded): the caller reads them from the database."""
    with _lock:
        index = _current()
        count = index.graph.get_current_count()
        if not count or k <= 0:
            return []
        k = min(k, count)
        index.graph.set_ef(max(EF_SEARCH, k))
        labels, distances = index.graph.knn_query(vector, k=k)
    # hnswlib's "ip" distance is 1 - inner product
    return [
        (int(label), 1.0 - float(distance))
        for label, distance in zip(labels[0], distances[0], strict=True)
    ]


def rebuild() -> int:
    """Build the index afresh from every stored vector and save it; returns its size."""
    global _index
    with _lock:
        _index = _Index(_graph(_START), _database())
        _catch_up(_index, threads=-1)
        save(_index)
        return int(_index.graph.get_current_count())


def forget() -> None:
    """Drop this process's index (tests, and a database emptied under it)."""
    global _index
    with _lock:
        _index = None


def _current() -> _Index:
    """This process's index, loaded or built on first use, caught up."""
    global _index
    if _index is None or _index.database != _database():
        _index = _loaded() or _Index(_graph(_START), _database())
    _catch_up(_index)
    return _index


def _catch_up(index: _Index, threads: int = 1) -> None:
    """Add the vectors of claims embedded since the index last looked.

    A claim's stamp is taken before its transaction commits, by at most SLACK,
    so a claim not seen by the last read has a stamp after that read's time less
    SLACK: those are read, less the ones that read saw (unless stamped again
    since). One query; few rows when nothing is new.
    """
    started = timezone.now()
    rows = Claim.objects.filter(embedding__isnull=False, embedded_at__isnull=False)
    if index.current_to is not None:
        rows = rows.filter(embedded_at__gt=index.current_to - SLACK).filter(
            Q(embedded_at__gt=index.current_to) | ~Q(pk__in=sorted(index.recent))
        )
    # Pages of plain queries by id, not a server-side cursor (three round trips
    # and a held copy of the result before each quote check, when nothing is new
    # most times): one query when fewer than a page are new.
    cut = started - SLACK
    recent = {pk: at for pk, at in index.recent.items() if at > cut}
    after = 0
    while True:
        page = list(
            rows.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "embedded_at", "embedding")[:_READ_BATCH]
        )
        recent |= {pk: at for pk, at, _ in page if at > cut}
        _add(index, [(pk, vector) for pk, _, vector in page], threads)
        if len(page) < _READ_BATCH:
            break
        after = page[-1][0]
    index.current_to, index.recent = started, recent


def _add(index: _Index, rows: list[tuple[int, bytes]], threads: int) -> None:
    if not rows:
        return
    graph = index.graph
    needed = graph.get_current_count() + len(rows)
    if needed > graph.get_max_elements():
        graph.resize_index(max(needed, 2 * graph.get_max_elements()))
    vectors = np.frombuffer(b"".join(bytes(v) for _, v in rows), dtype="<f4")
    vectors = vectors.reshape(len(rows), embeddings.DIMENSIONS)
    labels = np.array([pk for pk, _ in rows], dtype=np.uint64)
    graph.add_items(vectors.astype(np.float32), labels, num_threads=threads)


def _graph(capacity: int) -> Any:
    graph = hnswlib.Index(space=SPACE, dim=embeddings.DIMENSIONS)
    graph.init_index(max_elements=capacity, ef_construction=EF_CONSTRUCTION, M=M)
    graph.set_ef(EF_SEARCH)
    return graph


def _database() -> str:
    return str(connection.settings_dict["NAME"])


# Persistence ------------------------------------------------------------------------


def _folder() -> Path:
    return Path(settings.VAR_DIR) / "claim-vectors"


def save(index: _Index) -> Path:
    """Write the graph under a fresh name, then point the manifest at it (an atomic
    rename), so that a process loading meanwhile reads one whole index."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.hnsw"
    index.graph.save_index(str(folder / name))
    manifest = {
        "file": name,
        "database": index.database,
        "current_to": index.current_to.isoformat() if index.current_to else None,
        "dimensions": embeddings.DIMENSIONS,
    }
    partial = folder / f"manifest.{name}.json"
    partial.write_text(json.dumps(manifest))
    partial.replace(folder / "manifest.json")
    for old in folder.glob("*.hnsw"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return folder / name


def _loaded() -> _Index | None:
    """The saved index, when it is of this database; None when there is none."""
    folder = _folder()
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest["database"] != _database():
            return None
        if manifest["dimensions"] != embeddings.DIMENSIONS:
            return None
        graph = hnswlib.Index(space=SPACE, dim=embeddings.DIMENSIONS)
        graph.load_index(str(folder / manifest["file"]), allow_replace_deleted=False)
    except (OSError, ValueError, KeyError, RuntimeError):
        return None
    graph.set_ef(EF_SEARCH)
    current_to = manifest["current_to"]
    return _Index(
        graph,
        manifest["database"],
        datetime.fromisoformat(current_to) if current_to else None,
    )

"""Ingest throughput: articles parsed per minute by 1, then 2, Celery workers.

Generates N articles from seeds/ (paragraphs reordered and a closing line added, so
that no two share a content hash). For each worker count it empties the database,
starts that many `celery worker` processes (one pool process each, as deployed) on
Redis, lets each parse one warm-up article (loading spaCy), then submits the N
articles through services.article_create (saved, enqueued on commit, as the API
does) and times from the first submission until the last article is parsed. Prints
articles per minute for each count and the scaling ratio, with the mean seconds
per article spent extracting (spaCy and the rules: `extract s`) and in the whole
job, from claiming the article to its claims stored and clustered (`job s`).

    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/ingest.py
    .venv/bin/python bench/ingest.py --articles 40      # a quick check
    .venv/bin/python bench/ingest.py --queries --articles 200 [--varied]

With --queries no workers start: the articles are parsed in this process, one after
the other, first by the code of --baseline (a git revision, default c8caf7e, before
issue 19's ingest work; run in a child process from an export of that revision)
and then by this tree's, each on an emptied database. It prints queries per
article (mean and most), and the share of each job spent storing and clustering
(the job's time less the extraction's), old then new, and the ratios. --varied
writes articles of real-length paragraphs from bench/corpus.py's bigram chain with
made-up speakers, instead of copies of the seeds.

With --memory one worker (one pool process) parses the N articles twice, first as
the app sent them before batching (a task per article, the pool process never
replaced) and then as `manage.py ingest` sends them now (services.
articles_parse_together: ATTRIBUTION_PARSE_BATCH_SIZE articles a task, the pool
process replaced when its peak passes 300 MiB, CELERY_WORKER_MAX_MEMORY_PER_CHILD).
It prints the resident
memory of the pool process and of the worker's main process when the worker is
ready and warm, and after 100, 500 and 1,000 articles (every --every), with the
articles per minute of each run:

    .venv/bin/python bench/ingest.py --memory --articles 1000 --varied

The database is BENCH_INGEST_DATABASE_URL (default: attribution_bench_ingest on the
local PostgreSQL), created and migrated when missing; everything in it is deleted.
The tasks go to a queue of the bench's own (BENCH_INGEST_QUEUE) on
CELERY_BROKER_URL (default: Redis database 0 on this machine), Redis or RabbitMQ:

    CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// \\
        .venv/bin/python bench/ingest.py
"""

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_database import baseline_unpack, ensure_database, run_before_and_after

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# BENCH_INGEST_QUEUE keeps two benches on one broker (one RabbitMQ) apart.
QUEUE = os.environ.get("BENCH_INGEST_QUEUE", "attribution-bench-ingest")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/attribution_bench_ingest"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    parser.add_argument("--queries", action="store_true", help="in process, counted")
    parser.add_argument("--varied", action="store_true", help="bigram articles")
    parser.add_argument("--memory", action="store_true", help="worker RSS, 1 worker")
    parser.add_argument("--every", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--baseline", default="c8caf7e", help="git revision")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.queries and not args.inner:
        sys.exit(_queries_compare(args))

    database = os.environ.get("BENCH_INGEST_DATABASE_URL", DEFAULT_DATABASE)
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    if not broker.startswith(("redis://", "amqp://")):
        sys.exit("CELERY_BROKER_URL must be a Redis or RabbitMQ (amqp://) URL")
    ensure_database(database)
    os.environ.update(
        DATABASE_URL=database,
        CELERY_BROKER_URL=broker,
        CELERY_QUEUE=QUEUE,
        DJANGO_SETTINGS_MODULE="attribution.settings",
        LOG_LEVEL="WARNING",
    )
    # The settings refuse to load without a key when DEBUG is off.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.queries:
        _queries_run(
            _varied(args.articles) if args.varied else _generate(args.articles)
        )
        return
    if args.memory:
        _memory_compare(args)
        return
    texts = _generate(args.articles)
    warm_ups = _generate(max(args.workers), first=args.articles)
    words = sum(len(a["text"].body.split()) for a in texts) / len(texts)
    print(
        f"{len(texts)} articles of {words:.0f} words on average, from "
        f"{len(_seeds())} seeds; database {database.rsplit('/', 1)[1]}, "
        f"broker {broker}, queue {QUEUE}"
    )
    print(
        f"{'workers':>7} {'articles/min':>12} {'wall s':>8} {'submit s':>8} "
        f"{'extract s':>9} {'job s':>7} {'claims':>7} {'failed':>6}"
    )
    rates = {}
    for count in args.workers:
        rates[count] = _run(count, texts, warm_ups[:count], args.timeout)
    if len(rates) > 1:
        low, high = min(rates), max(rates)
        print(
            f"scaling {low} -> {high} workers: {rates[high] / rates[low]:.2f}x "
            f"({os.cpu_count()} CPUs on this machine)"
        )


def _seeds() -> list[tuple[str, dict]]:
    seeds = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        sidecar = path.with_suffix(".json")
        meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
        seeds.append((path.read_text(), meta))
    return seeds


def _generate(count: int, first: int = 0) -> list[dict]:
    """article_create's arguments for `count` distinct articles made from the seeds:
    paragraphs after the first reordered, a closing line numbering the copy."""
    from attribution import ingestion

    seeds = _seeds()
    articles = []
    for n in range(first, first + count):
        body, meta = seeds[n % len(seeds)]
        lead, *rest = [p for p in body.split("\n\n") if p.strip()]
        random.Random(n).shuffle(rest)
        edition = f"This report appeared in edition {n} of the bench digest."
        articles.append(
            {
                "text": ingestion.from_text("\n\n".join([lead, *rest, edition])),
                "title": f"{meta.get('title', 'Bench article')} (#{n})",
                "publisher": meta.get("publisher", ""),
            }
        )
    return articles


def _varied(count: int) -> list[dict]:
    """Articles of 8-14 paragraphs from the bigram chain, each with 3-12 quotes
    by speakers drawn from a pool of 300 made-up people (so that later articles
    meet speakers and statements the store already holds)."""
    import corpus

    from attribution import ingestion

    rng = random.Random(19)
    words = corpus.chain()
    pool = corpus.names()
    people = [f"{rng.choice(pool)} {rng.choice(pool)}" for _ in range(300)]
    roles = ["a council member", "the minister", "a spokeswoman", "the chief"]
    articles = []
    for n in range(count):
        paragraphs = []
        for _ in range(rng.randint(8, 14)):
            text = words.sentence(rng, pool, rng.randint(12, 30)).rstrip(",;:")
            if rng.random() < 0.6:
                person = rng.choice(people)
                text = f'"{text}," said {person}, {rng.choice(roles)}.'
            else:
                text += "."
            paragraphs.append(text)
        articles.append(
            {
                "text": ingestion.from_text("\n\n".join(paragraphs)),
                "title": f"Varied bench article {n}",
                "publisher": "",
            }
        )
    return articles


def _queries_compare(args) -> int:
    """Run the counted in-process bench with the baseline's code, then this tree's."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-base-") as base:
        # The baseline parses with this tree's bench (its articles), old services.
        keep = [
            f"bench/{name}" for name in ("ingest.py", "corpus.py", "bench_database.py")
        ]
        baseline_unpack(args.baseline, base, ["attribution", "bench", "seeds"], keep)
        inner = [*sys.argv[1:], "--inner"]
        return run_before_and_after(args.baseline, base, "bench/ingest.py", inner)


def _queries_run(texts: list) -> None:
    """Parse the articles here, one by one, counting each job's queries and time."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from attribution import services
    from attribution.models import Article, Claim

    call_command("flush", "--noinput", verbosity=0)
    services.extractor_get()  # the pipeline's first load is no article's cost
    counts, claims, jobs, extracts = [], [], [], []
    with _not_enqueued():
        for article in texts:
            pk = services.article_create(**article)[0].pk
            connection.queries_log.clear()  # it keeps only the last 9,000
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                services.article_extract_claims(article_id=pk)
            jobs.append(time.perf_counter() - started)
            row = Article.objects.values_list("parse_seconds", "status").get(pk=pk)
            extracts.append(row[0] or 0.0)
            counts.append(len(queries))
            claims.append(Claim.objects.filter(article_id=pk).count())
    share = 1 - sum(extracts) / sum(jobs)
    per = [q / max(c, 1) for q, c in zip(counts, claims, strict=True)]
    print(
        f"{len(texts)} articles, {sum(claims) / len(claims):.1f} claims each: "
        f"queries per article mean {sum(counts) / len(counts):.1f}, "
        f"most {max(counts)} (at {claims[counts.index(max(counts))]} claims), "
        f"per claim {sum(per) / len(per):.2f}; job {sum(jobs) / len(jobs):.3f} s, "
        f"storing+clustering {share:.1%} of it",
        flush=True,
    )


class _not_enqueued:
    """Nothing enqueued while the bench parses in process (no worker listens)."""

    def __enter__(self):
        from attribution import services

        self._saved = services.article_enqueue_parse
        services.article_enqueue_parse = lambda **_: False
        return self

    def __exit__(self, *exc):
        from attribution import services

        services.article_enqueue_parse = self._saved


def _run(count: int, texts: list, warm_ups: list, timeout: float) -> float:
    from django.core.management import call_command
    from django.db.models import Avg, Count, F

    from attribution import services
    from attribution.models import Article, Claim

    call_command("flush", "--noinput", verbosity=0)
    _purge_queue()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as logs:
        workers = [_start_worker(i, Path(logs)) for i in range(count)]
        try:
            for _, log in workers:
                _wait(lambda log=log: " ready." in log.read_text(), 120, workers)
            warm = [services.article_create(**a)[0].pk for a in warm_ups]
            _wait(lambda: _finished(warm) == len(warm), 300, workers)

            started = time.perf_counter()
            ids = [services.article_create(**a)[0].pk for a in texts]
            submitted = time.perf_counter() - started
            _wait(lambda: _finished(ids) == len(ids), timeout, workers)
            wall = time.perf_counter() - started
        finally:
            for worker, _ in workers:
                _stop(worker)
    done = Article.objects.filter(pk__in=ids)
    means = done.aggregate(
        extract=Avg("parse_seconds"), job=Avg(F("parsed_at") - F("parse_started_at"))
    )
    failed = done.filter(status=Article.Status.FAILED).count()
    claims = Claim.objects.filter(article__in=ids).aggregate(n=Count("id"))["n"]
    rate = len(ids) / wall * 60
    print(
        f"{count:>7} {rate:>12.1f} {wall:>8.1f} {submitted:>8.1f} "
        f"{means['extract'] or 0:>9.3f} {means['job'].total_seconds():>7.3f} "
        f"{claims:>7} {failed:>6}",
        flush=True,
    )
    return rate


def _memory_compare(args) -> None:
    """Worker memory over N articles: sent one by one, then in batches."""
    texts = _varied(args.articles) if args.varied else _generate(args.articles)
    marks = sorted({m for m in args.every if m <= len(texts)} | {len(texts)})
    print(
        f"{len(texts)} {'varied' if args.varied else 'seed-copy'} articles, one worker"
        " (one pool process); resident memory in MiB, pool process / main process"
    )
    print(f"{'run':<34} {'warm':>9} " + " ".join(f"{m:>9}" for m in marks), end="")
    print(f" {'art/min':>8} {'replaced':>8}")
    runs = [
        ("a task per article, never replaced", False, {"MAX_MEMORY_KIB": "0"}),
        ("batched, replaced past 300 MiB", True, {"MAX_MEMORY_KIB": "307200"}),
    ]
    for label, together, env in runs:
        _memory_run(label, texts, marks, together, env, args.timeout)


def _memory_run(
    label: str, texts: list, marks: list[int], together: bool, env: dict, timeout
) -> None:
    from django.core.management import call_command

    from attribution import services

    call_command("flush", "--noinput", verbosity=0)
    _purge_queue()
    overrides = {}
    if "MAX_MEMORY_KIB" in env:
        overrides["CELERY_WORKER_MAX_MEMORY_PER_CHILD"] = env["MAX_MEMORY_KIB"]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as logs:
        worker = _start_worker(0, Path(logs), overrides)
        pools: set[int] = set()
        try:
            _wait(lambda: " ready." in worker[1].read_text(), 120, [worker])
            warm = [services.article_create(**a)[0].pk for a in _generate(1, 10**6)]
            _wait(lambda: _finished(warm) == 1, 300, [worker])
            figures = [_rss(worker[0].pid, pools)]
            started = time.perf_counter()
            ids = []
            if together:
                with services.articles_parse_together():
                    ids = [services.article_create(**a)[0].pk for a in texts]
            else:
                ids = [services.article_create(**a)[0].pk for a in texts]
            for mark in marks:
                _wait(lambda m=mark: _finished(ids) >= m, timeout, [worker])
                figures.append(_rss(worker[0].pid, pools))
            wall = time.perf_counter() - started
        finally:
            _stop(worker[0])
    cells = " ".join(f"{pool:>4.0f}/{main:<4.0f}" for pool, main in figures)
    rate = len(texts) / wall * 60
    print(f"{label:<34} {cells} {rate:>8.1f} {len(pools) - 1:>8}", flush=True)


def _rss(main: int, pools: set[int]) -> tuple[float, float]:
    """Resident MiB of the worker's pool process (the largest, if several) and of
    its main process; notes the pool processes' ids seen."""
    children = Path(f"/proc/{main}/task/{main}/children").read_text().split()
    pools.update(int(pid) for pid in children)
    pool = max((_rss_of(int(pid)) for pid in children), default=0.0)
    return pool, _rss_of(main)


def _rss_of(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:  # the pool process was just replaced
        return 0.0
    line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _finished(ids: list[int]) -> int:
    from attribution.models import Article

    done = [Article.Status.PARSED, Article.Status.FAILED]
    return Article.objects.filter(pk__in=ids, status__in=done).count()


def _start_worker(
    index: int, logs: Path, env: dict | None = None
) -> tuple[subprocess.Popen, Path]:
    log = logs / f"worker-{index}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "attribution",
                "worker",
                "--hostname",
                f"bench-{index}@%h",
                "--queues",
                f"{QUEUE},{QUEUE}.feeds",  # the feed tasks' queue too (settings)
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env={**os.environ, "LOG_LEVEL": "INFO", **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait(check, timeout: float, workers) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        for process, log in workers:
            if process.poll() is not None:
                sys.exit(f"a worker exited:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            sys.exit(f"not done within {timeout} s")
        time.sleep(0.25)


def _purge_queue() -> None:
    """Empty the bench's queue on Redis or RabbitMQ (one never declared is empty)."""
    from kombu.exceptions import ChannelError, OperationalError

    from attribution.celery import app

    for queue in (QUEUE, f"{QUEUE}.feeds"):
        # A fresh channel each: RabbitMQ closes one that named an undeclared queue.
        with (
            app.connection_for_write() as connection,
            contextlib.suppress(ChannelError, OperationalError),  # no queue yet
        ):
            connection.default_channel.queue_purge(queue)


if __name__ == "__main__":
    main()

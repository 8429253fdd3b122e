"""What alerts add to an article's parse job, and how soon a webhook hears of it.

Fills a PostgreSQL database with generated claims (bench/api.py's generator, once),
makes --watchlists watchlists of mixed kinds (speakers, outlets, statements, saved
searches) for 20 users, each user with a webhook to a local receiver, then parses
--articles new articles in-process, one at a time, timing in the same run for each:
the parse job (services.article_extract_claims, the baseline), the matching
(alert_services.article_alerts_produce) and the webhook deliveries it caused
(alert_services.deliveries_send, one call per task the commit enqueued, as the
worker makes: one for every webhook since deliveries post to several at once, one
per webhook before).
Prints the extra time as a share of the parse job (and the deliveries' CPU time in
this process, the rest being the wait on the receiver), and the time from the
alerts' commit to the receiver's answer (p50, p99).

With --batch the webhooks take batches (one POST for the deliveries sent
together); code from before batches has none, and sends one POST each.

The articles' and searches' words come from --words topic words: with the 8 of
the first version every two-word search matches nearly every article (about 160
alerts an article, the worst case); all 89 give a few alerts an article, nearer a
newsroom's varied copy. The watchlists are made once per database: give each
--words its own BENCH_DATABASE_URL.

Deliveries are sent in this process straight after the commit, not through a
broker and a worker: the latency excludes queueing. The receiver runs in a
process of its own.

With --baseline REV it runs twice, on one database: first with REV's code (this
tree's bench and receiver), then with this tree's.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/attr_alerts_bench \\
        .venv/bin/python bench/alerts.py --claims 100000 --watchlists 1000
"""

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_database import baseline_unpack, django_on_database, run_before_and_after

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = [
    "Maria Okafor",
    "Oskar Lind",
    "Lena Brandt",
    "Tomas Novak",
    "Aisha Rahman",
    "Pedro Alves",
    "Ingrid Berg",
    "Kenji Sato",
    "Fatima Diallo",
    "Jonas Weber",
]
WORDS = ["harbour", "strike", "wages", "bridge", "flood", "council", "talks", "aid"]
MORE_WORDS = [
    "budget",
    "tariff",
    "election",
    "vaccine",
    "drought",
    "pension",
    "railway",
    "tunnel",
    "reactor",
    "mine",
    "dam",
    "harvest",
    "ferry",
    "airport",
    "hospital",
    "school",
    "court",
    "prison",
    "border",
    "treaty",
    "ceasefire",
    "refinery",
    "pipeline",
    "grid",
    "storm",
    "wildfire",
    "quake",
    "glacier",
    "forest",
    "river",
    "port",
    "shipyard",
    "factory",
    "union",
    "contract",
    "subsidy",
    "loan",
    "bond",
    "currency",
    "inflation",
    "rent",
    "housing",
    "tenant",
    "landlord",
    "permit",
    "licence",
    "zoning",
    "festival",
    "museum",
    "stadium",
    "league",
    "transfer",
    "coach",
    "referee",
    "doping",
    "injury",
    "verdict",
    "appeal",
    "inquiry",
    "audit",
    "fraud",
    "bribery",
    "leak",
    "hacker",
    "outage",
    "satellite",
    "rocket",
    "drone",
    "radar",
    "patrol",
    "militia",
    "embassy",
    "visa",
    "asylum",
    "refugee",
    "census",
    "poll",
    "ballot",
    "recount",
    "coalition",
    "budgetary",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--watchlists", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument(
        "--words",
        type=int,
        default=len(WORDS),
        help=f"topic words (8 to {len(WORDS) + len(MORE_WORDS)})",
    )
    parser.add_argument("--baseline", help="a git revision to measure first")
    parser.add_argument(
        "--batch", action="store_true", help="webhooks that take batches of events"
    )
    args = parser.parse_args()
    if args.baseline:
        sys.exit(_compare(args.baseline))
    WORDS[:] = (WORDS + MORE_WORDS)[: max(8, args.words)]
    url = django_on_database(
        "postgres://postgres@127.0.0.1:5432/attr_alerts_bench",
        ATTRIBUTION_FETCH_ALLOW_LOOPBACK="true",
    )
    from api import _fill  # the claim generator of bench/api.py
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _fill(args.claims)
    sent = _quiet_enqueue()
    receiver, url = _receiver_start()
    try:
        for person in PEOPLE:  # the engine makes the speakers the articles quote
            _parse(_article(person, "warm-up", random.Random(person)))
        _watchlists(args.watchlists, url, args.batch)
        run = time.strftime("%Y%m%d%H%M%S")  # new articles each run (same words)
        rows = [_measured(n, run, sent) for n in range(args.articles)]
    finally:
        receiver.terminate()
    _report(rows, args)


def _receiver_start() -> tuple[multiprocessing.Process, str]:
    """The tests' webhook receiver, in a process of its own, as a program receiving
    webhooks would be (in this one it would take the worker's turns at the GIL)."""
    ready: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_receiver_serve, args=(ready,))
    process.start()
    return process, ready.get(timeout=30)


def _receiver_serve(ready) -> None:
    from tests.test_alert_webhooks import Receiver

    receiver = Receiver()
    ready.put(receiver.url)
    while True:
        time.sleep(3600)


def _compare(baseline: str) -> int:
    """This bench run by `baseline`'s code, then by this tree's."""
    argv = [a for a in sys.argv[1:] if a != "--baseline" and a != baseline]
    argv = [a for a in argv if not a.startswith("--baseline=")]
    with tempfile.TemporaryDirectory(prefix="bench-alerts-base-") as base:
        # The receiver is the baseline's own (this tree's tests import modules the
        # baseline may not have).
        keep = ["bench/alerts.py", "bench/api.py"]
        baseline_unpack(baseline, base, ["attribution", "bench", "tests"], keep)
        return run_before_and_after(baseline, base, "bench/alerts.py", argv)


def _quiet_enqueue() -> list:
    """Record what the services would send to the broker instead of sending it."""
    from attribution import enqueue

    sent: list = []
    enqueue.article_parse = lambda **kw: None
    enqueue.article_alerts = lambda **kw: None
    enqueue.webhook_deliveries = lambda **kw: sent.append(
        (kw["delivery_ids"], time.perf_counter())
    )
    enqueue.webhook_deliver = lambda **kw: sent.append(  # a --baseline before batches
        ([kw["delivery_id"]], time.perf_counter())
    )
    enqueue.alert_email = lambda **kw: None
    return sent


def _article(person: str, tag: str, rng: random.Random) -> int:
    from attribution import ingestion, services

    words = " ".join(rng.choice(WORDS) for _ in range(8))
    body = (
        f"Bench story {tag}: the {rng.choice(WORDS)} question.\n\n"
        f'"The {words} will be settled this week," {person}, a spokesperson, '
        f"told Reuters.\n\n{person} said the {rng.choice(WORDS)} plan was ready."
    )
    article, _ = services.article_create(
        text=ingestion.from_text(body), title=f"Bench {tag}"
    )
    return article.pk


def _parse(article_id: int) -> float:
    from attribution import services

    started = time.perf_counter()
    services.article_extract_claims(article_id=article_id)
    return time.perf_counter() - started


def _watchlists(total: int, hook_url: str, batch: bool = False) -> None:
    """`total` watchlists of four kinds over 20 users, each with a webhook (that
    takes batches, with `batch`, where the code has them)."""
    import inspect

    from django.contrib.auth import get_user_model

    from attribution import alert_services, services
    from attribution.models import CanonicalClaim, Claim, Outlet, Speaker, Watchlist

    rng = random.Random(total)
    users = [
        get_user_model().objects.get_or_create(username=f"bench-{i}")[0]
        for i in range(20)
    ]
    batches = (
        batch and "batch" in inspect.signature(alert_services.webhook_create).parameters
    )
    options = {"batch": True} if batches else {}
    for user in users:  # the receiver listens on a new port each run
        for hook in user.webhooks.all():
            alert_services.webhook_delete(user=user, webhook_id=hook.pk)
        alert_services.webhook_create(
            user=user, url=hook_url, kinds=["claim.new"], **options
        )
    _vacuum()
    if Watchlist.objects.count() >= total:
        return
    speakers = list(Speaker.objects.order_by("?")[: total // 4])
    speakers += list(Speaker.objects.filter(name__in=PEOPLE))
    outlets = list(Outlet.objects.all())
    for claim in Claim.objects.filter(canonical__isnull=True).order_by("?")[:200]:
        services.claim_cluster(claim_id=claim.pk)
    statements = list(CanonicalClaim.objects.all()[: total // 4])
    kinds = ["speaker", "outlet", "statement", "search"]
    made = Watchlist.objects.count()
    while made < total:
        # Outlets are few (20 users x 5): once all are followed, searches instead.
        user, kind = rng.choice(users), rng.choice(kinds)
        target: dict[str, Any]
        if kind == "speaker":
            target = {"speaker": rng.choice(speakers)}
        elif kind == "outlet":
            target = {"outlet": rng.choice(outlets)}
        elif kind == "statement" and statements:
            target = {"statement": rng.choice(statements)}
        else:
            target = {"search": {"q": " ".join(rng.sample(WORDS, 2))}}
        _, created = alert_services.watchlist_follow(user=user, **target)
        made += created


def _vacuum() -> None:
    """Clear what deleting the last run's webhooks left (their deliveries, dead
    rows in the tables and indexes a delivery writes), as autovacuum would in
    time: left, they made storing an article's deliveries twenty times slower."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ["attribution_delivery", "attribution_webhook"]:
            cursor.execute(f"VACUUM ANALYZE {table}")


def _measured(n: int, run: str, sent: list) -> dict:
    from attribution import alert_services

    rng = random.Random(n)
    article_id = _article(rng.choice(PEOPLE), f"measured-{run}-{n}", rng)
    parse = _parse(article_id)
    sent.clear()
    started = time.perf_counter()
    alerts = alert_services.article_alerts_produce(article_id=article_id)
    matched = time.perf_counter() - started
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for delivery_ids, committed in list(sent):  # a task per webhook
        if hasattr(alert_services, "deliveries_send"):
            alert_services.deliveries_send(delivery_ids=delivery_ids)
        else:  # code from before webhook batches, one task per delivery
            alert_services.delivery_send(delivery_id=delivery_ids[0])
        latencies += [time.perf_counter() - committed] * len(delivery_ids)
    delivered = time.perf_counter() - started
    cpu = time.process_time() - cpu
    return {
        "cpu": cpu,
        "parse": parse,
        "match": matched,
        "deliver": delivered,
        "alerts": alerts,
        "latencies": latencies,
    }


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _report(rows: list[dict], args) -> None:
    from attribution.models import Claim, Watchlist

    parse = sum(r["parse"] for r in rows)
    match = sum(r["match"] for r in rows)
    deliver = sum(r["deliver"] for r in rows)
    cpu = sum(r["cpu"] for r in rows)
    latencies = [x for r in rows for x in r["latencies"]]
    print(
        f"claims {Claim.objects.count():,}, watchlists {Watchlist.objects.count():,},"
        f" articles {len(rows)}, alerts {sum(r['alerts'] for r in rows)},"
        f" webhook deliveries {len(latencies)}"
    )
    n = len(rows)
    print(f"parse job (baseline)   {parse / n * 1000:8.1f} ms per article")
    print(
        f"matching               {match / n * 1000:8.1f} ms per article"
        f"  ({match / parse:6.1%} of the parse job)"
    )
    print(
        f"webhook deliveries     {deliver / n * 1000:8.1f} ms per article"
        f"  ({deliver / parse:6.1%} of the parse job)"
    )
    print(
        f"  of which CPU here    {cpu / n * 1000:8.1f} ms per article"
        f"  ({cpu / parse:6.1%} of the parse job; the rest waits on the receiver)"
    )
    print(
        f"matching + delivery    {(match + deliver) / parse:6.1%} of the parse job"
        " (target: under 10%)"
    )
    print(
        f"commit to webhook answer: p50 {_pct(latencies, 50) * 1000:.1f} ms,"
        f" p99 {_pct(latencies, 99) * 1000:.1f} ms (in-process, no broker)"
    )


if __name__ == "__main__":
    main()

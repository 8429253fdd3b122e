"""Speaker and outlet identity: pairwise precision and recall across the whole store.

Ingests a labelled set (default bench/identity/: articles/*.txt, gold/*.json with a
global `speaker_entity` and `via_entities` on every claim) into an empty database
twice, through services.article_extract_claims with the same engine: first with the
placement main used before speaker identity (speakers matched by slug or any alias,
outlets created under any name), then with attribution.identity. For each run:

- every gold claim is matched to the stored claim of its article whose span overlaps
  it most (claims the engine missed are counted, and left out of the figures, which
  measure identity, not extraction);
- speakers: over every pair of matched claims whose gold speaker is an entity, "same
  speaker" is right when both have one stored speaker; precision and recall of that;
- outlets: the same over every outlet of every gold via chain (an outlet speaking for
  itself is its own first via, as the gold has it), by position in the chain.

    .venv/bin/python bench/identity.py
    .venv/bin/python bench/identity.py --set /work/identity-set
    .venv/bin/python bench/identity.py --only-identity --baseline REV

With --baseline REV it runs twice, on one database: first with REV's code (its
attribution/ and bench/, with this bench), then with this tree's, so that the
figures before and after a change come from one run.

The database is BENCH_IDENTITY_DATABASE_URL (default: attribution_bench_identity on
the local PostgreSQL), created and migrated when missing; everything in it is deleted.
"""

import argparse
import functools
import inspect
import itertools
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench_database import baseline_unpack, ensure_database, run_before_and_after

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/attribution_bench_identity"
DEFAULT_SET = ROOT / "bench" / "identity"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list split and joined entities"
    )
    parser.add_argument("--pairs", action="store_true", help="list every wrong pair")
    parser.add_argument("--errors", type=int, default=40, help="how many to list")
    parser.add_argument(
        "--only-identity", action="store_true", help="skip the run of main's rules"
    )
    parser.add_argument("--baseline", help="a git revision to measure first")
    args = parser.parse_args()
    if args.baseline:
        raise SystemExit(_compare(args.baseline))
    database = os.environ.get("BENCH_IDENTITY_DATABASE_URL", DEFAULT_DATABASE)
    ensure_database(database)
    os.environ.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="attribution.settings",
        CELERY_TASK_ALWAYS_EAGER="false",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    articles = sorted((args.set / "articles").glob("*.txt"))
    gold = {
        p.stem: json.loads((args.set / "gold" / f"{p.stem}.json").read_text())
        for p in articles
    }
    claims = sum(len(g["claims"]) for g in gold.values())
    print(f"{len(articles)} articles, {claims} gold claims")
    print(
        f"{'placement':<22}{'':>8}{'precision':>11}{'recall':>9}{'F1':>8}{'pairs':>9}"
    )
    runs = [("before (main)", True), ("identity", False)]
    if args.only_identity or not _takes_a_placement():
        runs = runs[1:]  # a tree whose store takes no `place` has no legacy run
    for label, legacy in runs:
        call_command("flush", "--noinput", verbosity=0)
        _ingest(articles, legacy=legacy)
        items = _matched(articles, gold)
        for kind, pairs in (
            ("speakers", _speaker_items(items)),
            ("outlets", _outlet_items(items)),
        ):
            p, r, f, n, errors = _pairwise(pairs)
            print(f"{label:<22}{kind:>8}{p:>11.3f}{r:>9.3f}{f:>8.3f}{n:>9}")
            if args.verbose:
                for line in _entity_errors(pairs)[: args.errors]:
                    print("   ", line)
            if args.pairs:
                for line in errors[: args.errors]:
                    print("   ", line)
        missed = sum(1 for i in items if i["stored"] is None)
        print(f"{'':<22}{'':>8} ({missed} of {len(items)} gold claims not extracted)")


def _compare(baseline: str) -> int:
    """This bench run by `baseline`'s code, then by this tree's."""
    argv = [a for a in sys.argv[1:] if a != "--baseline" and a != baseline]
    argv = [a for a in argv if not a.startswith("--baseline=")]
    with tempfile.TemporaryDirectory(prefix="bench-identity-base-") as base:
        keep = ["bench/identity.py", "bench/bench_database.py"]
        baseline_unpack(baseline, base, ["attribution", "bench"], keep)
        return run_before_and_after(baseline, base, "bench/identity.py", argv)


def _takes_a_placement() -> bool:
    from attribution import services

    return "place" in inspect.signature(services.articles._claims_store).parameters


def _ingest(articles: list[Path], *, legacy: bool) -> None:
    from attribution import ingestion, services

    store = services.articles._claims_store
    if legacy:
        services.articles._claims_store = functools.partial(store, place=_legacy_place)
    try:
        for path in articles:
            raw = path.read_text(encoding="utf-8")
            title = raw.strip().splitlines()[0]
            article, _ = services.article_create(
                text=ingestion.from_raw(raw, html=False), title=title
            )
            services.article_extract_claims(article_id=article.pk)
    finally:
        services.articles._claims_store = store


def _matched(articles: list[Path], gold: dict) -> list[dict]:
    """Each gold claim with the stored claim that overlaps it most (or None)."""
    from attribution.models import Article

    items = []
    for path in articles:
        title = path.read_text(encoding="utf-8").strip().splitlines()[0]
        article = Article.objects.get(title=title[:500])
        stored = list(
            article.claims.select_related("speaker").prefetch_related("via_links")
        )
        for claim in gold[path.stem]["claims"]:
            start = article.body.find(claim["text"])
            best, overlap = None, 0
            if start >= 0:
                end = start + len(claim["text"])
                for candidate in stored:
                    shared = min(end, candidate.end) - max(start, candidate.start)
                    if shared > overlap:
                        best, overlap = candidate, shared
            items.append({"article": path.stem, "gold": claim, "stored": best})
    return items


def _speaker_items(items: list[dict]) -> list[tuple[str, int | None, str]]:
    out = []
    for item in items:
        entity, stored = item["gold"].get("speaker_entity"), item["stored"]
        if entity is None or stored is None:
            continue
        label = f"{item['article']}#{item['gold']['id']} {item['gold']['speaker']!r}"
        name = stored.speaker.name if stored.speaker else "(none)"
        out.append((entity, stored.speaker_id, f"{label} -> {name!r}"))
    return out


def _entity_errors(items: list[tuple[str, int | None, str]]) -> list[str]:
    """The errors by entity, worst first: each gold entity whose claims went to
    more than one stored entity (split; "(none)" for claims left without one), and
    each stored entity holding claims of more than one gold entity (joined). A
    line gives the pairs lost or wrongly made, then each side with its claims."""
    by_gold: dict[str | None, dict[int | str | None, list[str]]] = {}
    by_stored: dict[int | None, dict[str | None, list[str]]] = {}
    for gold, stored, label in items:
        by_gold.setdefault(gold, {}).setdefault(stored, []).append(label)
        if stored is not None:
            by_stored.setdefault(stored, {}).setdefault(gold, []).append(label)
    lines: list[tuple[int, str]] = []
    groups: dict
    for kind, groups in (("split", by_gold), ("joined", by_stored)):
        for owner, parts in groups.items():
            if len(parts) < 2 and None not in parts:
                continue
            sizes = [len(v) for v in parts.values()]
            lost = (sum(sizes) ** 2 - sum(n * n for n in sizes)) // 2
            if kind == "split" and None in parts:
                n = len(parts[None])
                lost += n * (n - 1) // 2
            sides = "; ".join(
                f"{len(v)}x {v[0]}" for v in sorted(parts.values(), key=len)[::-1]
            )
            lines.append((lost, f"{kind} {owner} ({lost} pairs): {sides}"))
    return [line for _, line in sorted(lines, key=lambda x: -x[0])]


def _outlet_items(items: list[dict]) -> list[tuple[str, int | None, str]]:
    out = []
    for item in items:
        stored = item["stored"]
        if stored is None:
            continue
        chain = [link.outlet_id for link in stored.via_links.all()]
        if stored.speaker is not None and stored.speaker.outlet_id is not None:
            chain = [stored.speaker.outlet_id, *chain]
        for position, entity in enumerate(item["gold"].get("via_entities") or []):
            got = chain[position] if position < len(chain) else None
            label = f"{item['article']}#{item['gold']['id']} via {entity}"
            out.append((entity, got, f"{label} -> outlet {got}"))
    return out


def _pairwise(items: list[tuple[str, int | None, str]]):
    """Precision, recall, F1 and pair count of "same entity" over all pairs."""
    tp = fp = fn = 0
    errors = []
    for (ga, sa, la), (gb, sb, lb) in itertools.combinations(items, 2):
        gold = ga == gb
        got = sa is not None and sa == sb
        tp += gold and got
        fp += got and not gold
        fn += gold and not got
        if got != gold:
            errors.append(f"{'joined' if got else 'apart '}: {la} | {lb}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn, errors


# The placement main used before speaker identity, kept to measure against. -------


def _legacy_place(*, article, extracted: Iterable, gazetteer) -> list:
    """main's placement, for services.articles._claims_store (its `place`): each
    claim's speaker by services.speaker_for as it was, and its via outlets by
    name, created under any name they are given."""
    from attribution.identity import Placement

    return [
        Placement(
            speaker=_legacy_speaker_for(item),
            name=(item.speaker or "").strip()[:200],
            reason="",
            via=[_legacy_outlet(name) for name in dict.fromkeys(item.via)],
        )
        for item in extracted
    ]


def _legacy_outlet(name: str):
    from attribution import services

    return services.outlet_get_or_create(name=name)


def _legacy_speaker_for(item):
    """main's services.speaker_for: by slug, then by any alias, else created."""
    from django.utils.text import slugify

    from attribution import identity
    from attribution.models import Speaker

    if not item.speaker:
        return None
    name = item.speaker.strip()[:200]
    if item.speaker_is_outlet:
        outlet = _legacy_outlet(name)
        speaker, _ = Speaker.objects.get_or_create(
            outlet=outlet,
            defaults={
                "name": outlet.name,
                "slug": identity.speaker_slug_free(outlet.name),
                "kind": Speaker.Kind.OUTLET,  # the constraint identity added
            },
        )
        return speaker
    speaker = Speaker.objects.filter(slug=slugify(name)[:200]).first()
    if speaker is None:
        for candidate in Speaker.objects.filter(aliases__icontains=name):
            if name.lower() in (alias.lower() for alias in candidate.aliases):
                speaker = candidate
                break
    aliases = [a for a in item.speaker_aliases if a.strip().lower() != name.lower()]
    if speaker is None:
        return Speaker.objects.create(
            name=name,
            slug=identity.speaker_slug_free(name),
            aliases=aliases,
            description=item.speaker_role[:300],
        )
    merged = list(dict.fromkeys([*speaker.aliases, *aliases]))
    if merged != speaker.aliases or (item.speaker_role and not speaker.description):
        speaker.aliases = merged
        speaker.description = speaker.description or item.speaker_role[:300]
        speaker.save(update_fields=["aliases", "description", "updated_at"])
    return speaker


if __name__ == "__main__":
    main()

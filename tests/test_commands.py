"""The management commands: ingest files and folders, print extracted claims."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from celery.signals import task_prerun
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from attribution.models import Article, Outlet
from attribution.roles import Role, has_role, may_submit
from tests.faults import support

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORY = "The mayor said the bridge is safe and would reopen on Friday.\n"


@pytest.mark.django_db
def test_ingesting_a_folder_creates_parsed_articles_and_reads_sidecar_metadata(
    tmp_path, capsys, django_capture_on_commit_callbacks
):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "a.json").write_text(
        json.dumps(
            {"title": "Bridge", "publisher": "Reuters", "published_at": "2024-03-01"}
        )
    )
    (tmp_path / "notes.md").write_text("not an article")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path))

    article = Article.objects.get()
    assert article.title == "Bridge"
    assert article.publisher.name == "Reuters"
    assert article.published_at.date().isoformat() == "2024-03-01"
    assert article.status == Article.Status.PARSED
    assert "ingested as article" in capsys.readouterr().out


@pytest.mark.django_db
def test_ingesting_the_same_content_again_is_a_no_op_that_says_so(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY)
    call_command("ingest", str(tmp_path / "a.txt"))

    call_command("ingest", str(tmp_path / "a.txt"))

    assert Article.objects.count() == 1
    assert "already ingested" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_bad_file_is_reported_and_the_other_files_are_still_ingested(
    tmp_path, capsys
):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(STORY)

    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(tmp_path))

    assert Article.objects.count() == 1
    assert "empty.txt: not ingested: The file is empty" in capsys.readouterr().err


@pytest.mark.django_db
def test_html_files_are_ingested_as_their_main_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Bridge</title></head><body><nav>Home | World</nav>"
        f"<article><p>{STORY}</p></article>"
        "<footer>Follow us on X</footer></body></html>"
    )

    call_command("ingest", str(tmp_path))

    article = Article.objects.get()
    assert article.body == STORY.strip()
    assert article.title == "Bridge"


@pytest.mark.django_db
def test_the_seed_article_is_ingested_without_its_site_footer(tmp_path):
    shutil.copy(SEEDS / "wagner-defector-medvedev-norway.txt", tmp_path)

    call_command("ingest", str(tmp_path))

    body = Article.objects.get().body
    assert body.endswith("With inputs from agencies")
    assert "Follow us on" not in body


def test_extract_prints_claims_as_the_scorer_reads_them(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text('"We will rebuild," the mayor told Reuters.\n')

    call_command("extract", str(path), "--json")

    claims = json.loads(capsys.readouterr().out)
    assert claims[0]["text"].startswith("We will rebuild")
    assert claims[0]["via"] == ["Reuters"]
    assert claims[0]["kind"] == "direct"
    assert {"speaker", "start", "end", "cue"} <= set(claims[0])


def test_extract_refuses_a_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract", str(tmp_path / "missing.txt"), "--json")


@pytest.mark.django_db
def test_load_outlets_fills_the_outlet_table_once(capsys):
    call_command("load_outlets")
    count = Outlet.objects.count()
    call_command("load_outlets")

    assert count >= 300 and Outlet.objects.count() == count
    assert "0 created" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.django_db
def test_demo_accounts_can_log_in_to_the_admin(client, capsys):
    call_command("create_demo_accounts", "--password", "a-demo-password-9")

    out = capsys.readouterr().out
    assert "Editor login: editor / a-demo-password-9" in out
    assert "Fact-checker login: factchecker / a-demo-password-9" in out
    assert "Contributor login: contributor / a-demo-password-9" in out
    contributor = get_user_model().objects.get(username="contributor")
    assert may_submit(contributor) and not has_role(contributor, Role.EDITOR)
    assert client.login(username="editor", password="a-demo-password-9")
    assert client.get("/admin/attribution/claim/").status_code == 200


@pytest.mark.django_db
def test_demo_logins_wait_for_the_server_and_give_up_when_it_never_answers(capsys):
    port = support.unused_port()

    with pytest.raises(CommandError, match="did not answer within 1 s"):
        call_command(
            "create_demo_accounts",
            "--wait-for",
            f"http://127.0.0.1:{port}/",
            "--timeout",
            "1",
        )

    assert "login:" not in capsys.readouterr().out


def test_relink_speakers_re_links_stored_claims_and_reports_merges_and_splits(
    db,
):
    from attribution import ingestion, services
    from attribution.models import Claim, Speaker
    from tests.factories import SpeakerFactory

    def parse(body, title):
        article, _ = services.article_create(
            text=ingestion.from_text(body), title=title
        )
        services.article_extract_claims(article_id=article.pk)
        return article

    norway = parse("Police said the man had been arrested.", "Norway")
    france = parse("Police said the road was closed.", "France")
    violet = parse(
        "Maryam Violet said the mine would reopen.\n\n"
        "Violet said the wages would rise.",
        "Mine",
    )
    report_article = parse("The annual report said profits fell.", "Profits")
    # The store as the old rules left it: one "police" for both articles, two
    # speakers for one person, and a document as a speaker.
    police = SpeakerFactory(name="Police", aliases=["police"])
    Claim.objects.filter(article__in=[norway, france]).update(
        speaker=police, speaker_name=""
    )
    surname = SpeakerFactory(name="Violet")
    Claim.objects.filter(article=violet, text__contains="wages").update(
        speaker=surname, speaker_name=""
    )
    document = SpeakerFactory(name="annual report")
    Claim.objects.filter(article=report_article).update(
        speaker=document, no_speaker_reason=""
    )

    out = StringIO()
    call_command("relink_speakers", stdout=out)

    lines = out.getvalue().splitlines()
    assert any(line.startswith("split: Police -> ") for line in lines), lines
    assert "merged: Maryam Violet + Violet -> Maryam Violet" in lines
    assert any(line.startswith("no speaker: annual report") for line in lines)
    names = set(Speaker.objects.values_list("name", flat=True))
    assert names == {"Police (in Norway)", "Police (in France)", "Maryam Violet"}
    assert Claim.objects.get(article=report_article).speaker is None


@pytest.mark.slow  # a child manage.py that loads the spaCy pipeline
def test_extract_runs_without_a_deployments_secret_key(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    article = tmp_path / "story.txt"
    article.write_text('"The bridge is safe," the mayor said.', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "attribution.settings"
    root = Path(__file__).resolve().parents[1]

    run = subprocess.run(
        [sys.executable, "manage.py", "extract", str(article), "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)[0]["text"].startswith("The bridge is safe")


@pytest.mark.django_db(transaction=True)
def test_ingesting_a_folder_sends_its_articles_parses_in_batches(tmp_path, settings):
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 2
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"The mayor of town {n} said it is safe.\n")
    sent: list[tuple[str, tuple]] = []

    def note(sender, args, **_):
        name = sender.name.rsplit(".", 1)[1]
        if name.startswith("article_parse"):
            sent.append((name, tuple(args)))

    task_prerun.connect(note)
    try:
        call_command("ingest", str(tmp_path))
    finally:
        task_prerun.disconnect(note)

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    assert sent == [("article_parse_batch", (ids[:2],)), ("article_parse", (ids[2],))]
    assert set(Article.objects.values_list("status", flat=True)) == {"parsed"}
    assert not Article.objects.filter(queued_at__isnull=True).exists()

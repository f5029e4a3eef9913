"""Several writers saving one draft at once, against a live server: is any acknowledged edit lost?

    .venv/bin/python -m bench.concurrent_saves [--seconds 30] [--editors 4] [--tabs 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pw_merge3 .venv/bin/python -m bench.concurrent_saves

gunicorn (bench.settings, 2 sync workers) on 127.0.0.1; each of editors × tabs
clients logs in, then every 0.5–2 s replaces one word of the text it holds
with a token of its own and saves, naming the revision and hash it started
from, exactly as the editor does. It continues from what the server answers:
the text it sent ("saved"), the merged text ("merged"), or, after "conflict",
the head (as a writer who keeps theirs in the resolver). No polling: every
save after someone else's is on an old base.

At the end: every token of an acknowledged save ("saved" or "merged") must be
in the final text, unless a later acknowledged save by a client that had seen
it replaced it. Conflicting saves are counted and listed (their text must be
in a conflict revision), and no revision that became the head may have been
based on anything but the head before it.

Without DATABASE_URL it uses its own SQLite file, bench/concurrent.sqlite3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SQLITE_FILE = REPO / "bench" / "concurrent.sqlite3"
PASSWORD = "concurrent-saves-bench"
PARAGRAPHS = 8
SENTENCES = 4
WORDS = 6


def starting_text() -> str:
    """PARAGRAPHS paragraphs of SENTENCES sentences of WORDS words: w<p>_<s>_<k>."""
    return (
        "\n\n".join(
            " ".join(
                " ".join(f"w{p}x{s}x{k}" for k in range(WORDS)) + "."
                for s in range(SENTENCES)
            )
            for p in range(PARAGRAPHS)
        )
        + "\n"
    )


@dataclass
class Outcome:
    client: str
    token: str
    replaced: str  # the word the edit replaced
    status: str
    revision: int
    at: float


@dataclass
class Client:
    name: str
    session: object
    base: dict
    text: str
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _post(port, path, session, form):
    from bench import load

    body = urllib.parse.urlencode(form).encode()
    headers = {
        "Cookie": session.cookie,
        "X-CSRFToken": session.csrf_token,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    return load.request(port, "POST", path, body, headers)


def run_client(client: Client, port: int, draft_pk: int, until: float, seed: int):
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < until:
        time.sleep(rng.uniform(0.5, 2.0))
        parts = re.split(r"(\s+)", client.text)  # words and the whitespace between
        spots = [i for i, w in enumerate(parts) if w.strip() and w.rstrip(".")]
        i = rng.choice(spots)
        core = parts[i].rstrip(".")
        n += 1
        token = f"t{client.name}n{n}"
        parts[i] = token + parts[i][len(core) :]
        body = "".join(parts)
        form = {"body": body, "kind": "autosave", "message": "", **client.base}
        try:
            status, _, raw = _post(
                port, f"/drafts/{draft_pk}/save/", client.session, form
            )
            reply = json.loads(raw)
        except Exception as error:  # a network hiccup: counted, the run goes on
            client.errors.append(f"{type(error).__name__}: {error}")
            continue
        if status != 200:
            client.errors.append(f"HTTP {status}: {reply.get('error', '')}")
            continue
        client.outcomes.append(
            Outcome(
                client.name,
                token,
                core,
                reply["status"],
                reply["revision"],
                time.monotonic(),
            )
        )
        if reply["status"] == "conflict":
            # keep theirs: continue from the head
            _, _, raw = _post(
                port,
                f"/drafts/{draft_pk}/rebase/",
                client.session,
                {"base": "", "mine": "", "base_number": 0},
            )
            head = json.loads(raw)
            client.text = head["head_body"]
            client.base = {k: head[k] for k in ("base_number", "base_hash")}
            continue
        client.text = reply["merged"]["body"] if reply["status"] == "merged" else body
        client.base = {k: reply[k] for k in ("base_number", "base_hash")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--tabs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
        for leftover in SQLITE_FILE.parent.glob(SQLITE_FILE.name + "*"):
            leftover.unlink()
    sys.path.insert(0, str(REPO))
    import django

    import bench.settings  # noqa: F401

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench import load
    from posts.editor.saving import base_of, create_draft
    from posts.models import Draft, Revision
    from series.models import Membership, Part, Series

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    User = get_user_model()
    names = [f"merge-writer-{k}" for k in range(args.editors)]
    User.objects.filter(username__in=names).delete()
    users = [User.objects.create_user(name, password=PASSWORD) for name in names]
    series = Series.objects.create(owner=users[0], title="Concurrent saves")
    for user in users[1:]:
        Membership.objects.create(series=series, user=user, role="editor")
    part = Part.objects.create(series=series, number=1, title="One draft")
    draft = create_draft(part, users[0], starting_text())
    head = Draft.objects.select_related("head").get(pk=draft.pk).head
    assert head is not None
    connection.close()

    server = load.Server(REPO, dict(os.environ), sys.executable)
    try:
        clients = [
            Client(
                f"{k}{tab}",
                load.log_in(server.port, user.username, PASSWORD),
                base_of(head),
                head.body,
            )
            for k, user in enumerate(users)
            for tab in "ab"[: args.tabs]
        ]
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=run_client, args=(c, server.port, draft.pk, until, args.seed + n)
            )
            for n, c in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()

    outcomes = sorted((o for c in clients for o in c.outcomes), key=lambda o: o.at)
    final = Draft.objects.select_related("head").get(pk=draft.pk).body
    revisions = list(Revision.objects.filter(draft=draft).order_by("number"))
    conflict_bodies = [r.body for r in revisions if r.kind == "conflict"]
    acked = [o for o in outcomes if o.status in ("saved", "merged")]
    superseded = {
        o.replaced for o in acked
    }  # tokens a later acknowledged edit replaced
    missing = [o for o in acked if o.token not in final and o.token not in superseded]
    conflicts = [o for o in outcomes if o.status == "conflict"]
    unstored = [o for o in conflicts if not any(o.token in b for b in conflict_bodies)]
    stale_heads = _stale_heads(revisions)
    not_same_words = _conflicts_without_same_words(draft, revisions)
    result = {
        "database": connection.vendor,
        "seconds": args.seconds,
        "clients": len(clients),
        "saves_answered": len(outcomes),
        "acknowledged": len(acked),
        "merged": sum(o.status == "merged" for o in outcomes),
        "missing_from_final_text": len(missing),
        "missing": [o.token for o in missing],
        "conflicts_same_words": len(conflicts),
        "conflict_tokens": [f"{o.token} (r{o.revision})" for o in conflicts],
        "conflicts_not_stored": len(unstored),
        "conflicts_not_on_the_same_words": not_same_words,
        "stale_saves_that_became_head": stale_heads,
        "errors": [e for c in clients for e in c.errors],
        "revisions": len(revisions),
    }
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / f"concurrent_saves_{connection.vendor}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    bad = (
        result["missing_from_final_text"]
        or result["conflicts_not_stored"]
        or stale_heads
    )
    return 1 if bad or result["errors"] else 0


def _conflicts_without_same_words(draft, revisions) -> list[int]:
    """Conflict revisions where no word was changed by both sides (should be none).

    Edits here replace one word and keep every space, so the three versions of
    a region line up word for word.
    """
    from posts.editor.saving import base_text_of
    from posts.textkit.merge3 import merge3

    found = []
    head = None
    for revision in revisions:
        if revision.kind != "conflict":
            head = revision
            continue
        base = base_text_of(draft, revision.base_number, revision.base_hash)
        assert head is not None
        for region in merge3(base, revision.body, head.body).conflicts:
            triples = zip(
                region.base.split(),
                region.mine.split(),
                region.theirs.split(),
                strict=True,
            )
            if not any(b != m and b != t for b, m, t in triples):
                found.append(revision.number)
    return found


def _stale_heads(revisions) -> int:
    """Revisions that became the head without starting from the head before them.

    A merge names the head it was merged with; anything else (but a conflict,
    which never becomes the head) must be based on the previous head.
    """
    stale = 0
    head = None
    for revision in revisions:
        if revision.kind == "conflict":
            continue
        if head is not None:
            if revision.kind == "merge":
                stale += revision.merged_head != head
            elif revision.kind not in ("restore",):
                stale += revision.base_number != head
        head = revision.number
    return stale


if __name__ == "__main__":
    sys.exit(main())

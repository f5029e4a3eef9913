"""axe-core on every main page, at laptop and phone width: no critical or serious
violation. axe is put into each page through the DevTools protocol
(Page.addScriptToEvaluateOnNewDocument, which is what add_init_script uses), so the
app's strict CSP stays as it is: a policy does not apply to what DevTools evaluates."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from posts.api.models import AccessToken
from posts.models import Comment, Draft, Publication, ShareLink, Suggestion
from posts.review.comments import rendered_text
from series.models import Membership, Part, Series, VoiceElement
from series.tokens import new_token
from tests.factories import PASSWORD, UserFactory, anchored_comment, head, make_draft

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Runs axe on the whole document, folds opened; returns what a person would need to fix.
RUN_AXE = """async () => {
  // What is folded away is checked too: a person opens it.
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const result = await window.axe.run(document, {
    resultTypes: ["violations"],
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  });
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
}"""


def _world():
    """The demo series, as a writer has it after a few weeks: voice rules, members,
    comments, a suggestion, a share link, a token and something in the trash."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    series = Series.objects.get(title="Data Pipelines")
    owner = series.owner
    owner.set_password(PASSWORD)
    owner.save()
    reviewer = UserFactory.create(username="sam")
    Membership.objects.create(series=series, user=reviewer, role="reviewer")
    for label, fields in [
        ("Question-driven hook", {"phrases": "Have you ever\nWhy do"}),
        ("Numbers", {"mode": "regex", "pattern": r"\d+ ?%"}),
        ("Anecdote", {"mode": "manual"}),
    ]:
        VoiceElement.objects.get_or_create(series=series, label=label, defaults=fields)
    draft = Draft.objects.filter(part__series=series).order_by("part__number").first()
    assert draft is not None
    part = draft.part
    second = make_draft(part, draft.body.replace("pipeline", "workflow", 2))
    # A chosen draft: the publish page shows its scrollable previews.
    Draft.objects.filter(pk=draft.pk).update(chosen=True)
    words = rendered_text(draft.body).split()[:4]
    comment = anchored_comment(draft, " ".join(words), body="Could be shorter?")
    comment.author = reviewer
    comment.save()
    Comment.objects.create(
        draft=draft, revision=head(draft), parent=comment, body="Agreed.", author=owner
    )
    Suggestion.objects.create(
        draft=draft,
        base=head(draft),
        body=draft.body.replace("pipeline", "workflow", 1),
        author=reviewer,
    )
    token, digest = new_token()
    ShareLink.objects.create(
        series=series,
        draft=draft,
        token_hash=digest,
        created_by=owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    _, token_digest = new_token()
    AccessToken.objects.create(
        user=owner, name="Laptop script", token_hash=token_digest, prefix="pw_abc"
    )
    # The calendar in every state: late, ready (the chosen draft's part), planned,
    # published; and the dashboard's "due within 48 hours".
    now = timezone.now()
    part.planned_at = now + timedelta(days=1)  # it has the chosen draft: ready
    part.save()
    for number, title, days in [(20, "Late", -1), (21, "Out", -0.1), (22, "Soon", 2)]:
        planned = Part.objects.create(
            series=series,
            number=number,
            title=title,
            planned_at=now + timedelta(days=days),
        )
        if title == "Out":
            Publication.objects.create(
                part=planned,
                revision=head(make_draft(planned)),
                published_on=now.date(),
            )
    gone = Part.objects.create(series=series, number=99, title="Dropped idea")
    gone.move_to_trash(owner)
    return {
        "owner": owner,
        "series": series,
        "part": part,
        "draft": draft,
        "second": second,
        "token": token,
    }


def _pages(w):
    s, p, d, d2 = w["series"].slug, w["part"].pk, w["draft"].pk, w["second"].pk
    rev, rev2 = head(w["draft"]).number, head(w["second"]).number
    suggestion = Suggestion.objects.get(draft=w["draft"]).pk
    return {
        "dashboard": "/",
        "new series": "/series/new/",
        "series": f"/series/{s}/",
        "series settings": f"/series/{s}/edit/",
        "new part": f"/series/{s}/parts/new/",
        "part": f"/parts/{p}/",
        "part settings": f"/parts/{p}/edit/",
        "new draft": f"/drafts/new/{p}/",
        "editor": f"/drafts/{d}/",
        "history": f"/drafts/{d}/history/",
        "revision": f"/drafts/{d}/revisions/{rev}/",
        "compare pick": "/compare/",
        "compare": f"/compare/{d}/{rev}/{d2}/{rev2}/",
        "compose": f"/compare/compose/{p}/",
        "draft board": f"/compare/board/{p}/",
        "review": f"/review/drafts/{d}/",
        "suggest": f"/review/drafts/{d}/suggest/",
        "suggestion": f"/review/suggestions/{suggestion}/",
        "open comments": f"/review/series/{s}/comments/",
        "activity": f"/review/series/{s}/activity/",
        "share links": f"/review/series/{s}/share/",
        "notifications": "/review/notifications/",
        "voice profile": f"/checks/{s}/voice/",
        "consistency": f"/checks/{s}/consistency/",
        "import": f"/import/{s}/",
        "publish": f"/publish/{s}/",
        "members": f"/members/{s}/",
        "trash": "/trash/",
        "tokens": "/accounts/tokens/",
        "password": "/accounts/password/",
        "search": "/search/?q=pipeline",
        "search, nothing found": "/search/?q=zzzz",
        "calendar": "/calendar/",
        "calendar, a month with nothing planned": "/calendar/?month=2020-01",
        "calendar week": "/calendar/week/",
        "calendar feeds": "/calendar/feeds/",
    }


def _audit(page, base, pages):
    found = {}
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response is not None and response.ok, (
            f"{name}: {path} answered {response}"
        )
        page.wait_for_load_state("networkidle")
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[f"{name} ({path})"] = violations
    return found


def _report(found) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(
                f"{where}: {v['impact']} {v['id']} x{v['count']} {v['help']} {v['targets']}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_no_serious_violation_on_any_page(browser, live_server, viewport):
    world = _world()
    base = live_server.url
    guest = browser.new_context(viewport=viewport)
    guest.add_init_script(path=str(AXE))
    page = guest.new_page()
    found = _audit(
        page, base, {"log in": "/accounts/login/", "sign up": "/accounts/signup/"}
    )
    token, pk = world["token"], world["draft"].pk
    found |= _audit(page, base, {"share link": f"/s/{token}/drafts/{pk}/"})
    guest.close()

    context = browser.new_context(viewport=viewport)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(world["owner"].username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    found |= _audit(page, base, _pages(world))
    context.close()
    assert not found, "\n" + _report(found)


def test_the_audit_fails_on_a_serious_violation(browser, live_server):
    """The check can fail: an image without a text alternative is critical."""
    context = browser.new_context(viewport=LAPTOP)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = '/static/favicon.svg';"
        " document.querySelector('main').append(i); }"
    )
    violations = page.evaluate(RUN_AXE)
    context.close()
    assert [v["id"] for v in violations] == ["image-alt"]

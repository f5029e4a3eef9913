"""Every 4xx answer says in words what went wrong: a page for pages, JSON for
the editor's fetch calls and htmx (config/errors.py)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from posts.models import Draft

# `owned` is that module's fixture: the owner's objects, one of each kind.
from tests.series.test_access import URL_ARGS, owned  # noqa: F401

HTMX = {"HX-Request": "true"}
JSON = {"Accept": "application/json"}


class _Text(HTMLParser):
    """The page's words, and those of the element marked data-error-message."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.message: list[str] = []
        self._depth = 0  # inside data-error-message
        self._skip = 0  # inside <script>/<style>/<title>

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title"}:
            self._skip += 1
        if self._depth or "data-error-message" in dict(attrs):
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self._skip -= 1
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.words.append(data)
        if self._depth:
            self.message.append(data)


def human_message(response) -> str:
    """The message a person reads in this answer ("" when there is none)."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("error", "")
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.message or parser.words).split())


def is_human(message: str) -> bool:
    """A sentence or more: words, not a status line like "Bad Request (400)"."""
    return len(re.findall(r"[A-Za-z']+", message)) >= 6


def test_is_human_tells_a_message_from_a_bare_status():
    assert not is_human("")
    assert not is_human("Bad Request (400)")
    assert is_human("This address only acts on a button press.")


WRONG = {"get": "post", "post": "get"}


@pytest.mark.parametrize("headers", [{}, HTMX, JSON], ids=["page", "htmx", "fetch"])
def test_every_url_asked_with_the_wrong_method_says_why(owner_client, owned, headers):  # noqa: F811
    """GET on every POST-only URL (and POST on every GET one): no empty 405."""
    answers = {}
    for name, (method, args) in URL_ARGS.items():
        url = reverse(name, args=args(owned))
        response = getattr(owner_client, WRONG[method])(url, headers=headers)
        answers[name] = response
    refused = {n: r for n, r in answers.items() if r.status_code >= 400}
    silent = [
        f"{n} {r.status_code}: {human_message(r)!r}"
        for n, r in refused.items()
        if not is_human(human_message(r))
    ]
    assert not silent
    not_allowed = [n for n, r in refused.items() if r.status_code == 405]
    assert len(not_allowed) > 30  # the sweep really met the POST-only URLs
    if headers:
        assert all(r["Content-Type"] == "application/json" for r in refused.values()), (
            "htmx and fetch calls read JSON"
        )


def test_a_get_on_a_post_only_url_explains_itself_in_the_layout(owner_client, draft):
    response = owner_client.get(reverse("posts:save", args=[draft.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "only acts on a button press" in human_message(response)
    assert "My series" in response.text  # the site's navigation, not a bare page


def test_other_4xx_pages_carry_a_message(owner_client, client, draft, stranger):
    missing = owner_client.get(reverse("posts:draft", args=[draft.pk + 100]))
    assert missing.status_code == 404 and is_human(human_message(missing))
    missing_json = owner_client.get(
        reverse("posts:draft", args=[draft.pk + 100]), headers=HTMX
    )
    assert missing_json.status_code == 404
    assert is_human(missing_json.json()["error"])


def test_a_reviewer_saving_gets_the_policys_reason_as_json(client, draft):
    from tests.factories import MembershipFactory

    reviewer = MembershipFactory(series=draft.part.series, role="reviewer").user
    client.force_login(reviewer)
    response = client.post(
        reverse("posts:save", args=[draft.pk]),
        {"body": "x", "base_number": 1},
        headers=JSON,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "Reviewers can read and comment, not edit."


def test_a_stale_csrf_token_says_to_reload(user, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("posts:save", args=[draft.pk])
    page = client.post(url, {"body": "x", "base_number": 1})
    assert page.status_code == 403
    assert "security token is out of date" in human_message(page)
    fetch = client.post(url, {"body": "x", "base_number": 1}, headers=JSON)
    assert "Reload the page" in fetch.json()["error"]


# --- a session that ended ------------------------------------------------------


def test_htmx_preview_when_logged_out_is_a_401_with_a_message(client, draft):
    """A redirect would make htmx swap the whole login page into the Preview pane."""
    url = reverse("posts:preview", args=[draft.pk])
    response = client.post(url, {"body": "Still typing."}, headers=HTMX)
    assert response.status_code == 401
    data = response.json()
    assert data["status"] == "login"
    assert data["error"].startswith("Your session has ended: log in again")
    assert data["login_url"] == reverse("login")


def test_editor_save_when_logged_out_is_a_401_json(client, draft):
    url = reverse("posts:save", args=[draft.pk])
    response = client.post(url, {"body": "x", "base_number": 1}, headers=JSON)
    assert response.status_code == 401
    assert "session has ended" in response.json()["error"]


def test_a_page_when_logged_out_still_goes_to_the_login_form(client, draft):
    response = client.get(reverse("posts:draft", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- a body over the upload limit ----------------------------------------------

SIX_MIB = "x" * (6 * 1024 * 1024)


def test_an_oversized_autosave_names_the_limit_in_json(owner_client, draft):
    """Django's RequestDataTooBig once gave a bare "Bad Request (400)" page,
    and the editor took that for an ended session."""
    url = reverse("posts:save", args=[draft.pk])
    data = {"body": SIX_MIB, "base_number": 1, "kind": "autosave"}
    response = owner_client.post(url, data, headers=JSON)
    assert response.status_code == 413
    assert response.json() == {
        "status": "error",
        "error": "Too large to save: the limit is 5 MB for one request.",
    }
    assert Draft.objects.get(pk=draft.pk).revisions.count() == 1


def test_an_oversized_form_post_gets_a_page_naming_the_limit(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    response = owner_client.post(url, {"body": SIX_MIB, "base_number": 1})
    assert response.status_code == 413
    assert "the limit is 5 MB" in human_message(response)


def test_an_oversized_urlencoded_post_is_caught_too(owner_client, draft):
    url = reverse("posts:preview", args=[draft.pk])
    response = owner_client.post(
        url,
        f"body={SIX_MIB}",
        content_type="application/x-www-form-urlencoded",
        headers=HTMX,
    )
    assert response.status_code == 413
    assert "the limit is 5 MB" in response.json()["error"]


def test_too_many_files_at_once_names_the_limit(owner_client, series, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"p{n}.md", b"Text.") for n in range(3)]
    response = owner_client.post(
        reverse("posts:import", args=[series.slug]), {"files": files}
    )
    assert response.status_code == 400
    assert "Too many files at once: the limit is 2." in human_message(response)

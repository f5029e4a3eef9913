"""The voice profile form refuses what the voice check cannot run; stored bad patterns never crash."""

import pytest
from django.urls import reverse

from posts.checks.checking import report, series_context
from series.models import VoiceElement
from tests.factories import PartFactory, make_draft

BASE = {"voice-TOTAL_FORMS": "1", "voice-INITIAL_FORMS": "0"}


def _regex(pattern: str) -> dict:
    return {
        **BASE,
        "voice-0-label": "Hook",
        "voice-0-mode": "regex",
        "voice-0-pattern": pattern,
    }


@pytest.mark.parametrize("pattern", [r"(?<=so) why", r"(\w+) \1"])
def test_voice_profile_refuses_a_pattern_re2_cannot_run(owner_client, series, pattern):
    url = reverse("posts:voice", args=[series.slug])
    response = owner_client.post(url, _regex(pattern))
    assert response.status_code == 200
    assert "cannot run" in response.text and "RE2" in response.text
    assert not VoiceElement.objects.exists()
    assert pattern.replace("<", "&lt;") in response.text  # what was typed stays


def test_voice_profile_refuses_an_empty_pattern(owner_client, series):
    url = reverse("posts:voice", args=[series.slug])
    response = owner_client.post(url, _regex(""))
    assert "Give a pattern." in response.text
    assert not VoiceElement.objects.exists()


def test_voice_profile_accepts_a_pattern_python_would_backtrack_on(
    owner_client, series
):
    url = reverse("posts:voice", args=[series.slug])
    assert owner_client.post(url, _regex(r"(a|a)*c")).status_code == 302
    assert VoiceElement.objects.get(series=series).pattern == r"(a|a)*c"


def test_a_stored_pattern_re2_cannot_run_is_reported_not_run(owner_client, series):
    draft = make_draft(PartFactory(series=series, number=1), "So why not.\n\n#AI")
    # Saved before the form refused it (or by the admin): the check must still answer.
    VoiceElement.objects.create(
        series=series, label="Look-behind", mode="regex", pattern=r"(?<=so) why"
    )
    result = report(draft, series_context(series))
    invalid = [f for f in result.findings if f.code == "voice-pattern-invalid"]
    assert len(invalid) == 1 and "cannot run" in invalid[0].message
    preview = owner_client.post(
        reverse("posts:preview", args=[draft.pk]), {"body": "So why not."}
    )
    assert preview.status_code == 200
    assert owner_client.get(draft.part.get_absolute_url()).status_code == 200

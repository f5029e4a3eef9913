"""Production settings pass Django's deployment checks; CSP is strict."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-real-secret-key-for-the-check-" + "x" * 40,
        "ALLOWED_HOSTS": "postwright.example.com",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_a_strict_content_security_policy(owner_client, draft):
    response = owner_client.get(reverse("posts:draft", args=[draft.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    scripts = response.text.count("<script")
    assert scripts and response.text.count(f'nonce="{nonce}"') == scripts


def test_templates_have_no_inline_scripts_styles_or_hx_on():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "style=" not in text, template
        assert "hx-on" not in text, template
        for chunk in text.split("<script")[1:]:
            assert "src=" in chunk.split(">", 1)[0], f"inline script in {template}"


def test_not_found_and_forbidden_pages_explain_themselves(
    client, owner_client, series, user
):
    from tests.factories import MembershipFactory

    missing = owner_client.get("/series/no-such-series/")
    assert missing.status_code == 404 and "Nothing here" in missing.text
    assert "link has expired or was revoked" in missing.text
    client.force_login(MembershipFactory(series=series, role="reviewer").user)
    forbidden = client.get(reverse("posts:import", args=[series.slug]))
    assert forbidden.status_code == 403
    assert "Reviewers can read and comment, not edit." in forbidden.text

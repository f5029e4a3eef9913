"""The API's docs page (Swagger UI from django-ninja's static files) under our CSP,
and a token made on the settings page working at once against the API."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_under_the_csp_with_no_violation(page, live_server):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/drafts/import")).to_be_visible()
    expect(page.locator(".opblock")).to_have_count(14)
    assert not problems, problems


def test_token_made_on_the_settings_page_works_then_revoked_does_not(page, login, user):
    base = login(user)
    page.goto(f"{base}/accounts/tokens/")
    page.get_by_label("Name").fill("pipeline")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token-value").input_value()
    api = page.context.request
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get(f"{base}/api/v1/series", headers=headers).status == 200
    page.get_by_role("button", name="Revoke pipeline").click()
    expect(page.get_by_text("Token “pipeline” revoked")).to_be_visible()
    refused = api.get(f"{base}/api/v1/series", headers=headers)
    assert refused.status == 401

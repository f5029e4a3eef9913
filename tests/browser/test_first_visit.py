"""A newcomer's first minutes, in real Chromium."""

from playwright.sync_api import expect


def test_sign_up_create_series_part_and_draft_and_see_it_rendered(page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("ada")
    page.locator("input[name=password1]").fill("a-long-enough-pass-2026")
    page.locator("input[name=password2]").fill("a-long-enough-pass-2026")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("No series yet")).to_be_visible()

    page.get_by_role("link", name="Start your first series").click()
    page.get_by_label("Title").fill("Neural Networks")
    page.get_by_role("button", name="Create series").click()
    expect(page.get_by_role("heading", name="Neural Networks")).to_be_visible()

    page.get_by_role("link", name="Add Part 1").click()
    page.get_by_label("Title").fill("How networks learn")
    page.get_by_role("button", name="Create part").click()
    expect(page.get_by_role("heading", name="How networks learn")).to_be_visible()

    page.get_by_role("link", name="Write the first draft").click()
    page.get_by_label("Strategy").fill("balanced")
    page.get_by_label("Text (Markdown)").fill(
        "You may wonder **why**.\nLine two.\n\nRead this:\n- [Docs](https://example.com)\n\n#NeuralNetworks #AI"
    )
    page.get_by_role("button", name="Create draft").click()
    article = page.locator("article.post-preview")
    expect(article.locator("strong")).to_have_text("why")
    expect(article.locator("li a")).to_have_attribute("rel", "noopener nofollow")
    expect(article).to_contain_text("#NeuralNetworks #AI")
    expect(article.locator("h1")).to_have_count(0)

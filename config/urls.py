"""Each feature package serves one URL prefix; README "How it is built" maps them."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

# Addresses written before the features had their own prefixes, still in
# e-mails already sent and in stored activity rows: they move, permanently.
moved: list[URLPattern | URLResolver] = [
    path(
        "invite/<str:token>/",
        login_not_required(
            RedirectView.as_view(pattern_name="series:invitation", permanent=True)
        ),
    ),
    path(
        "drafts/<int:pk>/review/",
        RedirectView.as_view(pattern_name="posts:review", permanent=True),
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("posts.api.token_urls")),
    path("accounts/", include("series.accounts.urls")),
    path("api/v1/", include(("posts.api.urls", "api"), namespace="api")),
    *moved,
    path("", include("series.urls")),
    path("", include("posts.urls")),
]

# JSON for the editor and htmx, a page in the site's layout otherwise.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"

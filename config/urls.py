from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("posts.api.token_urls")),
    path("accounts/", include("series.account_urls")),
    path("api/v1/", include(("posts.api.urls", "api"), namespace="api")),
    path("", include("series.urls")),
    path("", include("posts.urls")),
]

# JSON for the editor and htmx, a page in the site's layout otherwise.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"

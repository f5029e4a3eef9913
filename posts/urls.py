"""Every URL of the posts app, one prefix per feature package (names: posts:…)."""

from django.urls import include, path

app_name = "posts"
urlpatterns = [
    path("", include("posts.outline.urls")),
    path("drafts/", include("posts.editor.urls")),
    path("checks/", include("posts.checks.urls")),
    path("import/", include("posts.importing.urls")),
    path("compare/", include("posts.compare.urls")),
    path("review/", include("posts.review.urls")),
    path("s/", include("posts.review.share_urls")),
    path("publish/", include("posts.publishing.urls")),
    path("trash/", include("posts.trash.urls")),
    path("search/", include("posts.search.urls")),
    path("calendar/", include("posts.schedule.urls")),
    path("live/", include("posts.live.urls")),
]

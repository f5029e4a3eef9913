from django.urls import path

from posts.views import drafts, importing

app_name = "posts"
urlpatterns = [
    path("parts/<int:part_pk>/drafts/new/", drafts.draft_create, name="draft_create"),
    path("series/<slug:slug>/import/", importing.import_drafts, name="import"),
    path("drafts/<int:pk>/", drafts.draft_detail, name="draft"),
    path("drafts/<int:pk>/delete/", drafts.draft_delete, name="draft_delete"),
]

"""What a share-link guest reaches: /s/<token>/… (the links already sent keep working)."""

from django.urls import path

from posts.review import share

urlpatterns = [
    path("<str:token>/", share.shared, name="shared"),
    path("<str:token>/drafts/<int:pk>/", share.shared_review, name="shared_review"),
    path(
        "<str:token>/drafts/<int:pk>/comments/",
        share.shared_comment_create,
        name="shared_comment_create",
    ),
    path(
        "<str:token>/comments/<int:pk>/reply/",
        share.shared_comment_reply,
        name="shared_comment_reply",
    ),
    path(
        "<str:token>/drafts/<int:pk>/suggest/",
        share.shared_suggest,
        name="shared_suggest",
    ),
]

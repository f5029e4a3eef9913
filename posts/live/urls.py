"""The live room's address, named for {% url %}: /live/drafts/<pk> (a WebSocket)."""

from django.urls import path

from posts.live import views

urlpatterns = [
    path("drafts/<int:pk>", views.live_room, name="live"),
]

"""Voice profile, consistency overview and the fixes the checks offer: /checks/…"""

from django.urls import path

from posts.checks import consistency, views

urlpatterns = [
    path("<slug:slug>/voice/", consistency.voice_profile, name="voice"),
    path("<slug:slug>/consistency/", consistency.consistency, name="consistency"),
    path("drafts/<int:pk>/voice-tick/", views.voice_tick, name="voice_tick"),
    path("drafts/<int:pk>/fix/", views.apply_fix, name="apply_fix"),
]

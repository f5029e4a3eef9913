"""Tell a draft's live room that its text was saved (posts.editor.saving.text_saved).

Every server process with the room open hears it through the channel layer; the
room reads the new head and, unless the save was its own, applies it to the
shared document as an edit.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.dispatch import receiver

from posts.editor.saving import text_saved
from posts.live.store import SAVING_FROM_ROOM

logger = logging.getLogger(__name__)


def room_group(draft_id: int) -> str:
    return f"draft-{draft_id}"


@receiver(text_saved)
def announce_head(sender, draft_id: int, revision, conflict: bool, **kwargs) -> None:
    layer = get_channel_layer()
    if layer is None or conflict:  # a conflicting save leaves the head as it was
        return
    message = {
        "type": "room.head",
        "number": revision.number,
        "hash": revision.content_hash,
        "body": revision.body,
        "from_room": SAVING_FROM_ROOM.get(),
    }
    try:
        async_to_sync(layer.group_send)(room_group(draft_id), message)
    except Exception:
        # The save stands; the room picks the head up on its next save or reload.
        logger.exception("Could not tell draft %s's live room about a save", draft_id)

"""Live co-editing: one Yjs room per draft over a WebSocket (Django Channels, pycrdt).

consumers.py speaks the protocol and checks access; rooms.py holds each room's
shared document in this process and keeps it and the draft's revisions agreeing;
store.py is what a room reads and writes in the database and the cache.
"""

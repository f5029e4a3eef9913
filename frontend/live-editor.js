// Postwright's text box: CodeMirror 6 over the form's <textarea>, and, when the
// server's room answers, a Yjs document shared with everyone editing the draft.
//
// The <textarea name="body"> stays the form field (hidden once this runs): every
// change in CodeMirror is copied into it and announced with an "input" event, so
// the live preview (htmx), the checks and static/js/editor.js (autosave, offline
// copies, named versions) keep reading it; text that editor.js puts into it (a
// merge, a restored copy) comes back into CodeMirror as an edit. Without
// JavaScript the textarea is the editor. editor.js reaches the editor through
// window.postwrightSurface (selection, replacing a range, live mode).
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Annotation, Compartment, EditorSelection, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { colourOf, remoteCursors } from "./remote-cursors.js";
import { showPeople } from "./room-people.js";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

// Message types of our own on the room's socket, after Yjs' sync (0), awareness (1),
// auth (2) and query-awareness (3): the server saved the room's text; name a version.
const MESSAGE_SAVED = 100;
const MESSAGE_NAME_VERSION = 101;
const MESSAGE_ROOM = 102; // the room's lineage: a reconnect names it, and a room
// that lost its history (a server restart without Redis) refuses the old document
const CLOSE_OTHER_HISTORY = 4409;
const KEPT_OPEN_MS = 3000; // IndexedDB slower than this (or refused): go on without it

// The smallest replacement turning `from` into `to`: one change, so that
// CodeMirror keeps the caret and Yjs sends only what differs.
function difference(from, to) {
  let start = 0;
  const short = Math.min(from.length, to.length);
  while (start < short && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let end = 0;
  while (end < short - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

const nonce = document.currentScript ? document.currentScript.nonce : "";

function mount() {
  const textarea = document.getElementById("editor-body");
  const form = document.getElementById("editor");
  if (!textarea || !form) return;
  const fromTextarea = Annotation.define();
  let copying = false; // an "input" we dispatch ourselves

  function copyToTextarea(value) {
    if (textarea.value === value) return;
    textarea.value = value;
    copying = true;
    try {
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    } finally {
      copying = false;
    }
  }

  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.id = label.id || `${textarea.id}-label`;
    label.removeAttribute("for");
  }

  const room = form.dataset.liveUrl ? liveRoom(form) : null;
  const extensions = [
    EditorView.cspNonce.of(nonce || ""),
    EditorView.lineWrapping,
    EditorView.editorAttributes.of({ class: "editor-cm form-control" }),
    EditorView.contentAttributes.of({
      "aria-labelledby": label ? label.id : "",
      "aria-multiline": "true",
      spellcheck: "true",
      autocapitalize: "sentences",
    }),
    markdown(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([indentWithTab, ...defaultKeymap.filter((binding) => binding.key !== "Mod-i")]),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (update.transactions.some((tr) => tr.annotation(fromTextarea))) return;
      copyToTextarea(update.state.doc.toString());
    }),
  ];
  const binding = new Compartment();
  extensions.push(binding.of([history(), keymap.of(historyKeymap)]));

  const view = new EditorView({
    state: EditorState.create({ doc: textarea.value, extensions }),
    parent: textarea.parentElement,
  });
  textarea.after(view.dom);
  textarea.classList.add("editor-source");

  // editor.js (a merge pulled in, a restored copy) writes the textarea: apply it as an edit.
  textarea.addEventListener("input", () => {
    if (copying) return;
    const current = view.state.doc.toString();
    if (textarea.value === current) return;
    view.dispatch({ changes: difference(current, textarea.value), annotations: fromTextarea.of(true) });
  });

  window.postwrightSurface = {
    element: view.dom,
    get value() {
      return view.state.doc.toString();
    },
    selection() {
      const { from, to } = view.state.selection.main;
      return { start: from, end: to };
    },
    replace(start, end, insert) {
      view.dispatch({ changes: { from: start, to: end, insert }, userEvent: "input" });
    },
    select(start, end) {
      view.dispatch({ selection: EditorSelection.single(start, end), scrollIntoView: true });
      view.focus();
    },
    focus() {
      view.focus();
    },
    live: room ? room.api : null,
  };
  window.postwrightCodeMirror = view; // for the browser tests and the console

  if (!room) return;
  room.start(view, textarea.value, (shared) => {
    const ytext = room.ydoc.getText("body");
    const people = document.getElementById("live-people");
    if (people) showPeople(room.provider.awareness, people);
    view.dispatch({
      changes: difference(view.state.doc.toString(), shared),
      effects: binding.reconfigure([
        // Awareness left out of yCollab: remoteCursors draws the others' cursors.
        yCollab(ytext, null),
        remoteCursors(ytext, room.provider.awareness),
        keymap.of(yUndoManagerKeymap),
        room.api.readOnly ? [EditorState.readOnly.of(true)] : [],
      ]),
    });
    copyToTextarea(view.state.doc.toString());
  });

}

// The shared document: one room per draft on the server (posts/live/), Yjs'
// sync and awareness protocol over a WebSocket that reconnects by itself.
//
// The document is kept in this browser too (IndexedDB, y-indexeddb), with the
// room's lineage and the text it last saved: a tab closed while offline keeps
// its typing, and the next page of this draft opens that document and sends
// the typing to the room, which Yjs merges (nothing lost, nothing twice; words
// someone restored away meanwhile stay away, since the restore is an edit of
// the same history). A kept document the room cannot take (its history is gone:
// a server restarted without Redis; or the room is out of reach, or refuses this
// writer) is never merged by text into the room: its unsaved text goes to
// editor.js, which offers it back like any unsent copy, and the store is emptied.
function liveRoom(form) {
  const listeners = new Set();
  let state = "connecting";
  let pendingNamed = null;
  let everConnected = false;
  let ydoc = new Y.Doc();
  let provider = null;
  let kept = null; // { persistence, meta }: this browser's copy of the document
  let meta = {}; // { lineage, body, base_number, base_hash }: the room's last save

  function tell(detail) {
    for (const listener of listeners) listener(detail);
  }

  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const base = `${scheme}//${window.location.host}${form.dataset.liveUrl.replace(/\/[^/]*$/, "")}`;
  const name = form.dataset.liveUrl.replace(/^.*\//, "");
  const me = form.dataset.liveUser || "someone";
  // Per draft and writer: another account in this browser never gets this typing.
  const storeName = `postwright:live:${name}:${me}`;

  function connection(lineage) {
    const made = new WebsocketProvider(base, name, ydoc, {
      connect: false,
      maxBackoffTime: 2000,
      params: lineage ? { room: lineage } : {},
    });
    made.awareness.setLocalStateField("user", { name: me, colour: colourOf(me) });
    made.messageHandlers[MESSAGE_ROOM] = (_encoder, decoder) => {
      const lineage = decoding.readVarString(decoder);
      if (!made.params.room) made.params.room = lineage;
      remember({ lineage });
    };
    made.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const saved = JSON.parse(decoding.readVarString(decoder));
      remember({ body: saved.body, base_number: saved.base_number, base_hash: saved.base_hash });
      if (saved.named && pendingNamed) {
        pendingNamed.resolve(saved);
        pendingNamed = null;
      }
      tell({ type: "saved", saved });
    };
    return made;
  }

  function remember(fields) {
    meta = { ...meta, ...fields };
    if (kept) kept.persistence.set("room", meta).catch(() => {});
  }

  // This browser's copy of the document, loaded into `ydoc`; null without IndexedDB.
  async function openKept() {
    if (!window.indexedDB) return null;
    const persistence = new IndexeddbPersistence(storeName, ydoc);
    const opened = await Promise.race([
      persistence.whenSynced.then(() => persistence.get("room")).then((stored) => ({ persistence, stored })),
      new Promise((resolve) => setTimeout(resolve, KEPT_OPEN_MS, null)),
    ]).catch(() => null);
    if (!opened) {
      persistence.destroy().catch(() => {});
      return null;
    }
    return { persistence, meta: opened.stored && typeof opened.stored === "object" ? opened.stored : {} };
  }

  function keptText() {
    return ydoc.getText("body").toString();
  }

  // The kept document cannot join the room: its unsaved typing goes to editor.js
  // (one restore offer), and the store is emptied. This page keeps no document
  // in IndexedDB after that (editor.js keeps its copies again); the next does.
  async function handOver() {
    if (!kept) return;
    const typed = keptText();
    if (typed && meta.base_number && typed !== meta.body) {
      tell({ type: "kept", copy: { body: typed, base_number: meta.base_number, base_hash: meta.base_hash } });
    }
    await forget();
  }

  // Empty the store, and wait until it is gone: a store opened again before
  // would bring the old document back.
  async function forget() {
    if (!kept) return;
    const { persistence } = kept;
    kept = null;
    await persistence.destroy().catch(() => {});
    await new Promise((resolve) => {
      const request = window.indexedDB.deleteDatabase(storeName);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }

  const api = {
    get state() {
      return state;
    },
    get readOnly() {
      return form.dataset.liveReadOnly === "true";
    },
    // True while this browser keeps the document (IndexedDB): editor.js then
    // keeps no copy of its own, so that one edit is never offered back twice.
    get persisted() {
      return Boolean(kept);
    },
    // The text this browser keeps for the draft (for the tests and the console).
    async keptText() {
      if (!window.indexedDB) return null;
      const copy = new Y.Doc();
      const reader = new IndexeddbPersistence(storeName, copy);
      await reader.whenSynced;
      const text = copy.getText("body").toString();
      await reader.destroy();
      return text;
    },
    on(listener) {
      listeners.add(listener);
      listener({ type: "state", state });
    },
    // A named version of the room's text, saved by the server (which holds every
    // keystroke this socket sent before the request). Resolves with the saved revision.
    nameVersion(message) {
      if (state !== "connected" || !provider || !provider.ws) return Promise.reject(new Error("not connected"));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_NAME_VERSION);
      encoding.writeVarString(encoder, JSON.stringify({ message }));
      provider.ws.send(encoding.toUint8Array(encoder));
      if (pendingNamed) pendingNamed.reject(new Error("replaced"));
      return new Promise((resolve, reject) => {
        pendingNamed = { resolve, reject };
        setTimeout(() => {
          if (pendingNamed && pendingNamed.resolve === resolve) {
            pendingNamed = null;
            reject(new Error("timeout"));
          }
        }, 10000);
      });
    },
  };

  function setState(next) {
    if (state === next) return;
    state = next;
    tell({ type: "state", state });
  }

  // Until the room answers, CodeMirror edits the page's text on its own; at the
  // first sync it is bound to the shared document, which then holds the room's
  // text plus whatever was typed here meanwhile (and what this browser kept).
  async function start(view, initial, bind) {
    const unreachable = setTimeout(() => {
      if (!everConnected) giveUp("unavailable");
    }, 5000 + KEPT_OPEN_MS);
    kept = await openKept();
    if (kept) {
      meta = kept.meta;
      if (!meta.lineage && (keptText() || ydoc.store.clients.size)) {
        // A document without the room it belongs to: nothing to merge it with.
        await forget();
        ydoc = new Y.Doc();
        meta = {};
      }
    }
    let hadTyping = Boolean(kept && meta.base_number && keptText() && keptText() !== meta.body);

    let givenUp = false;
    function giveUp(next) {
      if (givenUp) return;
      givenUp = true; // disconnect() closes the socket again: this runs once
      clearTimeout(unreachable);
      // A room whose history is gone can never take this copy again (editor.js
      // keeps the text typed since the last save, and offers it after the reload).
      if (next !== "restarted" || !everConnected) handOver();
      else forget();
      setState(next);
      if (provider) provider.disconnect();
    }

    function listen(made) {
      made.on("sync", (synced) => {
        if (!synced || made !== provider) return;
        if (everConnected) {
          setState("connected"); // back: "Live" once the room has answered our sync
          return;
        }
        everConnected = true;
        clearTimeout(unreachable);
        const shared = ydoc.getText("body");
        const typed = view.state.doc.toString();
        if (typed !== initial || !shared.length) {
          const change = difference(shared.toString(), typed);
          ydoc.transact(() => {
            if (change.to > change.from) shared.delete(change.from, change.to - change.from);
            if (change.insert) shared.insert(change.from, change.insert);
          });
        }
        if (!meta.base_number) {
          // A fresh copy: its base is the page's revision until the room saves.
          const { base_number: number, base_hash: hash } = form.elements;
          remember({ body: initial, base_number: number.value, base_hash: hash.value });
        }
        setState("connected");
        bind(shared.toString());
        if (hadTyping) tell({ type: "kept-merged" });
      });
      // Cut off (a server process died, a network blip): y-websocket retries after
      // 0.2 s, 0.4 s, … at most maxBackoffTime apart, the proxy sends it to a live
      // process, and the sync there sends what that room lacks.
      made.on("status", ({ status }) => {
        if (everConnected && made === provider && status !== "connected") setState("reconnecting");
      });
      made.on("connection-close", (event) => {
        if (made !== provider) return;
        if (event && event.code === CLOSE_OTHER_HISTORY && !everConnected && kept) {
          // The kept document is of a room that is gone: offer its typing back,
          // and join the room as it is now with an empty document.
          made.destroy();
          hadTyping = false; // offered back, not merged
          handOver().then(() => {
            ydoc = new Y.Doc();
            meta = {};
            provider = connection(null);
            listen(provider);
            provider.connect();
          });
        } else if (event && event.code === CLOSE_OTHER_HISTORY) giveUp("restarted");
        else if (event && event.code >= 4400 && event.code < 4500) giveUp(event.code === 4403 ? "refused" : "unavailable");
        else if (!everConnected) giveUp("unavailable");
      });
    }

    if (givenUp) return;
    provider = connection(kept ? meta.lineage : null);
    listen(provider);
    provider.connect();
  }

  return {
    get provider() {
      return provider;
    },
    get ydoc() {
      return ydoc;
    },
    api,
    start,
  };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();

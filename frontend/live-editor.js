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
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

// Message types of our own on the room's socket, after Yjs' sync (0), awareness (1),
// auth (2) and query-awareness (3): the server saved the room's text; name a version.
const MESSAGE_SAVED = 100;
const MESSAGE_NAME_VERSION = 101;
const MESSAGE_ROOM = 102; // the room's lineage: a reconnect names it, and a room
// that lost its history (a server restart without Redis) refuses the old document
const CLOSE_OTHER_HISTORY = 4409;

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

  const ydoc = new Y.Doc();
  const ytext = ydoc.getText("body");
  const room = form.dataset.liveUrl ? liveRoom(form, ydoc) : null;
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
function liveRoom(form, ydoc) {
  const listeners = new Set();
  let state = "connecting";
  let pendingNamed = null;
  let everConnected = false;

  function tell(detail) {
    for (const listener of listeners) listener(detail);
  }

  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const base = `${scheme}//${window.location.host}${form.dataset.liveUrl.replace(/\/[^/]*$/, "")}`;
  const name = form.dataset.liveUrl.replace(/^.*\//, "");
  const provider = new WebsocketProvider(base, name, ydoc, { connect: false, maxBackoffTime: 2000 });
  const me = form.dataset.liveUser || "someone";
  provider.awareness.setLocalStateField("user", { name: me, colour: colourOf(me) });

  provider.messageHandlers[MESSAGE_ROOM] = (_encoder, decoder) => {
    const lineage = decoding.readVarString(decoder);
    if (!provider.params.room) provider.params.room = lineage;
  };

  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    const saved = JSON.parse(decoding.readVarString(decoder));
    if (saved.named && pendingNamed) {
      pendingNamed.resolve(saved);
      pendingNamed = null;
    }
    tell({ type: "saved", saved });
  };

  const api = {
    get state() {
      return state;
    },
    get readOnly() {
      return form.dataset.liveReadOnly === "true";
    },
    on(listener) {
      listeners.add(listener);
      listener({ type: "state", state });
    },
    // A named version of the room's text, saved by the server (which holds every
    // keystroke this socket sent before the request). Resolves with the saved revision.
    nameVersion(message) {
      if (state !== "connected" || !provider.ws) return Promise.reject(new Error("not connected"));
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
  // text plus whatever was typed here meanwhile.
  function start(view, initial, bind) {
    const unreachable = setTimeout(() => {
      if (!everConnected) setState("unavailable");
    }, 5000);
    provider.on("sync", (synced) => {
      if (!synced) return;
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
      setState("connected");
      bind(shared.toString());
    });
    // Cut off (a server process died, a network blip): y-websocket retries after
    // 0.2 s, 0.4 s, … at most maxBackoffTime apart, the proxy sends it to a live
    // process, and the sync there sends what that room lacks.
    provider.on("status", ({ status }) => {
      if (everConnected && status !== "connected") setState("reconnecting");
    });
    let givenUp = false;
    const giveUp = (next) => {
      if (givenUp) return;
      givenUp = true; // disconnect() closes the socket again: this runs once
      clearTimeout(unreachable);
      setState(next);
      provider.disconnect();
    };
    provider.on("connection-close", (event) => {
      if (event && event.code === CLOSE_OTHER_HISTORY) giveUp("restarted");
      else if (event && event.code >= 4400 && event.code < 4500) giveUp(event.code === 4403 ? "refused" : "unavailable");
      else if (!everConnected) giveUp("unavailable");
    });
    provider.connect();
  }

  return { provider, api, start };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();

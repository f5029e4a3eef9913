// The review page's live text (reviewers, share-link guests): the draft's room
// (posts/live/), joined read-only. The writers' typing shows as it happens in a
// read-only CodeMirror, with their cursors and names; this reader's own cursor
// and name go to the writers. The server drops any update this socket sends;
// CodeMirror here never makes one.
//
// The rendered text beside it, where comments are anchored on words, stays the
// revision the page was loaded with: text that moved while one reads or selects
// words would move the selection and the highlights away. When the room saves a
// new revision a bar says so ("3 new edits") and one click brings in its text,
// threads and approval form without losing a comment being typed (review.js).
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import * as decoding from "lib0/decoding";
import { yCollab } from "y-codemirror.next";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { colourOf, remoteCursors } from "./remote-cursors.js";
import { showPeople } from "./room-people.js";

// The room's messages of our own (posts/live/consumers.py).
const MESSAGE_SAVED = 100;
const MESSAGE_ROOM = 102;
const CLOSE_DENIED = 4403;
const CLOSE_OTHER_HISTORY = 4409;
const UNREACHABLE_MS = 5000;

const nonce = document.currentScript ? document.currentScript.nonce : "";

function mount() {
  const section = document.getElementById("live-view");
  const article = document.getElementById("review-text");
  if (!section || !article) return;
  const holder = document.getElementById("live-view-text");
  const status = document.getElementById("live-view-status");
  const people = document.getElementById("live-view-people");
  const changed = document.getElementById("review-changed");
  const me = section.dataset.liveUser || "Guest";
  const unseen = new Set(); // hashes of the revisions saved since the article's
  let latest = null;

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function saved(head) {
    latest = head;
    if (head.base_hash === article.dataset.hash) {
      unseen.clear();
    } else {
      unseen.add(head.base_hash);
    }
    changed.hidden = unseen.size === 0;
    if (!unseen.size) return;
    const edits = unseen.size === 1 ? "1 new edit" : `${unseen.size} new edits`;
    changed.querySelector("[data-changed-text]").textContent =
      `The text changed since you loaded it: ${edits}, now revision ${head.base_number}. Comments go on the text below.`;
  }

  changed.querySelector("[data-changed-show]").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (window.postwrightReview) window.postwrightReview.replaceText(fresh);
      if (latest) saved(latest);
    } catch {
      changed.querySelector("[data-changed-text]").textContent = "The new text could not be loaded: reload the page.";
    } finally {
      button.disabled = false;
    }
  });

  let connection = null;

  // One connection to the room; a room that lost its history (4409: a server
  // restarted without Redis) is joined afresh, since this page typed nothing.
  function connect() {
    const ydoc = new Y.Doc();
    const ytext = ydoc.getText("body");
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const url = section.dataset.liveUrl;
    const base = `${scheme}//${window.location.host}${url.replace(/\/[^/]*$/, "")}`;
    const params = section.dataset.liveShare ? { share: section.dataset.liveShare } : {};
    // disableBc: this page hears only the server, never another tab of this browser.
    const provider = new WebsocketProvider(base, url.replace(/^.*\//, ""), ydoc, {
      connect: false,
      params,
      maxBackoffTime: 2000,
      disableBc: true,
    });
    provider.awareness.setLocalStateField("user", { name: me, colour: colourOf(me), readOnly: true });
    provider.messageHandlers[MESSAGE_ROOM] = (_encoder, decoder) => {
      const lineage = decoding.readVarString(decoder);
      if (!provider.params.room) provider.params.room = lineage;
    };
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      saved(JSON.parse(decoding.readVarString(decoder)));
    };

    const view = new EditorView({
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          EditorView.cspNonce.of(nonce || ""),
          EditorView.lineWrapping,
          EditorState.readOnly.of(true),
          EditorView.editorAttributes.of({ class: "editor-cm live-view-cm" }),
          EditorView.contentAttributes.of({
            "aria-label": "The draft as the writers type it (Markdown, read-only)",
            "aria-readonly": "true",
          }),
          markdown(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yCollab(ytext, null, { undoManager: false }),
          remoteCursors(ytext, provider.awareness),
          follow(),
        ],
      }),
      parent: holder,
    });
    const stopPeople = showPeople(provider.awareness, people);
    let everSynced = false;
    const unreachable = setTimeout(() => {
      if (!everSynced) close("");
    }, UNREACHABLE_MS);

    provider.on("sync", (synced) => {
      if (!synced) return;
      everSynced = true;
      clearTimeout(unreachable);
      section.hidden = false;
      say("");
    });
    provider.on("status", ({ status: state }) => {
      if (everSynced) say(state === "connected" ? "" : "Reconnecting to the writers’ room…");
    });
    provider.on("connection-close", (event) => {
      if (event && event.code === CLOSE_OTHER_HISTORY) {
        close(null);
        connection = connect();
      } else if (event && event.code === CLOSE_DENIED) {
        close("The live text ended: you no longer have access to this draft.");
      } else if (!everSynced && event) {
        close("");
      }
    });

    // `message`: what to say in place of the text ("": hide the panel; null: nothing, a new connection follows).
    function close(message) {
      clearTimeout(unreachable);
      provider.disconnect();
      provider.destroy();
      stopPeople();
      view.destroy();
      if (message === null) return;
      people.replaceChildren();
      if (message) {
        say(message);
      } else {
        section.hidden = true;
      }
    }

    provider.connect();
    return { close };
  }

  connection = connect();
  window.addEventListener("pagehide", () => connection && connection.close(null));
}

// Keep the writers' latest change in view inside the panel (never the page, which
// the reader may be reading) while the reader is not in the panel.
function follow() {
  return EditorView.updateListener.of((update) => {
    if (!update.docChanged || update.view.hasFocus) return;
    let at = -1;
    update.changes.iterChangedRanges((_fromA, _toA, _fromB, toB) => {
      at = toB;
    });
    if (at < 0) return;
    const view = update.view;
    requestAnimationFrame(() => {
      if (!view.dom.isConnected) return;
      const block = view.lineBlockAt(Math.min(at, view.state.doc.length));
      const scroller = view.scrollDOM;
      if (block.top < scroller.scrollTop || block.bottom > scroller.scrollTop + scroller.clientHeight) {
        scroller.scrollTop = Math.max(0, block.top - scroller.clientHeight / 3);
      }
    });
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();

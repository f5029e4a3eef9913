// Postwright editor: autosave, offline copy, conflicts, toolbar, tabs.
// The live preview is plain htmx on the textarea (see draft_detail.html).
// The textarea is the form field; static/build/live-editor.js (CodeMirror, and
// the shared room when it answers) hides it and keeps it in sync, and offers
// the selection through window.postwrightSurface. In a live room the server saves
// what everyone types; the autosave below is the fallback when the room is out of reach.
"use strict";

(() => {
  const form = document.getElementById("editor");
  if (!form) return;

  // The form holds the toolbar; the text area (form="editor"), the panes and
  // the checks panel (with forms of its own) sit beside it in the shell.
  const shell = document.getElementById("editor-shell");
  const text = document.getElementById("editor-body");
  const statusEl = document.getElementById("save-status");
  const banner = document.getElementById("conflict-banner");
  const errorBox = document.getElementById("save-error");
  const offer = document.getElementById("restore-offer");
  const note = document.getElementById("version-message");
  const draftKey = `postwright:draft:${form.dataset.draft}:unsent`;
  const AUTOSAVE_MS = 2000;
  const FIRST_RETRY_MS = 1000;
  const MAX_RETRY_MS = 30000;

  let confirmed = text.value; // what the server holds as our base
  let timer = null;
  let saving = false;
  let queuedNamed = null; // a named save asked for while another save ran
  let retryMs = FIRST_RETRY_MS;
  let retryKind = null; // set while offline: a retry is waiting
  let failed = null; // the save the server refused or failed, for "Try again"
  let inConflict = false; // a save overlapped someone's: autosave waits for the resolver
  let pulling = false; // a rebase onto a newer head is under way
  const KEPT = "Your text is kept in this browser.";
  const surface = window.postwrightSurface || textareaSurface(text);
  const room = surface.live; // null: no room on this page, or no CodeMirror
  let live = false; // the room saves the text; no autosave from here

  // --- status --------------------------------------------------------------

  function setStatus(state, label) {
    statusEl.dataset.state = state;
    statusEl.textContent = label;
  }

  // One message at a time; `login` adds a link to log in in another tab,
  // `retry` a button that sends the failed save again.
  function showError(message, { login = false, retry = false } = {}) {
    errorBox.querySelector("[data-error-text]").textContent = message;
    errorBox.querySelector("[data-error-login]").hidden = !login;
    errorBox.querySelector("[data-error-retry]").hidden = !retry;
    errorBox.hidden = !message;
  }

  errorBox.addEventListener("click", (event) => {
    if (!event.target.closest("[data-error-retry]") || !failed) return;
    const { kind, message } = failed;
    failed = null;
    showError("");
    save(kind, message);
  });

  // htmx requests from the editor (the preview, the checks panel's buttons),
  // and any on this page that met an ended session (the presence heartbeat,
  // the notifications badge): say so here, beside the text, rather than in
  // the page's notice (app.js), so it is said once. A save's own error
  // (with Try again) comes first. Capture: before app.js's listener.
  let htmxError = 0; // the status of the refusal the box shows, 0: none

  document.addEventListener("htmx:responseError", (event) => {
    const mine = shell.contains(event.target) || event.detail.xhr.status === 401;
    if (!mine) return;
    event.stopPropagation();
    if (failed) return;
    const { message, loginUrl } = window.postwrightErrorOf(event.detail.xhr);
    htmxError = event.detail.xhr.status;
    showError(loginUrl ? `${message} ${KEPT}` : message, { login: Boolean(loginUrl) });
  }, true);

  // Gone once it works again: any request after an ended session, else a
  // request of the editor's own.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful || !htmxError || failed) return;
    if (htmxError === 401 || shell.contains(event.target)) {
      htmxError = 0;
      showError("");
    }
  });

  // --- the copies kept in the browser until the server confirms ----------
  //
  // One copy per tab: two tabs on one draft, both offline, must not overwrite
  // each other's text. The tab's id lives in sessionStorage (it survives a
  // reload); each page load also has an instance id, so a page never takes
  // over a copy that an earlier page of its tab, or a duplicated tab, wrote.

  function randomId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  const instance = randomId();
  let tabId = (() => {
    try {
      const id = sessionStorage.getItem("postwright:tab") || randomId();
      sessionStorage.setItem("postwright:tab", id);
      return id;
    } catch {
      return randomId();
    }
  })();

  function ownKey() {
    return `${draftKey}:${tabId}`;
  }

  function readEntry(key) {
    try {
      const entry = JSON.parse(localStorage.getItem(key) || "null");
      return entry && typeof entry.body === "string" ? entry : null;
    } catch {
      return null;
    }
  }

  function storeLocal() {
    const entry = {
      body: text.value,
      base_number: form.elements.base_number.value,
      base_hash: form.elements.base_hash.value,
      at: Date.now(),
      instance,
    };
    try {
      const held = readEntry(ownKey());
      if (held && held.instance !== instance) {
        // Another page's unsent text: leave it for the restore offer.
        tabId = randomId();
        sessionStorage.setItem("postwright:tab", tabId);
      }
      localStorage.setItem(ownKey(), JSON.stringify(entry));
    } catch {
      // Storage full or disabled: the server copy is all we have.
    }
  }

  function removeKey(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing to clear.
    }
  }

  function clearLocal() {
    const held = readEntry(ownKey());
    if (held && held.instance === instance) removeKey(ownKey());
  }

  // Every copy of this draft that other pages left (the key without a tab
  // id is the one earlier versions of the editor wrote), oldest first.
  function otherCopies() {
    const copies = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (key !== draftKey && !key.startsWith(`${draftKey}:`)) continue;
        const entry = readEntry(key);
        if (entry && entry.instance !== instance) copies.push({ ...entry, key });
      }
    } catch {
      return [];
    }
    return copies.sort((a, b) => a.at - b.at);
  }

  function setBase(data) {
    form.elements.base_number.value = data.base_number;
    form.elements.base_hash.value = data.base_hash;
  }

  // --- saving ----------------------------------------------------------------

  function schedule(kind, delay) {
    clearTimeout(timer);
    timer = setTimeout(() => save(kind), delay);
  }

  async function save(kind, message = "") {
    if (live) return kind === "named" ? nameInRoom(message) : undefined;
    if (saving) {
      if (kind === "named") queuedNamed = message;
      return;
    }
    clearTimeout(timer);
    saving = true;
    const sent = text.value;
    const data = new FormData(form);
    data.set("csrfmiddlewaretoken", window.postwrightCsrfToken());
    data.set("kind", kind);
    data.set("message", kind === "named" ? message : "");
    setStatus("saving", "Saving…");
    let response;
    try {
      response = await fetch(form.dataset.saveUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      response = null;
    }
    saving = false;
    await handle(response, kind, sent, message);
    if (queuedNamed !== null) {
      const next = queuedNamed;
      queuedNamed = null;
      save("named", next);
    }
  }

  async function handle(response, kind, sent, message) {
    if (!response) return retryLater(kind, message);
    const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
    const data = isJson ? await response.json().catch(() => ({})) : {};
    if (!response.ok || !isJson) return refused(response, data, kind, message);
    retryMs = FIRST_RETRY_MS;
    retryKind = null;
    failed = null;
    htmxError = 0;
    showError("");
    const headLabel = document.getElementById("head-label");
    if (headLabel && data.revision) headLabel.textContent = `Revision ${data.revision} · saved just now`;
    if (kind === "named" && note.value === message) note.value = "";
    forgetRestored();
    if (data.status === "merged") return adoptMerge(data, sent);
    setBase(data);
    confirmed = sent;
    if (data.status === "conflict") {
      // Kept as its own revision; the head stays theirs. Autosave waits: the
      // resolver settles the overlap (the base stays the text we started from).
      inConflict = true;
      banner.innerHTML = data.banner;
      setStatus("conflict", `Kept as revision ${data.revision}: resolve the overlap`);
    } else {
      setStatus("saved", kind === "named" ? `Saved as revision ${data.revision}` : "Saved");
    }
    if (text.value === sent) {
      clearLocal();
    } else {
      storeLocal(); // typed on while saving: keep the newer copy, base updated
      changed();
    }
  }

  // --- merging others' edits in --------------------------------------------------
  //
  // A save from an older base came back merged with what others saved, or the
  // presence poll says the head moved: the text in the box becomes the head
  // plus what was typed here since (the server's three-way merge, posts:rebase).

  function sayMerged(notes) {
    if (!notes || !notes.length) return;
    const box = document.createElement("div");
    box.className = "alert alert-info merge-notice";
    box.setAttribute("role", "status");
    const list = document.createElement("ul");
    list.className = "merge-notes";
    for (const line of notes) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    box.append(list);
    banner.replaceChildren(box);
  }

  // Replace the text, keeping the caret near where it was.
  function replaceText(body) {
    if (text.value === body) return;
    const at = text.selectionStart;
    const fromEnd = text.value.length - text.selectionEnd;
    const focused = document.activeElement === text;
    text.value = body;
    if (focused) {
      const caret = Math.max(0, Math.min(body.length, at <= body.length - fromEnd ? at : body.length - fromEnd));
      text.setSelectionRange(caret, caret);
    }
    text.dispatchEvent(new Event("input", { bubbles: true })); // preview, autosave
  }

  async function rebase(base, mine, baseNumber) {
    const data = new FormData();
    data.set("csrfmiddlewaretoken", window.postwrightCsrfToken());
    data.set("base", base);
    data.set("mine", mine);
    data.set("base_number", baseNumber);
    const response = await fetch(form.dataset.rebaseUrl, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).catch(() => null);
    if (!response || !response.ok) return null;
    return response.json().catch(() => null);
  }

  async function adoptMerge(data, sent) {
    const merged = data.merged;
    if (text.value === sent) {
      setBase(data);
      confirmed = merged.body;
      replaceText(merged.body);
      clearLocal();
      setStatus("saved", `Merged as revision ${data.revision}`);
      return sayMerged(merged.notes);
    }
    // Typed on while the save was out: merge that typing onto the merged text.
    const before = { base_number: form.elements.base_number.value, base_hash: form.elements.base_hash.value };
    const mine = text.value;
    const answer = await rebase(sent, mine, data.base_number);
    if (answer && answer.status === "merged" && text.value === mine) {
      setBase(answer);
      confirmed = answer.head_body;
      replaceText(answer.body);
      sayMerged([...merged.notes, ...answer.notes.filter((n) => !merged.notes.includes(n))]);
    } else {
      // Overlaps what others wrote (or typed on again): keep the text and the
      // old base, so the next save is merged by the server (or asks to resolve).
      setBase(before);
      sayMerged(merged.notes);
      storeLocal();
      changed();
    }
  }

  async function pullHead(number, hash) {
    if (live) return; // the room applies others' saves as edits
    if (pulling || saving || inConflict || retryKind !== null || failed) return;
    if (hash === form.elements.base_hash.value) return;
    pulling = true;
    const mine = text.value;
    const answer = await rebase(confirmed, mine, form.elements.base_number.value);
    pulling = false;
    if (!answer || answer.base_hash !== hash || saving) return; // next poll tries again
    if (answer.status !== "merged") {
      return sayMerged([`Revision ${answer.revision} changed words you are editing: your next save asks you to choose.`]);
    }
    if (text.value !== mine) return; // typed meanwhile: the next poll merges again
    clearTimeout(timer);
    setBase(answer);
    confirmed = answer.head_body;
    const headLabel = document.getElementById("head-label");
    if (headLabel) headLabel.textContent = `Revision ${answer.revision} · merged in just now`;
    replaceText(answer.body);
    if (text.value === confirmed) setStatus("saved", "Up to date");
    sayMerged(answer.notes);
  }

  document.addEventListener("htmx:afterSwap", (event) => {
    const head = event.target.querySelector && event.target.querySelector("[data-head-hash]");
    if (head) pullHead(head.dataset.headNumber, head.dataset.headHash);
  });

  // The server answered, but did not save: say why, keep the text, and let
  // the writer try again (no endless retries against a failing server).
  function refused(response, data, kind, message) {
    retryKind = null;
    clearTimeout(timer);
    failed = { kind, message };
    htmxError = 0;
    const status = response.status;
    if (status === 401 || (response.ok && !data.status)) {
      // 401 from the server; a login page (200, HTML) from an older one.
      setStatus("error", "Not saved: logged out");
      const said = data.error || "Your session has ended: log in again in another tab, then try again.";
      return showError(`${said} ${KEPT}`, { login: true, retry: true });
    }
    if (status >= 500) {
      setStatus("error", "Not saved: server error");
      return showError(`The server could not save your text (error ${status}). ${KEPT} Try again in a moment.`, { retry: true });
    }
    setStatus("error", "Not saved");
    const said = data.error || `The server refused this save (error ${status}).`;
    return showError(`${said} ${KEPT}`, { retry: status !== 400 && status !== 413 });
  }

  function retryLater(kind, message) {
    setStatus("offline", "Offline – retrying");
    retryKind = kind;
    clearTimeout(timer);
    timer = setTimeout(() => save(kind, message), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  function changed() {
    if (live) {
      if (text.value === confirmed) return clearLocal();
      // The room's document kept in IndexedDB (live-editor.js) holds the typing:
      // a second copy here would offer one edit back twice.
      if (room.persisted) clearLocal();
      else storeLocal(); // until the room says it saved this text
      if (room.state === "connected") setStatus("dirty", "Live · saving soon");
      return;
    }
    if (text.value === confirmed) {
      clearLocal();
      if (!saving && retryKind === null && failed === null) setStatus("saved", "Saved");
      return;
    }
    storeLocal();
    if (retryKind !== null) return; // a retry is already waiting
    if (inConflict) return setStatus("conflict", "Resolve the overlap first (your text is kept here)");
    setStatus("dirty", "Unsaved changes");
    schedule("autosave", AUTOSAVE_MS);
  }

  text.addEventListener("input", changed);

  window.addEventListener("online", () => {
    if (retryKind !== null) {
      retryMs = FIRST_RETRY_MS;
      save(retryKind);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (live && (room.state === "connected" || room.persisted)) return; // the room or IndexedDB holds it
    if (text.value !== confirmed || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save("named", note.value.trim());
  });

  // --- unsent text from earlier visits and other tabs ----------------------

  // The copy last restored stays stored until a save after it succeeds (its
  // text is this page's own copy meanwhile too). One restored before it and
  // replaced unsaved stays stored, and is offered again next time.
  let restoredKey = null;

  function forgetRestored() {
    if (restoredKey) removeKey(restoredKey);
    restoredKey = null;
  }

  function squash(part) {
    return part.replace(/\s+/g, " ");
  }

  function opening(body) {
    const start = squash(body.trim());
    return start.length > 60 ? `${start.slice(0, 60)}…` : start || "(empty text)";
  }

  // Copies of one draft often open alike: show where each leaves the saved text.
  function firstChange(body, saved) {
    let at = 0;
    while (at < body.length && body[at] === saved[at]) at++;
    if (at >= body.length) return "the saved text, cut short";
    let from = Math.max(0, at - 30);
    const word = body.slice(from, at).search(/\s/); // start on a whole word
    if (from && word !== -1) from += word + 1;
    return `${from ? "…" : ""}${squash(body.slice(from, at + 70))}${at + 70 < body.length ? "…" : ""}`;
  }

  function offerItem(copy) {
    const item = document.createElement("li");
    item.className = "restore-item";
    item.dataset.key = copy.key;
    const label = document.createElement("span");
    label.className = "restore-label";
    const when = new Date(copy.at).toLocaleString();
    const start = document.createElement("q");
    start.textContent = opening(copy.body);
    const change = document.createElement("q");
    change.textContent = firstChange(copy.body, text.value);
    const detail = document.createElement("span");
    detail.className = "restore-change";
    detail.append("First difference: ", change);
    label.append(`From ${when}, based on revision ${copy.base_number}: `, start, detail);
    const buttons = document.createElement("span");
    buttons.className = "restore-buttons";
    for (const [choice, name, style] of [
      ["keep", "Restore", "btn-primary"],
      ["discard", "Discard", "btn-outline-secondary"],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `btn btn-sm ${style}`;
      button.dataset.restore = choice;
      button.textContent = name;
      buttons.append(button);
    }
    item.append(label, buttons);
    return item;
  }

  const copies = new Map();
  const offerList = offer.querySelector("[data-restore-list]");

  function offerCopy(copy) {
    if (copy.body === text.value) return removeKey(copy.key); // the server holds it
    copies.set(copy.key, copy);
    offerList.append(offerItem(copy));
    offer.querySelector("[data-restore-text]").textContent =
      copies.size === 1
        ? "This browser holds text for this draft that never reached the server:"
        : `This browser holds ${copies.size} texts for this draft that never reached the server (one per tab or visit):`;
    offer.hidden = false;
  }

  for (const copy of otherCopies()) offerCopy(copy);
  offer.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-restore]");
    if (!choice) return;
    const item = choice.closest("[data-key]");
    const copy = copies.get(item.dataset.key);
    item.remove();
    copies.delete(copy.key);
    offer.hidden = !offerList.children.length;
    if (choice.dataset.restore === "discard") return removeKey(copy.key);
    restoredKey = copy.key;
    // Its old base: if someone saved since, the server merges it with their text.
    setBase(copy);
    text.value = copy.body;
    text.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // The live room's copy in this browser (IndexedDB) that the room could not take
  // (out of reach, or its history gone): kept as an unsent copy like the others,
  // and offered now unless this writer lost access.
  function keptByRoom(copy) {
    const entry = { ...copy, at: Date.now(), instance: `kept-${randomId()}` };
    const key = `${draftKey}:${entry.instance}`;
    try {
      localStorage.setItem(key, JSON.stringify(entry));
    } catch {
      // Storage full or disabled: it is offered on this page only.
    }
    if (room.state !== "refused") offerCopy({ ...entry, key });
  }

  // --- toolbar and shortcuts -------------------------------------------------

  // The text box as the toolbar sees it: the textarea itself when CodeMirror
  // did not load.
  function textareaSurface(box) {
    return {
      element: box,
      get value() {
        return box.value;
      },
      selection: () => ({ start: box.selectionStart, end: box.selectionEnd }),
      replace(start, end, replacement) {
        box.focus();
        box.setSelectionRange(start, end);
        // execCommand keeps the browser's undo history; setRangeText is the fallback.
        if (!document.execCommand("insertText", false, replacement)) {
          box.setRangeText(replacement, start, end, "end");
          box.dispatchEvent(new Event("input", { bubbles: true }));
        }
      },
      select(start, end) {
        box.setSelectionRange(start, end);
      },
      focus: () => box.focus(),
      live: null,
    };
  }

  function insert(replacement, start, end) {
    surface.replace(start, end, replacement);
  }

  function wrap(before, after, placeholder) {
    const { start: s, end: e } = surface.selection();
    const inner = surface.value.slice(s, e) || placeholder;
    insert(before + inner + after, s, e);
    surface.select(s + before.length, s + before.length + inner.length);
  }

  function link() {
    const { start: s, end: e } = surface.selection();
    const label = surface.value.slice(s, e) || "link text";
    const url = "https://";
    insert(`[${label}](${url})`, s, e);
    const at = s + label.length + 3;
    surface.select(at, at + url.length);
  }

  function prefixLines(prefix, strip) {
    const { start: s, end: e } = surface.selection();
    const value = surface.value;
    const start = value.lastIndexOf("\n", s - 1) + 1;
    let end = value.indexOf("\n", e > s && value[e - 1] === "\n" ? e - 1 : e);
    if (end === -1) end = value.length;
    const lines = value.slice(start, end).split("\n");
    const all = lines.every((line) => line.startsWith(prefix));
    const out = lines.map((line) => (all ? line.slice(prefix.length) : prefix + line.replace(strip, "")));
    insert(out.join("\n"), start, end);
  }

  const formats = {
    bold: () => wrap("**", "**", "bold text"),
    italic: () => wrap("_", "_", "italic text"),
    link,
    heading: () => prefixLines("## ", /^#{1,6}\s+/),
    list: () => prefixLines("- ", /^[-*+]\s+/),
  };

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-format]");
    if (button) formats[button.dataset.format]();
  });

  // Capture: before CodeMirror's own key bindings.
  surface.element.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    let action = null;
    if (key === "b" && !event.shiftKey) action = formats.bold;
    else if (key === "i" && !event.shiftKey) action = formats.italic;
    else if (key === "k") action = formats.link;
    else if (event.altKey && event.code === "Digit2") action = formats.heading;
    else if (event.shiftKey && event.code === "Digit8") action = formats.list;
    if (action) {
      event.preventDefault();
      event.stopPropagation();
      action();
    }
  }, true);

  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save("named", note.value.trim());
    }
  });

  // --- the live room ----------------------------------------------------------
  //
  // Connected: everyone's typing meets in the room, which saves it (debounced)
  // and says so; Ctrl+S asks it for a named version. Never reached: the autosave
  // above, as without a room. Cut off after it worked: the typing stays in the
  // shared document (and this browser's copy) and goes out on reconnect.

  const liveSaid = {
    connected: ["saved", "Live"],
    reconnecting: ["offline", "Live · reconnecting (your text is kept here)"],
    refused: ["error", "Live editing ended: you no longer have access"],
  };

  function roomEvent(event) {
    if (event.type === "kept") return keptByRoom(event.copy);
    if (event.type === "kept-merged") {
      return sayLive("What you typed here while offline, kept in this browser, was sent to the room and merged in.");
    }
    if (event.type === "saved") {
      const { saved } = event;
      setBase(saved);
      confirmed = saved.body;
      const headLabel = document.getElementById("head-label");
      if (headLabel) headLabel.textContent = `Revision ${saved.base_number} · saved live just now`;
      if (text.value === confirmed) {
        clearLocal();
        if (room.state === "connected") setStatus("saved", saved.named ? `Saved as revision ${saved.base_number}` : "Live · saved");
      }
      return;
    }
    if (event.state === "connected" && !live) {
      live = true;
      clearTimeout(timer);
      retryKind = null;
      if (room.persisted) clearLocal(); // typed before the room answered: IndexedDB has it now
    }
    if (event.state === "unavailable" && !live) {
      sayLive("Live editing is not available (the connection to the server's room failed): your edits are saved as you type, and merged with others' saves.");
      setStatus(text.value === confirmed ? "saved" : "dirty", text.value === confirmed ? "Saved" : "Unsaved changes");
      return;
    }
    const said = liveSaid[event.state];
    if (said && live) setStatus(...said);
    if (event.state === "restarted") {
      if (text.value !== confirmed) storeLocal(); // offered back after the reload
      setStatus("error", "Live editing stopped: reload the page");
      sayLive("The server's live room started afresh and cannot take this page's copy: reload the page. What you typed since the last save is kept in this browser and offered back.");
    }
    if (event.state === "refused") {
      shell.classList.add("is-read-only");
      sayLive("You no longer have access to edit this draft: what you type now is kept in this browser only.");
    }
  }

  function sayLive(message) {
    const box = document.getElementById("live-note");
    if (!box) return;
    box.textContent = message;
    box.hidden = !message;
  }

  async function nameInRoom(message) {
    setStatus("saving", "Saving version…");
    try {
      const saved = await room.nameVersion(message);
      if (note.value === message) note.value = "";
      setStatus("saved", `Saved as revision ${saved.base_number}`);
    } catch {
      setStatus("error", "Version not saved: the room did not answer (your text is kept)");
    }
  }

  if (room) room.on(roomEvent);

  // --- tabs: one pane on a phone, writing + one side pane on a laptop --------

  const wide = window.matchMedia("(min-width: 992px)");
  const tabs = shell.querySelectorAll("[data-tab]");
  const panes = shell.querySelectorAll("[data-pane]");
  let active = "write";
  let side = "preview";

  function showTabs() {
    panes.forEach((pane) => {
      pane.classList.toggle("is-active", pane.dataset.pane === active);
      pane.classList.toggle("is-side", pane.dataset.pane === side);
    });
    const current = wide.matches ? side : active;
    tabs.forEach((tab) => {
      const selected = tab.dataset.tab === current;
      tab.classList.toggle("active", selected);
      tab.setAttribute("aria-selected", String(selected));
      // One tab stop for the tab list; the arrow keys move within it.
      tab.tabIndex = selected ? 0 : -1;
    });
  }

  function choose(tab) {
    active = tab.dataset.tab;
    if (active !== "write") side = active;
    showTabs();
  }

  shell.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (tab) choose(tab);
  });
  // The keys of the WAI-ARIA tabs pattern, over the tabs shown at this width.
  shell.addEventListener("keydown", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (!tab) return;
    const shown = [...tabs].filter((t) => t.offsetParent !== null);
    const at = shown.indexOf(tab);
    const next = {
      ArrowRight: shown[(at + 1) % shown.length],
      ArrowLeft: shown[(at - 1 + shown.length) % shown.length],
      Home: shown[0],
      End: shown[shown.length - 1],
    }[event.key];
    if (!next) return;
    event.preventDefault();
    choose(next);
    next.focus();
  });
  wide.addEventListener("change", showTabs);
  shell.classList.add("tabs-ready");
  showTabs();
})();

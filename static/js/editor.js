// Postwright editor: autosave, offline copy, conflicts, toolbar, tabs.
// The live preview is plain htmx on the textarea (see draft_detail.html).
"use strict";

(() => {
  const form = document.getElementById("editor");
  if (!form) return;

  const text = form.querySelector("#editor-body");
  const statusEl = document.getElementById("save-status");
  const banner = document.getElementById("conflict-banner");
  const errorBox = document.getElementById("save-error");
  const offer = document.getElementById("restore-offer");
  const note = document.getElementById("version-message");
  const storageKey = `postwright:draft:${form.dataset.draft}:unsent`;
  const AUTOSAVE_MS = 2000;
  const FIRST_RETRY_MS = 1000;
  const MAX_RETRY_MS = 30000;

  let confirmed = text.value; // what the server holds as our base
  let timer = null;
  let saving = false;
  let queuedNamed = null; // a named save asked for while another save ran
  let retryMs = FIRST_RETRY_MS;
  let retryKind = null;

  // --- status --------------------------------------------------------------

  function setStatus(state, label) {
    statusEl.dataset.state = state;
    statusEl.textContent = label;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  // --- the copy kept in the browser until the server confirms -------------

  function storeLocal() {
    const entry = {
      body: text.value,
      base_number: form.elements.base_number.value,
      base_hash: form.elements.base_hash.value,
      at: Date.now(),
    };
    try {
      localStorage.setItem(storageKey, JSON.stringify(entry));
    } catch {
      // Storage full or disabled: the server copy is all we have.
    }
  }

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch {
      return null;
    }
  }

  function clearLocal() {
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // Nothing to clear.
    }
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
    if (!response || response.status >= 500) return retryLater(kind, message);
    const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
    if (!isJson) {
      setStatus("error", "Not saved");
      return showError("Your session has ended: log in again in another tab, then save. Your text is kept in this browser.");
    }
    const data = await response.json();
    if (!response.ok) {
      setStatus("error", "Not saved");
      return showError(data.error || "The server refused this save.");
    }
    retryMs = FIRST_RETRY_MS;
    retryKind = null;
    showError("");
    setBase(data);
    confirmed = sent;
    const headLabel = document.getElementById("head-label");
    if (headLabel && data.revision) headLabel.textContent = `Revision ${data.revision} · saved just now`;
    if (kind === "named" && note.value === message) note.value = "";
    if (data.status === "conflict") {
      banner.innerHTML = data.banner;
      setStatus("conflict", `Saved as revision ${data.revision} (conflict)`);
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

  function retryLater(kind, message) {
    setStatus("offline", "Offline – retrying");
    retryKind = kind;
    clearTimeout(timer);
    timer = setTimeout(() => save(kind, message), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  function changed() {
    if (text.value === confirmed) {
      clearLocal();
      if (!saving && retryKind === null) setStatus("saved", "Saved");
      return;
    }
    storeLocal();
    if (retryKind !== null) return; // a retry is already waiting
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
    if (text.value !== confirmed || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save("named", note.value.trim());
  });

  // --- conflicts ---------------------------------------------------------------

  banner.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-conflict]");
    if (!button) return;
    if (button.dataset.conflict === "mine") {
      banner.innerHTML = "";
      setStatus("saved", "Saved");
      return;
    }
    button.disabled = true;
    const data = new FormData();
    data.set("csrfmiddlewaretoken", window.postwrightCsrfToken());
    const response = await fetch(button.dataset.restoreUrl, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).catch(() => null);
    if (!response || !response.ok) {
      button.disabled = false;
      return showError("Could not load their text; try again.");
    }
    const restored = await response.json();
    setBase(restored);
    confirmed = restored.body;
    text.value = restored.body;
    clearLocal();
    banner.innerHTML = "";
    text.dispatchEvent(new Event("input", { bubbles: true })); // refresh the preview
    setStatus("saved", `Continuing from revision ${restored.revision}`);
  });

  // --- unsent text from an earlier visit -----------------------------------

  const unsent = readLocal();
  if (unsent && unsent.body !== text.value) {
    const when = new Date(unsent.at).toLocaleString();
    offer.querySelector("[data-restore-text]").textContent =
      `This browser holds text from ${when} (based on revision ${unsent.base_number}) that never reached the server.`;
    offer.hidden = false;
    offer.addEventListener("click", (event) => {
      const choice = event.target.closest("[data-restore]");
      if (!choice) return;
      offer.hidden = true;
      if (choice.dataset.restore === "discard") return clearLocal();
      // Its old base: if someone saved since, the save becomes a conflict revision.
      setBase(unsent);
      text.value = unsent.body;
      text.dispatchEvent(new Event("input", { bubbles: true }));
    });
  } else if (unsent) {
    clearLocal();
  }

  // --- toolbar and shortcuts -------------------------------------------------

  function insert(replacement, start, end) {
    text.focus();
    text.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand("insertText", false, replacement)) {
      text.setRangeText(replacement, start, end, "end");
      text.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function wrap(before, after, placeholder) {
    const { selectionStart: s, selectionEnd: e, value } = text;
    const inner = value.slice(s, e) || placeholder;
    insert(before + inner + after, s, e);
    text.setSelectionRange(s + before.length, s + before.length + inner.length);
  }

  function link() {
    const { selectionStart: s, selectionEnd: e, value } = text;
    const label = value.slice(s, e) || "link text";
    const url = "https://";
    insert(`[${label}](${url})`, s, e);
    const at = s + label.length + 3;
    text.setSelectionRange(at, at + url.length);
  }

  function prefixLines(prefix, strip) {
    const { selectionStart: s, selectionEnd: e, value } = text;
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

  text.addEventListener("keydown", (event) => {
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
      action();
    }
  });

  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save("named", note.value.trim());
    }
  });

  // --- tabs: one pane on a phone, writing + one side pane on a laptop --------

  const wide = window.matchMedia("(min-width: 992px)");
  const tabs = form.querySelectorAll("[data-tab]");
  const panes = form.querySelectorAll("[data-pane]");
  let active = "write";
  let side = "preview";

  function showTabs() {
    panes.forEach((pane) => {
      pane.classList.toggle("is-active", pane.dataset.pane === active);
      pane.classList.toggle("is-side", pane.dataset.pane === side);
    });
    const current = wide.matches ? side : active;
    tabs.forEach((tab) => {
      tab.classList.toggle("active", tab.dataset.tab === current);
      tab.setAttribute("aria-selected", String(tab.dataset.tab === current));
    });
  }

  form.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (!tab) return;
    active = tab.dataset.tab;
    if (active !== "write") side = active;
    showTabs();
  });
  wide.addEventListener("change", showTabs);
  form.classList.add("tabs-ready");
  showTabs();
})();

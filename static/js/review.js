// Review page: comment on selected words, highlight each comment's words.
// Offsets are in the article's *normalized* text (whitespace runs = one
// space, ends stripped), the same text posts.review.rendered_text computes.
"use strict";
(function () {
  const CONTEXT = 32;

  // Threads placed among the paragraphs (on a phone) are not part of the text.
  const TEXT_ONLY = {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      return node.classList.contains("inline-threads") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  };

  function index(root) {
    const nodes = [];
    let text = "";
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, TEXT_ONLY);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const map = new Array(node.data.length + 1);
      for (let i = 0; i < node.data.length; i++) {
        map[i] = text.length;
        const ch = node.data[i];
        if (/\s/.test(ch)) {
          if (text.length && text[text.length - 1] !== " ") text += " ";
        } else {
          text += ch;
        }
      }
      map[node.data.length] = text.length;
      nodes.push({ node, map });
    }
    if (text.endsWith(" ")) text = text.slice(0, -1);
    return { text, nodes };
  }

  function pointAt(idx, container, offset) {
    if (container.nodeType === Node.TEXT_NODE) {
      const entry = idx.nodes.find((e) => e.node === container);
      if (entry) return entry.map[offset];
    }
    const here = document.createRange();
    here.setStart(container, offset);
    for (const entry of idx.nodes) {
      if (here.comparePoint(entry.node, 0) >= 0) return entry.map[0];
    }
    return idx.text.length;
  }

  function unwrapMarks(article) {
    article.querySelectorAll("mark.anchor").forEach((mark) => {
      mark.replaceWith(...mark.childNodes);
    });
    article.normalize();
  }

  function highlight(article, start, end, id) {
    const parts = [];
    for (const { node, map } of index(article).nodes) {
      let a = -1;
      let b = -1;
      for (let i = 0; i < node.data.length; i++) {
        if (map[i] >= start && map[i] < end && !/\s/.test(node.data[i])) {
          if (a < 0) a = i;
          b = i + 1;
        }
      }
      if (a >= 0) parts.push([node, a, b]);
    }
    // Each text node is wrapped once; wrapping splits only that node.
    for (const [node, a, b] of parts) {
      const range = document.createRange();
      range.setStart(node, a);
      range.setEnd(node, b);
      const mark = document.createElement("mark");
      mark.className = "anchor";
      mark.dataset.comment = id;
      range.surroundContents(mark);
    }
  }

  function markAll(article) {
    unwrapMarks(article);
    document.querySelectorAll(".thread[data-start]").forEach((thread) => {
      const id = thread.id.replace("c-", "");
      highlight(article, Number(thread.dataset.start), Number(thread.dataset.end), id);
    });
  }

  // The range of the article's text nodes that covers [start, end) of its normalized text.
  function rangeAt(article, start, end) {
    let first = null;
    let last = null;
    for (const { node, map } of index(article).nodes) {
      for (let i = 0; i < node.data.length; i++) {
        if (map[i] >= start && map[i] < end && !/\s/.test(node.data[i])) {
          if (!first) first = [node, i];
          last = [node, i + 1];
        }
      }
    }
    if (!first) return null;
    const range = document.createRange();
    range.setStart(...first);
    range.setEnd(...last);
    return range;
  }

  // Puts the quote [start, end) and its context into the comment form.
  function anchor(article, form, idx, start, end) {
    const quote = idx.text.slice(start, end);
    form.elements.quote.value = quote;
    form.elements.prefix.value = idx.text.slice(Math.max(0, start - CONTEXT), start);
    form.elements.suffix.value = idx.text.slice(end, end + CONTEXT);
    form.elements.position.value = start;
    form.elements.revision.value = article.dataset.revision;
    const shown = document.getElementById("new-comment-quote");
    shown.textContent = quote;
    shown.classList.remove("d-none");
    return quote;
  }

  function unanchor(form) {
    for (const name of ["quote", "prefix", "suffix", "position"]) form.elements[name].value = "";
    const shown = document.getElementById("new-comment-quote");
    shown.textContent = "";
    shown.classList.add("d-none");
  }

  // The words selected in the article, as offsets in its normalized text.
  function selected(article) {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    const range = sel.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer)) return null;
    for (const end of [range.startContainer, range.endContainer]) {
      const el = end.nodeType === Node.ELEMENT_NODE ? end : end.parentElement;
      if (el?.closest(".inline-threads")) return null;
    }
    const idx = index(article);
    let start = pointAt(idx, range.startContainer, range.startOffset);
    let end = pointAt(idx, range.endContainer, range.endOffset);
    while (start < end && idx.text[start] === " ") start++;
    while (end > start && idx.text[end - 1] === " ") end--;
    if (end <= start) return null;
    return { idx, start, end, range };
  }

  // Where typed words first occur in the text: exactly, else whatever the case.
  function find(idx, words) {
    const wanted = words.replace(/\s+/g, " ").trim();
    if (!wanted) return null;
    let at = idx.text.indexOf(wanted);
    if (at < 0) at = idx.text.toLowerCase().indexOf(wanted.toLowerCase());
    return at < 0 ? null : { start: at, end: at + wanted.length };
  }

  function debounce(fn, ms) {
    let timer = 0;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }
  function focusThread(id) {
    document.querySelectorAll(".thread.active, mark.anchor.active").forEach((el) => el.classList.remove("active"));
    const thread = document.getElementById(`c-${id}`);
    if (thread) thread.classList.add("active");
    document.querySelectorAll(`mark.anchor[data-comment="${id}"]`).forEach((m) => m.classList.add("active"));
  }

  // A "Show in text" button on each anchored thread: the way back from a thread to
  // its words without a mouse, and on a phone, where the threads follow the text.
  function linkThreads(article) {
    document.querySelectorAll(".thread[data-start]").forEach((thread) => {
      if (thread.querySelector(".thread-to-text")) return;
      const id = thread.id.replace("c-", "");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0 thread-to-text";
      button.textContent = "Show in text";
      button.addEventListener("click", () => {
        focusThread(id);
        const mark = article.querySelector(`mark.anchor[data-comment="${id}"]`);
        mark?.scrollIntoView({ behavior: "smooth", block: "center" });
      });
      thread.querySelector(".thread-quote")?.after(button);
    });
  }

  // On a phone each thread on words is moved (never copied) to just after the paragraph
  // holding its last words, so it is read and tabbed to there; outdated threads and
  // comments on the whole draft stay in the list. Wider, the threads go back.
  const NARROW = window.matchMedia("(max-width: 767.98px)");
  const homes = new Map(); // thread → the marker of its place in the list

  function placeThreads(article) {
    const list = document.getElementById("threads");
    if (!list) return;
    list.querySelectorAll(".thread[data-start]").forEach((thread) => {
      const marks = article.querySelectorAll(`mark.anchor[data-comment="${thread.id.replace("c-", "")}"]`);
      if (!marks.length) return;
      let block = marks[marks.length - 1];
      while (block.parentElement !== article) block = block.parentElement;
      let group = block.nextElementSibling;
      if (!group?.classList.contains("inline-threads")) {
        group = document.createElement("div");
        group.className = "inline-threads";
        block.after(group);
      }
      const home = document.createComment(thread.id);
      thread.before(home);
      homes.set(thread, home);
      const start = Number(thread.dataset.start);
      const next = [...group.children].find((t) => Number(t.dataset.start) > start);
      group.insertBefore(thread, next || null);
    });
    if (!homes.size) return;
    const note = document.createElement("p");
    note.className = "small text-body-secondary inline-threads-note";
    note.textContent =
      homes.size === 1
        ? "1 comment on words is shown under its paragraph in the text."
        : `${homes.size} comments on words are shown under their paragraphs in the text.`;
    list.querySelector("h2").after(note);
  }

  function returnThreads(article) {
    homes.forEach((home, thread) => home.replaceWith(thread));
    homes.clear();
    article.querySelectorAll(".inline-threads").forEach((group) => group.remove());
    document.querySelectorAll(".inline-threads-note").forEach((note) => note.remove());
  }

  // A reply or a note half typed in `old` is carried into its form in `taken`.
  function keepTyping(old, taken) {
    old.querySelectorAll("textarea").forEach((field) => {
      if (!field.value || !field.form) return;
      const action = field.form.getAttribute("action");
      const twin = [...taken.querySelectorAll(`textarea[name="${field.name}"]`)].find(
        (candidate) => candidate.form && candidate.form.getAttribute("action") === action,
      );
      if (!twin) return;
      twin.value = field.value;
      twin.closest("details")?.setAttribute("open", "");
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const article = document.getElementById("review-text");
    const box = document.getElementById("new-comment");
    const form = box?.querySelector("form");
    if (!article || !form) return;
    const close = box.querySelector(".new-comment-close");
    const wordsField = document.getElementById("new-comment-words-field");
    const words = document.getElementById("new-comment-words");
    const wordsHelp = document.getElementById("new-comment-words-help");
    const helpText = wordsHelp.textContent;
    const pending = window.CSS && CSS.highlights && window.Highlight ? new Highlight() : null;
    if (pending) CSS.highlights.set("pw-pending", pending);
    wordsField.hidden = false;

    function show(range) {
      if (!pending) return;
      pending.clear();
      if (range) pending.add(range);
    }

    // Opens the box beside the words (a sheet at the bottom on a phone) and keeps the
    // words above the sheet.
    function open(range, focus) {
      const wasOpen = box.classList.contains("is-open");
      box.classList.add("is-open");
      document.body.classList.add("has-sheet");
      close.hidden = false;
      if (focus) form.elements.body.focus({ preventScroll: true });
      if (wasOpen || !range || getComputedStyle(box).position !== "fixed") return;
      const at = range.getBoundingClientRect();
      const sheet = box.getBoundingClientRect();
      if (at.bottom > sheet.top - 8) window.scrollBy({ top: at.bottom - sheet.top + 24, behavior: "instant" });
    }

    function shut() {
      box.classList.remove("is-open");
      document.body.classList.remove("has-sheet");
      close.hidden = true;
      unanchor(form);
      words.value = "";
      wordsHelp.textContent = helpText;
      show(null);
    }

    // A selection by mouse, touch or keyboard. Touch selections come with no mouseup
    // (and their handles move after it), so selectionchange is heard too; the
    // comment field takes the focus only after a mouse selection, since focusing it
    // would end a selection still being adjusted.
    function onSelect(focus) {
      const found = selected(article);
      if (!found) return;
      words.value = anchor(article, form, found.idx, found.start, found.end);
      wordsHelp.textContent = helpText;
      show(null);
      open(found.range, focus);
    }

    markAll(article);
    linkThreads(article);
    if (NARROW.matches) placeThreads(article);
    NARROW.addEventListener("change", () => {
      returnThreads(article);
      if (NARROW.matches) placeThreads(article);
    });
    article.addEventListener("mouseup", () => onSelect(true));
    article.addEventListener("pointerup", (event) => onSelect(event.pointerType === "mouse"));
    article.addEventListener("keyup", () => onSelect(false));
    document.addEventListener("selectionchange", debounce(() => onSelect(false), 250));
    words.addEventListener(
      "input",
      debounce(() => {
        const idx = index(article);
        const at = find(idx, words.value);
        if (!words.value.trim()) {
          unanchor(form);
          show(null);
          wordsHelp.textContent = helpText;
          return;
        }
        if (!at) {
          unanchor(form);
          show(null);
          wordsHelp.textContent = "Those words are not in the text: the comment will be on the whole draft.";
          return;
        }
        anchor(article, form, idx, at.start, at.end);
        const range = rangeAt(article, at.start, at.end);
        show(range);
        wordsHelp.textContent = "Found in the text (highlighted).";
        open(range, false);
      }, 200),
    );
    close.addEventListener("click", () => {
      shut();
      words.focus();
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && box.classList.contains("is-open")) {
        shut();
        words.focus();
      }
    });
    article.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.anchor");
      if (!mark) return;
      focusThread(mark.dataset.comment);
      const thread = document.getElementById(`c-${mark.dataset.comment}`);
      if (!thread) return;
      thread.tabIndex = -1;
      thread.scrollIntoView({ behavior: "smooth", block: "center" });
      thread.focus({ preventScroll: true });
    });
    // The list is swapped whole (reply, resolve): its threads go home first, so that
    // none is left behind in the text.
    document.body.addEventListener("htmx:beforeSwap", (event) => {
      if (event.detail.target.id === "threads" && event.detail.shouldSwap) returnThreads(article);
    });
    document.body.addEventListener("htmx:afterSettle", (event) => {
      if (event.target.id === "presence") return;
      returnThreads(article);
      markAll(article);
      linkThreads(article);
      if (NARROW.matches) placeThreads(article);
    });
    // The text of a newer revision (static/build/live-view.js fetched this page again
    // when the reviewer asked for it): the article, the threads anchored in it, the
    // head line and the approval form take the new page's; what is being typed stays.
    window.postwrightReview = {
      replaceText(fresh) {
        const next = fresh.getElementById("review-text");
        if (!next) return;
        returnThreads(article);
        article.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
        article.dataset.revision = next.dataset.revision;
        article.dataset.hash = next.dataset.hash;
        for (const id of ["threads", "review-head", "approval"]) {
          const old = document.getElementById(id);
          const replacement = fresh.getElementById(id);
          if (!old || !replacement) continue;
          const taken = document.importNode(replacement, true);
          keepTyping(old, taken);
          old.replaceWith(taken);
          if (window.htmx) window.htmx.process(taken);
        }
        show(null);
        markAll(article);
        linkThreads(article);
        if (NARROW.matches) placeThreads(article);
      },
    };
    const hash = window.location.hash.match(/^#c-(\d+)$/);
    if (hash) {
      focusThread(hash[1]);
      const thread = document.getElementById(`c-${hash[1]}`);
      if (thread?.closest(".inline-threads")) thread.scrollIntoView({ block: "center" });
    }
  });
})();

// Review page: comment on selected words, highlight each comment's words.
// Offsets are in the article's *normalized* text (whitespace runs = one
// space, ends stripped), the same text posts.review.rendered_text computes.
"use strict";
(function () {
  const CONTEXT = 32;

  function index(root) {
    const nodes = [];
    let text = "";
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
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

  function onSelect(article, form) {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer)) return;
    const idx = index(article);
    let start = pointAt(idx, range.startContainer, range.startOffset);
    let end = pointAt(idx, range.endContainer, range.endOffset);
    while (start < end && idx.text[start] === " ") start++;
    while (end > start && idx.text[end - 1] === " ") end--;
    if (end <= start) return;
    const quote = idx.text.slice(start, end);
    form.elements.quote.value = quote;
    form.elements.prefix.value = idx.text.slice(Math.max(0, start - CONTEXT), start);
    form.elements.suffix.value = idx.text.slice(end, end + CONTEXT);
    form.elements.position.value = start;
    form.elements.revision.value = article.dataset.revision;
    const shown = document.getElementById("new-comment-quote");
    shown.textContent = quote;
    shown.classList.remove("d-none");
    form.elements.body.focus({ preventScroll: true });
  }

  function focusThread(id) {
    document.querySelectorAll(".thread.active, mark.anchor.active").forEach((el) => el.classList.remove("active"));
    const thread = document.getElementById(`c-${id}`);
    if (thread) thread.classList.add("active");
    document.querySelectorAll(`mark.anchor[data-comment="${id}"]`).forEach((m) => m.classList.add("active"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const article = document.getElementById("review-text");
    const form = document.querySelector("#new-comment form");
    if (!article || !form) return;
    markAll(article);
    article.addEventListener("mouseup", () => onSelect(article, form));
    article.addEventListener("keyup", () => onSelect(article, form));
    article.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.anchor");
      if (!mark) return;
      focusThread(mark.dataset.comment);
      document.getElementById(`c-${mark.dataset.comment}`)?.scrollIntoView({ behavior: "smooth", block: "nearest" });
    });
    document.body.addEventListener("htmx:afterSettle", (event) => {
      if (event.target.id !== "presence") markAll(article);
    });
    const hash = window.location.hash.match(/^#c-(\d+)$/);
    if (hash) focusThread(hash[1]);
  });
})();

// Compare page: n / p (or the Prev / Next buttons) jump between changes and
// say where you are ("change 3 of 12"); t ticks or unticks "take" on the
// current change. Ticking a box makes its change the current one, and n / p
// go on from there. No inline scripts (CSP).
"use strict";
(function () {
  let current = -1;

  function changes() {
    return Array.from(document.querySelectorAll("#diff-table .diff-row.is-change"));
  }

  function say(text) {
    const position = document.getElementById("change-position");
    if (position) position.textContent = text;
  }

  function show(list, scroll) {
    list.forEach((row) => row.classList.remove("is-current"));
    const row = list[current];
    row.classList.add("is-current");
    const details = row.closest("details");
    if (details) details.open = true;
    if (scroll) row.scrollIntoView({ block: "center" });
    say(`change ${current + 1} of ${list.length}`);
  }

  function jump(step) {
    const list = changes();
    if (!list.length) return;
    current = Math.min(Math.max(current + step, 0), list.length - 1);
    show(list, true);
  }

  function takeCurrent() {
    const list = changes();
    if (current < 0 || current >= list.length) jump(1);
    const row = changes()[current];
    const box = row && row.querySelector('input[name="take"]');
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    say(`change ${current + 1} of ${changes().length}: ${box.checked ? "taken" : "not taken"}`);
  }

  // Keys are the page's unless the writer is typing text: a ticked checkbox
  // keeps focus, and n / p must still work after it.
  function typing(target) {
    if (!target.closest) return false;
    const field = target.closest("input, textarea, select, [contenteditable]");
    if (!field) return false;
    return !(field.tagName === "INPUT" && ["checkbox", "radio", "button", "submit"].includes(field.type));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "n") jump(1);
    else if (event.key === "p") jump(-1);
    else if (event.key === "t") takeCurrent();
    else return;
    event.preventDefault();
  });

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches('input[name="take"]')) return;
    const list = changes();
    const at = list.indexOf(box.closest(".diff-row"));
    if (at >= 0 && at !== current) {
      current = at;
      show(list, false);
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-diff-nav]");
    if (!button) return;
    jump(button.dataset.diffNav === "next" ? 1 : -1);
  });

  // A new diff region (layout or Markdown toggle) starts from the top again;
  // other swaps on the page (the notification badge's polling) must not.
  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail && event.detail.target;
    if (target && (target.id === "diff-table" || target.querySelector("#diff-table"))) current = -1;
  });
})();

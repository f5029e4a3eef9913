// Compare page: n / p (or the Prev / Next buttons) jump between changes and
// say where you are ("change 3 of 12"). No inline scripts (CSP).
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

  function jump(step) {
    const list = changes();
    if (!list.length) return;
    current = Math.min(Math.max(current + step, 0), list.length - 1);
    list.forEach((row) => row.classList.remove("is-current"));
    const row = list[current];
    row.classList.add("is-current");
    const details = row.closest("details");
    if (details) details.open = true;
    row.scrollIntoView({ block: "center" });
    say(`change ${current + 1} of ${list.length}`);
  }

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "n") jump(1);
    else if (event.key === "p") jump(-1);
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

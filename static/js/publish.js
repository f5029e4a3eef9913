// Publishing page: copy a part's text as the platform shows it. No inline scripts (CSP).
"use strict";

(function () {
  function fallbackCopy(source) {
    // Plain http (not localhost) has no navigator.clipboard; selecting still works.
    source.classList.remove("visually-hidden");
    source.select();
    const done = document.execCommand("copy");
    source.classList.add("visually-hidden");
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text, source) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallbackCopy(source);
      });
    }
    return fallbackCopy(source);
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-source]");
    if (!button) return;
    const source = document.getElementById(button.dataset.copySource);
    if (!source) return;
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    copy(source.value, source).then(
      function () {
        button.textContent = "Copied";
        button.classList.add("copied");
      },
      function () {
        button.textContent = "Select and copy by hand";
      }
    ).finally(function () {
      window.setTimeout(function () {
        button.textContent = label;
        button.classList.remove("copied");
      }, 2000);
    });
  });
})();

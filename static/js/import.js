// Import page: drag and drop, and one request per file so each row appears as it lands.
// Without JavaScript the form posts all files at once and the page shows the same table.
"use strict";
(function () {
  const form = document.getElementById("import-form");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const zone = document.getElementById("drop-zone");
  const rows = document.getElementById("import-rows-body");
  const results = document.getElementById("import-results");
  const progress = document.getElementById("import-progress");

  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("drop-active"); }));
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, () => zone.classList.remove("drop-active")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = new DataTransfer();
    for (const file of event.dataTransfer.files) files.items.add(file);
    input.files = files.files;
    progress.textContent = `${files.files.length} file(s) ready to import`;
  });

  async function send(body) {
    const response = await fetch(form.action, {
      method: "POST", body, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": window.postwrightCsrfToken() },
    });
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
    return response.text();
  }

  function showRow(html, fallbackName, error) {
    results.classList.remove("d-none");
    if (html) {
      rows.insertAdjacentHTML("beforeend", html);
      // A row asking "which part?" holds a form that htmx sends: let htmx see it.
      if (window.htmx) window.htmx.process(rows);
      return;
    }
    const row = rows.insertRow();
    row.className = "import-row import-rejected";
    row.insertCell().textContent = fallbackName;
    const cell = row.insertCell();
    cell.textContent = `not sent: ${error}`;
    cell.className = "text-danger small";
    row.insertCell(); row.insertCell();
  }

  form.addEventListener("submit", async (event) => {
    const files = Array.from(input.files);
    const pasted = form.querySelector("textarea[name=pasted]").value;
    if (!files.length && !pasted.trim()) return; // let the server explain
    event.preventDefault();
    const jobs = files.map((file) => ["files", file, file.name]);
    if (pasted.trim()) jobs.push(["pasted", pasted, "Pasted text"]);
    let done = 0;
    for (const [field, value, name] of jobs) {
      progress.textContent = `Importing ${done + 1} of ${jobs.length}: ${name}…`;
      const body = new FormData();
      body.append(field, value);
      try { showRow(await send(body), name); } catch (error) { showRow(null, name, error.message); }
      done += 1;
    }
    progress.textContent = `Done: ${done} of ${jobs.length} processed.`;
    input.value = "";
  });
})();

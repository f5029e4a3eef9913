// Conflict resolver: a choice fills the text box with what it would save;
// typing in the box makes it "my own wording". Without JS the choice alone is saved.
"use strict";

(() => {
  const form = document.getElementById("resolve-form");
  if (!form) return;
  for (const region of form.querySelectorAll("[data-region]")) {
    const box = region.querySelector("textarea");
    const choose = (value) => {
      const template = region.querySelector(`template[data-choice-text="${value}"]`);
      if (template && value !== "edit") box.value = template.content.textContent;
    };
    region.addEventListener("change", (event) => {
      if (event.target.type === "radio") choose(event.target.value);
    });
    box.addEventListener("input", () => {
      const own = region.querySelector('input[type="radio"][value="edit"]');
      if (own) own.checked = true;
    });
    const checked = region.querySelector('input[type="radio"]:checked');
    if (checked) choose(checked.value);
  }
})();

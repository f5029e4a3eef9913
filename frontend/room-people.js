// Who else is in a draft's live room, from Yjs awareness: one chip per person,
// in their cursor's colour, saying whether they write or only read. The server
// sets every name and the read-only mark (posts/live/consumers.py), so a chip
// cannot be made to show someone else.
import { colourOf, PEER_COLOURS } from "./remote-cursors.js";

export function showPeople(awareness, element) {
  let shown = null;
  function render() {
    const seen = new Map();
    awareness.getStates().forEach((state, id) => {
      if (id === awareness.clientID || !state || !state.user || !state.user.name) return;
      const { name } = state.user;
      const reading = Boolean(state.user.readOnly);
      // One chip per name (two tabs of one person); writing wins over reading.
      if (!seen.has(name) || !reading) seen.set(name, { name, reading, colour: state.user.colour });
    });
    const people = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    const key = JSON.stringify(people);
    if (key === shown) return; // a cursor moved: the same people
    shown = key;
    const chips = people.map(({ name, reading, colour }) => {
        const chip = document.createElement("span");
        const tone = Number.isInteger(colour) ? colour % PEER_COLOURS : colourOf(name);
        chip.className = `live-person pw-peer-${tone}`;
        chip.dataset.person = name;
        const dot = document.createElement("span");
        dot.className = "live-person-dot";
        dot.setAttribute("aria-hidden", "true");
        chip.append(dot, name, ` · ${reading ? "reading" : "writing"}`);
        return chip;
      });
    element.replaceChildren(...chips);
    element.hidden = !chips.length;
  }
  awareness.on("change", render);
  render();
  return () => awareness.off("change", render);
}

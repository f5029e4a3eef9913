// Other people's cursors and selections in CodeMirror, with their names, from Yjs
// awareness. Like y-codemirror.next's yRemoteSelections, but coloured by class
// (.pw-peer-0 … .pw-peer-7 in editor.css) instead of style attributes, which the
// strict CSP refuses.
import { RangeSet } from "@codemirror/state";
import { Decoration, ViewPlugin, WidgetType } from "@codemirror/view";
import * as Y from "yjs";

export const PEER_COLOURS = 8;

export function colourOf(name) {
  let sum = 0;
  for (const c of name) sum = (sum * 31 + c.charCodeAt(0)) >>> 0;
  return sum % PEER_COLOURS;
}

class Caret extends WidgetType {
  constructor(colour, name) {
    super();
    this.colour = colour;
    this.name = name;
  }

  toDOM() {
    const caret = document.createElement("span");
    caret.className = `cm-ySelectionCaret pw-peer-${this.colour}`;
    const label = document.createElement("span");
    label.className = "cm-ySelectionInfo";
    label.textContent = this.name;
    caret.append("\u2060", label, "\u2060");
    return caret;
  }

  eq(other) {
    return other.colour === this.colour && other.name === this.name;
  }

  ignoreEvent() {
    return true;
  }
}

export function remoteCursors(ytext, awareness) {
  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = RangeSet.of([]);
        this.listener = ({ added, updated, removed }) => {
          const ids = added.concat(updated, removed);
          if (ids.some((id) => id !== awareness.clientID)) view.dispatch({});
        };
        awareness.on("change", this.listener);
      }

      destroy() {
        awareness.off("change", this.listener);
      }

      update(update) {
        this.share(update);
        const ranges = [];
        awareness.getStates().forEach((state, id) => {
          if (id === awareness.clientID || !state.cursor || !state.cursor.anchor || !state.cursor.head) return;
          const anchor = Y.createAbsolutePositionFromRelativePosition(state.cursor.anchor, ytext.doc);
          const head = Y.createAbsolutePositionFromRelativePosition(state.cursor.head, ytext.doc);
          if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) return;
          const length = update.state.doc.length;
          const a = Math.min(anchor.index, length);
          const h = Math.min(head.index, length);
          const name = (state.user && state.user.name) || "someone";
          const colour = state.user && Number.isInteger(state.user.colour) ? state.user.colour % PEER_COLOURS : colourOf(name);
          if (a !== h) {
            ranges.push(Decoration.mark({ class: `cm-ySelection pw-peer-${colour}` }).range(Math.min(a, h), Math.max(a, h)));
          }
          ranges.push(Decoration.widget({ widget: new Caret(colour, name), side: h - a > 0 ? -1 : 1 }).range(h));
        });
        this.decorations = Decoration.set(ranges, true);
      }

      // Tell the others where this writer's cursor is (only while the editor has focus).
      share(update) {
        const local = awareness.getLocalState();
        if (!local) return;
        const focused = update.view.hasFocus && update.view.dom.ownerDocument.hasFocus();
        if (!focused) return;
        const selection = update.state.selection.main;
        const anchor = Y.createRelativePositionFromTypeIndex(ytext, selection.anchor);
        const head = Y.createRelativePositionFromTypeIndex(ytext, selection.head);
        const current = local.cursor;
        if (
          current &&
          Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), anchor) &&
          Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), head)
        ) {
          return;
        }
        awareness.setLocalStateField("cursor", { anchor, head });
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}

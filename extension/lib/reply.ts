/**
 * "Insert reply": the approved update's words, addressed to the customer by name, put into
 * the help desk's reply box so that the help desk's own editor notices (React, Ember,
 * CKEditor and ProseMirror all listen for input events, not for a changed value).
 */

/** "Hi Ada," + a blank line + the update; "Hi there," when the contact has no name. */
export function composeReply(contactName: string | null | undefined, body: string): string {
  const first = contactName?.trim().split(/\s+/)[0];
  const greeting = first ? `Hi ${first},` : "Hi there,";
  return `${greeting}\n\n${body.trim()}`;
}

export type ReplyBox = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

/** The first visible, editable reply box among the selectors. */
export function findReplyBox(root: ParentNode, selectors: readonly string[]): ReplyBox | null {
  for (const selector of selectors) {
    for (const el of root.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest('[hidden], [aria-hidden="true"]')) continue;
      if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) {
        if (!el.disabled && !el.readOnly) return el;
      } else if (el.isContentEditable || el.getAttribute("contenteditable") === "true") {
        return el;
      } else {
        // A wrapper (e.g. CKEditor's container): its editable child.
        const inner = el.querySelector<HTMLElement>('[contenteditable="true"], textarea');
        if (inner) return inner;
      }
    }
  }
  return null;
}

/**
 * Puts `text` into the reply box at the agent's caret (or at the start, above a signature),
 * and tells the page's editor through the events a user's typing would cause.
 */
export function insertReply(box: ReplyBox, text: string): void {
  box.focus();
  if (box instanceof HTMLTextAreaElement || box instanceof HTMLInputElement) {
    insertIntoField(box, text);
  } else {
    insertIntoEditable(box, text);
  }
}

function insertIntoField(box: HTMLTextAreaElement | HTMLInputElement, text: string) {
  const start = box.selectionStart ?? 0;
  const end = box.selectionEnd ?? start;
  const before = box.value.slice(0, start);
  const after = box.value.slice(end);
  const joined = before + text + (after && !after.startsWith("\n") ? "\n\n" : "") + after;
  // React keeps its own copy of an input's value and ignores a plain assignment; the
  // prototype's setter updates the element without going through React's tracker.
  const proto = box instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
  const setValue = Object.getOwnPropertyDescriptor(proto.prototype, "value")?.set;
  if (setValue) setValue.call(box, joined);
  else box.value = joined;
  const caret = before.length + text.length;
  box.setSelectionRange(caret, caret);
  box.dispatchEvent(
    new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }),
  );
  box.dispatchEvent(new Event("change", { bubbles: true }));
}

function insertIntoEditable(box: HTMLElement, text: string) {
  const doc = box.ownerDocument;
  const selection = doc.getSelection();
  const caretInside =
    selection &&
    selection.rangeCount > 0 &&
    box.contains(selection.getRangeAt(0).commonAncestorContainer);
  if (selection && !caretInside) {
    const range = doc.createRange();
    range.setStart(box, 0);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  // execCommand goes through the editor's beforeinput/input handling as typing does;
  // rich editors (CKEditor, ProseMirror, Gmail's) keep their model in step with it.
  let inserted = false;
  try {
    inserted = typeof doc.execCommand === "function" && doc.execCommand("insertText", false, text);
  } catch {
    inserted = false;
  }
  if (inserted) return;
  // No execCommand (or the editor refused it): write paragraphs and announce the change.
  const fragment = doc.createDocumentFragment();
  for (const line of text.split("\n")) {
    const p = doc.createElement("div");
    if (line) p.textContent = line;
    else p.appendChild(doc.createElement("br"));
    fragment.appendChild(p);
  }
  box.insertBefore(fragment, box.firstChild);
  box.dispatchEvent(
    new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: text }),
  );
}

// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { composeReply, findReplyBox, insertReply } from "./reply";

const UPDATE = "Checkout in the EU region fails for some customers.\nWe are rolling back.";

describe("composeReply", () => {
  it("greets the contact by first name above the update", () => {
    expect(composeReply("Ada Lovelace", UPDATE)).toBe(
      "Hi Ada,\n\nCheckout in the EU region fails for some customers.\nWe are rolling back.",
    );
    expect(composeReply("Ada", "  Fixed.  ")).toBe("Hi Ada,\n\nFixed.");
  });

  it("says 'Hi there,' when the contact has no name", () => {
    expect(composeReply(null, "Fixed.")).toBe("Hi there,\n\nFixed.");
    expect(composeReply("  ", "Fixed.")).toBe("Hi there,\n\nFixed.");
  });
});

describe("insertReply", () => {
  beforeEach(() => {
    // A new body, so no test hears another's listeners.
    document.body.replaceWith(document.createElement("body"));
  });

  it("fills a textarea so the page's framework hears an input event", () => {
    document.body.innerHTML = '<div class="composer"><textarea name="comment"></textarea></div>';
    const events: string[] = [];
    document.body.addEventListener("input", (e) =>
      events.push(`input:${(e.target as HTMLTextAreaElement).value.length}`),
    );
    document.body.addEventListener("change", () => events.push("change"));
    const box = findReplyBox(document, ['textarea[name="comment"]'])!;
    insertReply(box, composeReply("Ada", "Fixed."));
    expect((box as HTMLTextAreaElement).value).toBe("Hi Ada,\n\nFixed.");
    expect(events).toEqual(["input:15", "change"]);
  });

  it("puts the reply above a draft already in the textarea", () => {
    document.body.innerHTML = "<textarea>-- Sam, Acme support</textarea>";
    const box = findReplyBox(document, ["textarea"]) as HTMLTextAreaElement;
    box.setSelectionRange(0, 0);
    insertReply(box, "Hi Ada,\n\nFixed.");
    expect(box.value).toBe("Hi Ada,\n\nFixed.\n\n-- Sam, Acme support");
  });

  it("writes paragraphs into a contenteditable editor and announces them", () => {
    document.body.innerHTML =
      '<div data-test-id="omnicomposer-rich-text-ckeditor" contenteditable="true" role="textbox"></div>';
    let announced = "";
    document.body.addEventListener("input", (e) => (announced = (e as InputEvent).data ?? ""));
    const box = findReplyBox(document, ['[data-test-id="omnicomposer-rich-text-ckeditor"]'])!;
    insertReply(box, "Hi Ada,\n\nFixed.");
    expect(box.textContent).toBe("Hi Ada,Fixed.");
    expect(box.children).toHaveLength(3);
    expect(announced).toBe("Hi Ada,\n\nFixed.");
  });

  it("finds the editable inside an editor's wrapper and skips hidden reply boxes", () => {
    document.body.innerHTML = `
      <div hidden><textarea id="old"></textarea></div>
      <div class="editor"><div id="live" contenteditable="true"></div></div>`;
    expect(findReplyBox(document, ["textarea", ".editor"])?.id).toBe("live");
  });
});

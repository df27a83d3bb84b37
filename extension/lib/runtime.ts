/** The extension pages' line to the background worker (the only part that calls the server). */
import { browser } from "wxt/browser";
import { messenger } from "./messages";

export const send = messenger((message) => browser.runtime.sendMessage(message));

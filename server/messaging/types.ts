/**
 * The contracts between the parts of messaging: what the renderer needs to build one email,
 * and what it gives back. The delivery worker builds a RenderInput per message from the
 * message row and its update's frozen content (db/schema/messaging.ts, UpdateContent).
 */
import type { IncidentStatus, TemplateText } from "./schema-types";

export interface RenderInput {
  workspaceName: string;
  incidentReference: string;
  incidentTitle: string;
  segmentInWords: string | null;
  update: {
    number: number;
    status: IncidentStatus;
    title: string;
    /** Markdown written by a responder: rendered escaped, never as raw HTML. */
    body: string;
    sentAt: Date;
  };
  recipient: {
    email: string;
    /** The contact's name, else the customer's name, else null. */
    name: string | null;
    customerName: string | null;
    locale: string | null;
  };
  /** The template for the recipient's locale, already chosen with the fallback. */
  template: TemplateText;
  links: { notice: string; unsubscribe: string };
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * The built-in mailbox for the dashboard: any member reads the emails the workspace sent while
 * no RESEND_API_KEY was set, as their recipients got them. See server/messaging/mailbox-queries.ts.
 */
import { z } from "zod";
import { incidentStatus, messageState } from "@/db/schema";
import { searchPageInput } from "@/server/cursor";
import {
  getMailboxEmail,
  listMailbox,
  MAX_MAILBOX_PAGE_SIZE,
} from "@/server/messaging/mailbox-queries";
import { router, workspaceProcedure } from "../init";

const listInput = searchPageInput(MAX_MAILBOX_PAGE_SIZE);

const listItem = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  receivedAt: z.date(),
});

const listOutput = z.object({
  rows: z.array(listItem),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
});

const emailOutput = listItem.extend({
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  listUnsubscribe: z.string().nullable(),
  listUnsubscribePost: z.string().nullable(),
  message: z
    .object({
      id: z.number(),
      state: z.enum(messageState.enumValues),
      customerId: z.number(),
      customer: z
        .object({ id: z.number(), externalId: z.string(), name: z.string().nullable() })
        .nullable(),
      update: z
        .object({
          id: z.string(),
          number: z.number(),
          status: z.enum(incidentStatus.enumValues),
          title: z.string(),
        })
        .nullable(),
      incident: z.object({ id: z.string(), number: z.number(), title: z.string() }).nullable(),
    })
    .nullable(),
});

const viewer = workspaceProcedure("viewer");

export const mailboxRouter = router({
  /** A page of the mailbox, newest first; `search` matches the recipient or the subject. */
  list: viewer
    .input(listInput)
    .output(listOutput)
    .query(({ ctx, input }) => listMailbox(ctx.db, ctx.workspace.id, input)),

  /** One email as its recipient sees it, with links to what it was about. */
  get: viewer
    .input(z.object({ emailId: z.uuid("emailId: the id of an email in this mailbox (a UUID)") }))
    .output(emailOutput)
    .query(({ ctx, input }) => getMailboxEmail(ctx.db, ctx.workspace.id, input.emailId)),
});

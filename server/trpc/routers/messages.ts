/**
 * Messages for the dashboard: every message a customer was sent, with its delivery. Any member
 * reads them. See server/messaging/customer-messages.ts.
 */
import { z } from "zod";
import { incidentStatus, messageState } from "@/db/schema";
import { pageInput } from "@/server/cursor";
import {
  listCustomerMessages,
  MAX_CUSTOMER_MESSAGES_PAGE_SIZE,
} from "@/server/messaging/customer-messages";
import { router, workspaceProcedure } from "../init";

const at = z.date().nullable();

const customerMessage = z.object({
  id: z.number(),
  email: z.string(),
  state: z.enum(messageState.enumValues),
  error: z.string().nullable(),
  attempts: z.number().int(),
  queuedAt: z.date(),
  sentAt: at,
  deliveredAt: at,
  openedAt: at,
  bouncedAt: at,
  complainedAt: at,
  failedAt: at,
  incident: z.object({ id: z.string(), number: z.number(), title: z.string() }),
  update: z.object({
    id: z.string(),
    number: z.number(),
    status: z.enum(incidentStatus.enumValues),
    title: z.string(),
  }),
  mailboxEmailId: z.string().nullable(),
});

export const messagesRouter = router({
  /** The customer's messages, newest first. */
  forCustomer: workspaceProcedure("viewer")
    .input(
      z.object({
        customerId: z
          .number("customerId: the customer's internal id, a number")
          .int("customerId: a whole number")
          .positive("customerId: a positive number"),
        ...pageInput(MAX_CUSTOMER_MESSAGES_PAGE_SIZE),
      }),
    )
    .output(
      z.object({
        rows: z.array(customerMessage),
        nextCursor: z.string().nullable(),
        total: z.number().int().nullable(),
      }),
    )
    .query(({ ctx, input }) =>
      listCustomerMessages(ctx.db, ctx.workspace.id, input.customerId, input),
    ),
});

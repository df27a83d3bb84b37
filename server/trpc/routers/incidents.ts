/**
 * Incidents for the dashboard. Reads (viewer and up) come from server/incidents/*queries*;
 * commands (commander and up) go through server/incidents/service.ts, which records each
 * change with who made it.
 */
import { z } from "zod";
import { readIncidentBreakdown } from "@/server/incidents/breakdown-queries";
import { withGlances } from "@/server/incidents/glance";
import { listAffectedCustomers } from "@/server/incidents/customer-queries";
import { readSegmentAnalysis } from "@/server/incidents/segment-analysis";
import {
  customersByExternalId,
  getIncident,
  listIncidents,
  recentIssues,
  resolveIncidentId,
} from "@/server/incidents/queries";
import {
  breakdownReadSchema,
  customersInput,
  customersPageSchema,
  getInput,
  glancedIncidentSummarySchema,
  incidentDetailSchema,
  incidentRef,
  listInput,
  recentIssueSchema,
  segmentAnalysisReadSchema,
  severitySchema,
  statusSchema,
  textInput,
} from "@/server/incidents/read-schemas";
import {
  addCustomers,
  attachIssue,
  createIncident,
  detachIssue,
  MAX_NOTE_LENGTH,
  removeCustomers,
  updateIncident,
} from "@/server/incidents/service";
import { invalid } from "@/server/errors";
import { router, workspaceProcedure } from "../init";
import { incidentCommand } from "./incident-command";

const viewer = workspaceProcedure("viewer");
const commander = workspaceProcedure("commander");

/** What a command answers: the incident as it is now. */
const changedSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: statusSchema,
  severity: severitySchema,
  affectedCustomers: z.number().int(),
});

const changed = (i: {
  id: string;
  number: number;
  title: string;
  status: z.infer<typeof statusSchema>;
  severity: z.infer<typeof severitySchema>;
  affectedCustomerCount: number;
}) => ({
  id: i.id,
  number: i.number,
  title: i.title,
  status: i.status,
  severity: i.severity,
  affectedCustomers: i.affectedCustomerCount,
});

const issueId = textInput(64).pipe(z.string().min(1));
const issueCommandInput = z.object({ incidentId: incidentRef, issueId });
const title = textInput(200).pipe(z.string().min(1));

export const incidentsRouter = router({
  /** Each incident with its glance: the leading segment, the audience, the customers told. */
  list: viewer
    .input(listInput)
    .output(z.array(glancedIncidentSummarySchema))
    .query(async ({ ctx, input }) =>
      withGlances(ctx.db, ctx.workspace.id, await listIncidents(ctx.db, ctx.workspace.id, input)),
    ),

  /** The incident page's main query: header (with its glance), counters, series, issues, activity. */
  get: viewer
    .input(getInput)
    .output(incidentDetailSchema)
    .query(async ({ ctx, input }) => {
      const detail = await getIncident(ctx.db, ctx.workspace.id, input.incidentId, {
        minutes: input.minutes,
      });
      const [glanced] = await withGlances(ctx.db, ctx.workspace.id, [detail], {
        analyseResolved: true,
      });
      return glanced;
    }),

  customers: viewer
    .input(customersInput)
    .output(customersPageSchema)
    .query(async ({ ctx, input }) => {
      const { incidentId: ref, ...query } = input;
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, ref);
      return listAffectedCustomers(ctx.db, ctx.workspace.id, incidentId, query);
    }),

  /**
   * Affected vs. all customers per attribute value, from a per-incident cache refreshed in
   * the background every 30 s; "computing" while the first one is under way.
   */
  breakdown: viewer
    .input(z.object({ incidentId: incidentRef }))
    .output(breakdownReadSchema)
    .query(async ({ ctx, input }) => {
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, input.incidentId);
      return readIncidentBreakdown(ctx.db, ctx.workspace.id, incidentId);
    }),

  /**
   * The affected segments (server/correlate through segment-analysis.ts): recomputed when the
   * affected count changed, at most every few seconds, and at once with `force`.
   */
  segments: viewer
    .input(z.object({ incidentId: incidentRef, force: z.boolean().default(false) }))
    .output(segmentAnalysisReadSchema)
    .query(async ({ ctx, input }) => {
      const incidentId = await resolveIncidentId(ctx.db, ctx.workspace.id, input.incidentId);
      return readSegmentAnalysis(ctx.db, ctx.workspace.id, incidentId, { force: input.force });
    }),

  /** Recent issues of the workspace, to attach to an incident. */
  issues: viewer
    .input(z.object({ search: textInput(200).optional() }))
    .output(z.array(recentIssueSchema))
    .query(({ ctx, input }) => recentIssues(ctx.db, ctx.workspace.id, input)),

  create: commander
    .input(
      z.object({
        title,
        severity: severitySchema.default("SEV3"),
        issueIds: z.array(issueId).max(50).default([]),
      }),
    )
    .output(changedSchema)
    .mutation(async ({ ctx, input: { title, severity, issueIds } }) =>
      changed(
        await createIncident(ctx.db, {
          workspaceId: ctx.workspace.id,
          actorId: ctx.user.id,
          title,
          severity,
          issueIds,
        }),
      ),
    ),

  /** Title, severity and/or status; each actual change lands in the activity timeline. */
  update: commander
    .input(
      z.object({
        incidentId: incidentRef,
        title: title.optional(),
        severity: severitySchema.optional(),
        status: statusSchema.optional(),
        /** Why, in words: kept with the status change on the timeline. */
        note: textInput(MAX_NOTE_LENGTH).optional(),
      }),
    )
    .output(changedSchema)
    .mutation(async ({ ctx, input }) => {
      const { incidentId: ref, workspace: _w, ...changes } = input;
      return changed(
        await updateIncident(ctx.db, { ...(await incidentCommand(ctx, ref)), ...changes }),
      );
    }),

  attachIssue: commander
    .input(issueCommandInput)
    .output(changedSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return changed(await attachIssue(ctx.db, { ...command, issueId: input.issueId }));
    }),

  detachIssue: commander
    .input(issueCommandInput)
    .output(changedSchema)
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return changed(await detachIssue(ctx.db, { ...command, issueId: input.issueId }));
    }),

  /**
   * Adds customers by hand, named by their external ids. Ids that name no customer of the
   * workspace are reported back in `unknown` and the others are added.
   */
  addCustomers: commander
    .input(
      z.object({
        incidentId: incidentRef,
        externalIds: z
          .array(textInput(200).pipe(z.string().min(1)))
          .min(1)
          .max(1000),
      }),
    )
    .output(
      z.object({
        added: z.number().int(),
        alreadyAffected: z.number().int(),
        unknown: z.array(z.string()),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      const { found, unknown } = await customersByExternalId(
        ctx.db,
        ctx.workspace.id,
        input.externalIds,
      );
      if (found.length === 0) {
        throw invalid(
          `No customer with the id ${unknown.map((id) => `"${id}"`).join(", ")} in this workspace.`,
        );
      }
      const result = await addCustomers(ctx.db, {
        ...command,
        customerIds: found.map((c) => c.id),
      });
      return { ...result, unknown };
    }),

  /** Removes a customer added by hand (one that events show affected stays, as observed). */
  removeCustomer: commander
    .input(z.object({ incidentId: incidentRef, customerId: z.number().int().positive() }))
    .output(z.object({ removed: z.number().int(), stillObserved: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const command = await incidentCommand(ctx, input.incidentId);
      return removeCustomers(ctx.db, { ...command, customerIds: [input.customerId] });
    }),
});

"use client";
/** Incident commands refresh every incident query once they succeed. */
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";

export function useRefreshIncidents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() });
}

/**
 * Audience commands change the audience, may save a segment, and land in the incident's
 * timeline: refresh all three once they succeed.
 */
export function useRefreshAudience() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.audience.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.incidents.get.pathKey() }),
    ]);
}

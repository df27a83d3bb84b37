"use client";
/** Incident commands refresh every incident query once they succeed. */
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";

export function useRefreshIncidents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() });
}

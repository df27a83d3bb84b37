"use client";
/** Name → slug (derived until edited by hand), checked for format and availability as you type. */
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Button, ButtonLink, Callout, Field, Input, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { slugify } from "@/server/workspaces/slug";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function CreateWorkspaceForm({
  host,
  cancelHref,
}: {
  host: string;
  cancelHref: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; slug?: string }>({});

  const effectiveSlug = slugEdited ? slug : slugify(name);
  const debouncedSlug = useDebounced(effectiveSlug, 300);
  const check = useQuery({
    ...trpc.workspace.slugAvailable.queryOptions({ slug: debouncedSlug }),
    enabled: debouncedSlug.length > 0,
    staleTime: 0,
  });
  const checking = effectiveSlug !== debouncedSlug || check.isFetching;

  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: (ws) => {
        router.push(`/w/${ws.slug}/incidents`);
        router.refresh();
      },
      onError: (err) => {
        const issues = err.data?.zodIssues ?? [];
        const next: typeof fieldErrors = {};
        for (const issue of issues) {
          const field = issue.path[0];
          if ((field === "name" || field === "slug") && !next[field]) next[field] = issue.message;
        }
        if (err.data?.code === "CONFLICT") next.slug = err.message;
        setFieldErrors(next);
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setFieldErrors({});
    create.mutate({ name: name.trim(), slug: effectiveSlug });
  }

  const slugStatus = (() => {
    if (fieldErrors.slug) return null;
    if (!effectiveSlug) return null;
    if (checking) {
      return (
        <span className="inline-flex items-center gap-1 text-zinc-500">
          <Spinner className="size-3" /> Checking…
        </span>
      );
    }
    if (check.data?.available)
      return (
        <span className="inline-flex items-center gap-1 text-emerald-700">
          <Check className="size-3.5" /> Available
        </span>
      );
    // Taken, malformed, or (TOO_MANY_REQUESTS) too many checks: say why.
    const problem = check.data?.reason ?? check.error?.message;
    if (problem)
      return (
        <span className="inline-flex items-center gap-1 text-red-600">
          <X className="size-3.5" /> {problem}
        </span>
      );
    return null;
  })();

  const slugProblem = fieldErrors.slug ?? (check.data && !checking && !check.data.available);
  const generalError =
    create.error && !fieldErrors.name && !fieldErrors.slug ? create.error.message : null;

  return (
    <form onSubmit={submit} className="space-y-5">
      <Field label="Workspace name" htmlFor="workspace-name" error={fieldErrors.name}>
        <Input
          id="workspace-name"
          name="name"
          placeholder="Acme Inc."
          autoFocus
          required
          maxLength={60}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setFieldErrors((f) => ({ ...f, name: undefined }));
          }}
        />
      </Field>
      <Field
        label="URL"
        htmlFor="workspace-slug"
        error={fieldErrors.slug}
        hint={slugStatus ?? "Lowercase letters, digits and hyphens."}
      >
        <div className="flex items-stretch overflow-hidden rounded-md border border-zinc-300 focus-within:border-zinc-500 focus-within:ring-2 focus-within:ring-zinc-200">
          <span className="flex items-center bg-zinc-50 px-3 text-sm text-zinc-500 select-none">
            {host}/w/
          </span>
          <input
            id="workspace-slug"
            name="slug"
            className="h-9 min-w-0 flex-1 bg-white px-2 text-sm focus:outline-none"
            placeholder="acme"
            maxLength={40}
            value={effectiveSlug}
            aria-invalid={Boolean(slugProblem)}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value.toLowerCase());
              setFieldErrors((f) => ({ ...f, slug: undefined }));
            }}
          />
        </div>
      </Field>
      {generalError && <Callout tone="error">{generalError}</Callout>}
      <div className="flex items-center justify-end gap-2 pt-1">
        {cancelHref && (
          <ButtonLink href={cancelHref} variant="ghost">
            Cancel
          </ButtonLink>
        )}
        <Button
          type="submit"
          loading={create.isPending || create.isSuccess}
          disabled={!name.trim() || !effectiveSlug || Boolean(slugProblem)}
        >
          Create workspace
        </Button>
      </div>
    </form>
  );
}

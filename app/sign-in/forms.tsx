"use client";
/** The sign-in and sign-up forms; the invite page uses them too, with the invited email fixed. */
import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore, type FormEvent } from "react";
import { Button, Callout, Field, Input } from "@/app/_components/ui";
import { sameOriginPath } from "@/server/auth/redirect";
import { signInEmail, signUpEmail, tooManyAttempts, type AuthResult } from "./auth-client";

type Failure = Extract<AuthResult, { ok: false }>;

/** A failure message; a rate-limit one counts down to zero and then clears itself. */
function useFailure() {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);
  useEffect(() => {
    if (secondsLeft <= 0) return;
    const t = setTimeout(() => {
      setSecondsLeft((s) => s - 1);
      if (secondsLeft === 1) setFailure(null);
    }, 1000);
    return () => clearTimeout(t);
  }, [secondsLeft]);
  return {
    failure: failure?.retryAfter ? { ...failure, message: tooManyAttempts(secondsLeft) } : failure,
    locked: secondsLeft > 0,
    set(f: Failure | null) {
      setFailure(f);
      setSecondsLeft(f?.retryAfter ?? 0);
    },
  };
}

/**
 * False in the server's HTML and until React has taken the form over. A submit before then
 * would be the browser's own — a GET to this page with the email and password in the address
 * (history, server logs) — so the submit button waits for it.
 */
function useHydrated() {
  return useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
}
const noChanges = () => () => {};

/**
 * Where to go once signed in: a full navigation so server components see the new cookie.
 * `next` came from the address bar, so it is checked again here, against this page's origin.
 */
function useAfterAuth(next: string, onSuccess?: () => Promise<void> | void) {
  const router = useRouter();
  return async () => {
    if (onSuccess) return onSuccess();
    router.replace(sameOriginPath(next, window.location.origin));
    router.refresh();
  };
}

export function SignInForm({
  next,
  lockedEmail,
  onSuccess,
}: {
  next: string;
  lockedEmail?: string;
  onSuccess?: () => Promise<void> | void;
}) {
  const [email, setEmail] = useState(lockedEmail ?? "");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const { failure, locked, set } = useFailure();
  const afterAuth = useAfterAuth(next, onSuccess);
  const hydrated = useHydrated();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    set(null);
    const result = await signInEmail({ email: email.trim(), password });
    if (result.ok) {
      await afterAuth();
    } else {
      set(result);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <Field label="Email" htmlFor="sign-in-email">
        <Input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus={!lockedEmail}
          readOnly={Boolean(lockedEmail)}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Field label="Password" htmlFor="sign-in-password">
        <Input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(lockedEmail)}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {failure && <Callout tone="error">{failure.message}</Callout>}
      <Button type="submit" className="w-full" loading={pending} disabled={locked || !hydrated}>
        Sign in
      </Button>
    </form>
  );
}

export function SignUpForm({
  next,
  lockedEmail,
  onSuccess,
  onAccountExists,
}: {
  next: string;
  lockedEmail?: string;
  onSuccess?: () => Promise<void> | void;
  /** Offered when the email already has an account (e.g. switch to the sign-in form). */
  onAccountExists?: () => void;
}) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState(lockedEmail ?? "");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const { failure, locked, set } = useFailure();
  const afterAuth = useAfterAuth(next, onSuccess);
  const hydrated = useHydrated();
  const fieldError = (f: Failure["field"]) =>
    failure && failure.field === f ? failure.message : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 8) {
      set({ ok: false, field: "password", message: "Use at least 8 characters." });
      return;
    }
    setPending(true);
    set(null);
    const result = await signUpEmail({ name: name.trim(), email: email.trim(), password });
    if (result.ok) {
      await afterAuth();
    } else {
      set(result);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <Field label="Name" htmlFor="sign-up-name">
        <Input
          id="sign-up-name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field label="Email" htmlFor="sign-up-email" error={fieldError("email")}>
        <Input
          id="sign-up-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          readOnly={Boolean(lockedEmail)}
          aria-invalid={Boolean(fieldError("email"))}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Field
        label="Password"
        htmlFor="sign-up-password"
        hint="At least 8 characters."
        error={fieldError("password")}
      >
        <Input
          id="sign-up-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldError("password"))}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {failure && !failure.field && <Callout tone="error">{failure.message}</Callout>}
      {failure?.field === "email" && onAccountExists && (
        <button
          type="button"
          onClick={onAccountExists}
          className="text-sm font-medium text-zinc-900 underline underline-offset-2"
        >
          Sign in with {email} instead
        </button>
      )}
      <Button type="submit" className="w-full" loading={pending} disabled={locked || !hydrated}>
        Create account
      </Button>
    </form>
  );
}

/**
 * The browser side of sign-in, sign-up and sign-out: plain fetch to better-auth's
 * /api/auth endpoints, with its error codes turned into sentences people can act on.
 */

export type AuthResult =
  | { ok: true }
  | { ok: false; message: string; field?: "email" | "password" | "name"; retryAfter?: number };

const MESSAGES: Record<string, Omit<Extract<AuthResult, { ok: false }>, "ok">> = {
  INVALID_EMAIL_OR_PASSWORD: { message: "Wrong email or password." },
  USER_ALREADY_EXISTS: {
    message: "An account with this email already exists. Sign in instead.",
    field: "email",
  },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: {
    message: "An account with this email already exists. Sign in instead.",
    field: "email",
  },
  INVALID_EMAIL: { message: "Enter a valid email address.", field: "email" },
  PASSWORD_TOO_SHORT: { message: "Use at least 8 characters.", field: "password" },
  PASSWORD_TOO_LONG: { message: "Use at most 128 characters.", field: "password" },
};

export const tooManyAttempts = (seconds: number) => `Too many attempts, try again in ${seconds} s.`;

async function authPost(path: string, body: unknown): Promise<AuthResult> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection." };
  }
  if (res.ok) return { ok: true };
  if (res.status === 429) {
    const retryAfter = Math.max(1, Number(res.headers.get("x-retry-after")) || 60);
    return { ok: false, message: tooManyAttempts(retryAfter), retryAfter };
  }
  const data = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  const known = data?.code ? MESSAGES[data.code] : undefined;
  if (known) return { ok: false, ...known };
  return {
    ok: false,
    message: data?.message ?? `Something went wrong (HTTP ${res.status}). Try again.`,
  };
}

export const signInEmail = (input: { email: string; password: string }) =>
  authPost("/sign-in/email", { ...input, rememberMe: true });

export const signUpEmail = (input: { name: string; email: string; password: string }) =>
  authPost("/sign-up/email", input);

export const signOut = () => authPost("/sign-out", {});

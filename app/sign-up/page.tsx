import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sameOriginPath } from "@/server/auth/redirect";
import { getSessionUser } from "@/server/auth/session";
import { appUrl } from "@/server/env";
import { AuthFrame } from "../sign-in/auth-frame";
import { SignUpForm } from "../sign-in/forms";

export const metadata: Metadata = { title: "Create your account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = sameOriginPath((await searchParams).next, appUrl());
  if (await getSessionUser()) redirect(next);
  const signInHref = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  return (
    <AuthFrame
      title="Create your account"
      subtitle="Then create a workspace for your team, or join one you were invited to."
      footer={
        <>
          Already have an account?{" "}
          <Link href={signInHref} className="font-medium text-zinc-900 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm next={next} />
    </AuthFrame>
  );
}

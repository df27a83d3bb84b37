import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sameOriginPath } from "@/server/auth/redirect";
import { getSessionUser } from "@/server/auth/session";
import { appUrl } from "@/server/env";
import { AuthFrame } from "./auth-frame";
import { SignInForm } from "./forms";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = sameOriginPath((await searchParams).next, appUrl());
  if (await getSessionUser()) redirect(next);
  const signUpHref = next === "/" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  return (
    <AuthFrame
      title="Sign in"
      subtitle="See which customers an incident is hurting, and tell exactly them."
      footer={
        <>
          New to Blastradius?{" "}
          <Link href={signUpHref} className="font-medium text-zinc-900 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm next={next} />
    </AuthFrame>
  );
}

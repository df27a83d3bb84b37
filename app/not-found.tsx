import Link from "next/link";

export default function NotFound() {
  return (
    <div className="grid min-h-screen place-items-center px-6">
      <div className="text-center">
        <p className="text-sm font-semibold text-brand-700">404</p>
        <h1 className="mt-2 text-xl font-semibold">
          This page does not exist, or you do not have access to it.
        </h1>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-zinc-700 underline">
          Back to your workspace
        </Link>
      </div>
    </div>
  );
}

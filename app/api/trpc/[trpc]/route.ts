import { getDb } from "@/db/client";
import { getAuth } from "@/server/auth";
import { handleTrpcRequest } from "@/server/trpc/http";

export const dynamic = "force-dynamic";

const handler = async (req: Request) => {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  return handleTrpcRequest(req, { db, auth });
};

export { handler as GET, handler as POST };

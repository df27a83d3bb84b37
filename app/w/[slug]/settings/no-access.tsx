/** What a member sees on a settings page their role does not open: who can, and what they are. */
import { Lock } from "lucide-react";
import { Card, EmptyState } from "@/app/_components/ui";

export function NoAccess({ what, needs }: { what: string; needs: string }) {
  return (
    <Card>
      <EmptyState
        icon={<Lock className="size-6" />}
        title={`Only ${needs} can see ${what}`}
        description="Ask an admin of this workspace if you need access."
      />
    </Card>
  );
}

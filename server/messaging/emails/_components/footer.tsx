/** Why the customer got the email and how to stop them. */
import { Link, Section, Text } from "@react-email/components";
import { light } from "./theme";

export function Footer({
  why,
  unsubscribeLabel,
  unsubscribeUrl,
}: {
  why: string;
  unsubscribeLabel: string;
  unsubscribeUrl: string;
}) {
  const small = { margin: "0 0 8px", fontSize: "12px", lineHeight: "18px", color: light.muted };
  return (
    <Section className="br-footer" style={{ padding: "18px 8px 8px" }}>
      <Text className="br-muted" style={small}>
        {why}
      </Text>
      <Text className="br-muted" style={small}>
        <Link
          href={unsubscribeUrl}
          className="br-link"
          style={{ color: light.muted, textDecoration: "underline" }}
        >
          {unsubscribeLabel}
        </Link>
      </Text>
    </Section>
  );
}

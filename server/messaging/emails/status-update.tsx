/**
 * The status update email: the workspace's name, the status in words and colour, the
 * incident, the template's intro, the update itself, the button to the customer's notice
 * page, the template's outro, and a footer saying why it came and how to stop it.
 *
 * Every prop is plain text except `bodyHtml`, which render/markdown.ts made safe; React
 * escapes the rest. render/index.ts prepares the props from a RenderInput.
 */
import { Button, Heading, Hr, Section, Text } from "@react-email/components";
import type { IncidentStatus } from "../schema-types";
import { EmailLayout } from "./_components/layout";
import { Footer } from "./_components/footer";
import { MarkdownBody } from "./_components/markdown-body";
import { Paragraphs } from "./_components/paragraphs";
import { StatusBadge } from "./_components/status-badge";
import { light } from "./_components/theme";

export interface StatusUpdateEmailProps {
  lang: string;
  workspaceName: string;
  status: IncidentStatus;
  statusLabel: string;
  incidentReference: string;
  incidentTitle: string;
  /** "Affects customers with: app_version = 5.2.0", or null when the audience has no segment. */
  segmentLine: string | null;
  /** "Update 2 · 4 December 2026 at 18:05 UTC" */
  updateLine: string;
  intro: string;
  updateTitle: string;
  bodyHtml: string;
  outro: string;
  noticeUrl: string;
  buttonLabel: string;
  why: string;
  unsubscribeLabel: string;
  unsubscribeUrl: string;
}

export function StatusUpdateEmail(props: StatusUpdateEmailProps) {
  return (
    <EmailLayout
      lang={props.lang}
      preview={`${props.statusLabel}: ${props.updateTitle}`}
      footer={
        <Footer
          why={props.why}
          unsubscribeLabel={props.unsubscribeLabel}
          unsubscribeUrl={props.unsubscribeUrl}
        />
      }
    >
      <Text
        className="br-heading"
        style={{
          margin: "0 0 14px",
          padding: "0 8px",
          fontSize: "16px",
          lineHeight: "24px",
          fontWeight: 600,
          color: light.heading,
        }}
      >
        {props.workspaceName}
      </Text>
      <Section
        className="br-card"
        style={{
          backgroundColor: light.card,
          border: `1px solid ${light.border}`,
          borderRadius: "10px",
          padding: "28px 32px",
        }}
      >
        <Text style={{ margin: "0 0 12px", fontSize: "12px", lineHeight: "24px" }}>
          <StatusBadge status={props.status} label={props.statusLabel} />
          <span className="br-muted" style={{ color: light.muted, paddingLeft: "8px" }}>
            {props.incidentReference} · {props.updateLine}
          </span>
        </Text>
        <Heading
          as="h1"
          className="br-heading br-title"
          style={{
            margin: "0 0 18px",
            fontSize: "22px",
            lineHeight: "30px",
            fontWeight: 700,
            color: light.heading,
            wordBreak: "break-word",
          }}
        >
          {props.incidentTitle}
        </Heading>
        {props.segmentLine && (
          <Text
            className="br-muted"
            style={{
              margin: "-10px 0 18px",
              fontSize: "13px",
              lineHeight: "20px",
              color: light.muted,
              wordBreak: "break-word",
            }}
          >
            {props.segmentLine}
          </Text>
        )}
        <Paragraphs text={props.intro} />
        <Hr className="br-hr" style={{ borderColor: light.border, margin: "6px 0 20px" }} />
        <Heading
          as="h2"
          className="br-heading"
          style={{
            margin: "0 0 10px",
            fontSize: "17px",
            lineHeight: "25px",
            fontWeight: 600,
            color: light.heading,
            wordBreak: "break-word",
          }}
        >
          {props.updateTitle}
        </Heading>
        <MarkdownBody html={props.bodyHtml} />
        <Section style={{ margin: "10px 0 24px" }}>
          <Button
            href={props.noticeUrl}
            className="br-button"
            style={{
              display: "inline-block",
              backgroundColor: light.button,
              color: light.buttonText,
              border: `1px solid ${light.button}`,
              borderRadius: "8px",
              fontSize: "15px",
              lineHeight: "22px",
              fontWeight: 600,
              textDecoration: "none",
              padding: "12px 20px",
            }}
          >
            {props.buttonLabel}
          </Button>
        </Section>
        <Paragraphs text={props.outro} />
      </Section>
    </EmailLayout>
  );
}

/** The frame of every notice email: head (colour schemes, dark-mode rules), page and card. */
import type { ReactNode } from "react";
import { Body, Container, Head, Html, Preview, Section } from "@react-email/components";
import { fontFamily, layoutCss, light } from "./theme";

export function EmailLayout({
  lang,
  preview,
  children,
  footer,
}: {
  lang: string;
  preview: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        {/* Constant CSS only (theme.ts): nothing from an incident, a customer or a responder. */}
        <style dangerouslySetInnerHTML={{ __html: layoutCss }} />
      </Head>
      <Preview>{preview}</Preview>
      <Body className="br-body" style={{ backgroundColor: light.page, margin: 0, fontFamily }}>
        <Section className="br-outer" style={{ backgroundColor: light.page, padding: "24px 12px" }}>
          <Container style={{ maxWidth: "600px", width: "100%", fontFamily }}>
            {children}
            {footer}
          </Container>
        </Section>
      </Body>
    </Html>
  );
}

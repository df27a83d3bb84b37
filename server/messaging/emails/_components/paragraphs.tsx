/**
 * Template text (intro, outro) after its variables were substituted: plain text, never
 * markup. Blank lines separate paragraphs and a single line break stays a line break; React
 * escapes every character.
 */
import { Fragment } from "react";
import { Text } from "@react-email/components";
import { light } from "./theme";

export function Paragraphs({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <Text
          key={i}
          className="br-text"
          style={{ margin: "0 0 14px", fontSize: "15px", lineHeight: "24px", color: light.text }}
        >
          {paragraph.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </Text>
      ))}
    </>
  );
}

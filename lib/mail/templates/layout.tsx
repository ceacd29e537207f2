import { Body, Container, Head, Html, Preview, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** The frame every Roster mail shares: greeting, paragraphs, the studio's name as signature. */
export function Layout({
  preview,
  greeting,
  studioName,
  children,
}: {
  preview: string;
  greeting?: string;
  studioName: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2937" }}>
        <Container style={{ maxWidth: 560, padding: "16px" }}>
          {greeting ? <Text>{greeting}</Text> : null}
          {children}
          <Text>{studioName}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const P = ({ children }: { children: ReactNode }) => <Text>{children}</Text>;

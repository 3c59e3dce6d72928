// Page chrome shared by both views: themed page surface, headings, toolbars, notices.
import Heading from '@splunk/react-ui/Heading';
import Message from '@splunk/react-ui/Message';
import P from '@splunk/react-ui/Paragraph';
import useSplunkTheme from '@splunk/themes/useSplunkTheme';
import type { CSSProperties, FormHTMLAttributes, HTMLAttributes, ReactNode } from 'react';

/** The theme's variables this page uses (present in every Splunk theme family). */
interface PageVariables {
  contentColorDefault: string;
  contentColorMuted: string;
  fontFamily: string;
  monoFontFamily: string;
}
const useVariables = () => useSplunkTheme<PageVariables>() as unknown as PageVariables;

type Div = HTMLAttributes<HTMLElement> & { 'data-test'?: string; 'data-page'?: string; 'data-ready'?: string };

export function PageRoot({ style, ...props }: Div) {
  const v = useVariables();
  // The dashboard panel around the page has Splunk Web's own (themed) background.
  const base: CSSProperties = {
    background: 'transparent',
    color: v.contentColorDefault,
    fontFamily: v.fontFamily,
    padding: '16px 24px 32px',
    minHeight: '100%',
    boxSizing: 'border-box',
  };
  return <main style={{ ...base, ...style }} {...props} />;
}

export const Toolbar = ({ style, ...props }: Div) => <div style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '8px 0 12px', ...style }} {...props} />;

export const Spacer = () => <div style={{ flex: 1 }} />;

export const Form = ({ style, ...props }: FormHTMLAttributes<HTMLFormElement> & { 'data-test'?: string }) => <form style={{ maxWidth: 720, ...style }} {...props} />;

export function Mono({ style, ...props }: Div) {
  const v = useVariables();
  return <code style={{ fontFamily: v.monoFontFamily, fontSize: 12, wordBreak: 'break-all', ...style }} {...props} />;
}

export function Muted({ style, ...props }: Div) {
  const v = useVariables();
  return <span style={{ color: v.contentColorMuted, ...style }} {...props} />;
}

export function PageHeader({ title, description }: { title: string; description: ReactNode }) {
  return (
    <header>
      <Heading level={1}>{title}</Heading>
      <P>{description}</P>
    </header>
  );
}

/** A splunkd or page error, shown where the action that caused it is. */
export function ErrorNotice({ error, testId }: { error: string | undefined; testId: string }) {
  if (!error) return null;
  return (
    <div role="alert" data-test={testId}>
      <Message type="error">{error}</Message>
    </div>
  );
}

export function SuccessNotice({ text, testId }: { text: string | undefined; testId: string }) {
  if (!text) return null;
  return (
    <div role="status" data-test={testId}>
      <Message type="success">{text}</Message>
    </div>
  );
}

export function ReadOnlyNotice({ reason }: { reason: string }) {
  return (
    <div role="note" data-test="read-only-notice">
      <Message type="info">
        <Message.Title>Read-only</Message.Title>
        {reason}
      </Message>
    </div>
  );
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

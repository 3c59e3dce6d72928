// Inspector messages: how a chunked command talks to the user. ERROR lines appear in Splunk Web's search
// error bar (search-commands.md §1.7); the exit code never does, so errors travel here.

export type MessageLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type InspectorMessage = [MessageLevel, string];

export const errorMessage = (text: string): InspectorMessage => ['ERROR', text];

/** Reply metadata with the messages added (none: unchanged, so quiet replies stay small). */
export function withMessages(metadata: Record<string, unknown>, messages: readonly InspectorMessage[] | undefined): Record<string, unknown> {
  if (!messages || messages.length === 0) return metadata;
  return { ...metadata, inspector: { messages: messages.map(([level, text]) => [level, text]) } };
}

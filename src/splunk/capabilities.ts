// Run-time capability checks (DESIGN §4): the search command and the response actions ask splunkd who called
// them, with the session key splunkd gave them, and refuse with a message naming the missing capability.
// splunkd has no per-command or per-alert-action capability setting that fully blocks execution
// (reference/search-commands.md §5), so the check lives in the process itself.
import type { SplunkdClient, SplunkdFeed } from './rest';

export const CAPABILITY_HUNT = 'defender_sync_hunt';
export const CAPABILITY_RESPOND = 'defender_sync_respond';
export type AddOnCapability = typeof CAPABILITY_HUNT | typeof CAPABILITY_RESPOND;

/** The role that grants each capability out of the box (default/authorize.conf). */
const GRANTING_ROLE: Record<AddOnCapability, string> = {
  [CAPABILITY_HUNT]: 'defender_sync_hunter',
  [CAPABILITY_RESPOND]: 'defender_sync_responder',
};

export interface CallerContext {
  user: string;
  roles: string[];
  capabilities: string[];
}

export class CapabilityError extends Error {
  override readonly name = 'CapabilityError';
  constructor(
    readonly user: string,
    readonly capability: AddOnCapability,
  ) {
    super(
      `user '${user}' lacks the capability '${capability}' that this requires: ask a Splunk admin to give your role ` +
        `that capability (Settings > Roles), or to give you the role ${GRANTING_ROLE[capability]}, which has it.`,
    );
  }
}

/** GET authentication/current-context: who the session key belongs to and what they may do. */
export async function callerContext(client: SplunkdClient): Promise<CallerContext> {
  const feed = await client.get<SplunkdFeed>('services/authentication/current-context');
  const content = (feed.entry?.[0]?.content ?? {}) as { username?: unknown; roles?: unknown; capabilities?: unknown };
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
  return { user: String(content.username ?? ''), roles: list(content.roles), capabilities: list(content.capabilities) };
}

/** Resolves to the caller when they have the capability; throws CapabilityError otherwise. */
export async function requireCapability(client: SplunkdClient, capability: AddOnCapability): Promise<{ user: string }> {
  const caller = await callerContext(client);
  if (!caller.capabilities.includes(capability)) throw new CapabilityError(caller.user || 'unknown', capability);
  return { user: caller.user };
}

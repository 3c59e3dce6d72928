// Who may change the add-on's configuration. The page writes through splunkd's generic endpoints
// (configs/conf-*, storage/passwords, data/inputs/<scheme>, apps/local), which splunkd itself guards:
// admin_all_objects passes all of them whatever the object's ACL. A capability of our own would not be
// enforced by those endpoints (only by a custom REST handler, which this add-on does not ship), so the
// page gates on exactly what splunkd checks and says so.

export const CONFIGURE_CAPABILITY = 'admin_all_objects';

export interface UserContext {
  username: string;
  roles: string[];
  capabilities: string[];
}

export interface Permission {
  canWrite: boolean;
  /** Why the page is read-only, for the notice; undefined when the user may write. */
  reason?: string;
}

export function permissionFor(user: UserContext): Permission {
  if (user.capabilities.includes(CONFIGURE_CAPABILITY)) return { canWrite: true };
  const roles = user.roles.length > 0 ? user.roles.join(', ') : 'none';
  return {
    canWrite: false,
    reason:
      `You are signed in as ${user.username} (roles: ${roles}), which lacks the ${CONFIGURE_CAPABILITY} capability. ` +
      `Changing Defender Sync accounts, settings and inputs needs it (the admin and sc_admin roles have it): ask a Splunk administrator.`,
  };
}

/** The current-context entry's content, defensively typed (splunkd lists roles and capabilities as arrays). */
export function userContextFrom(content: Record<string, unknown> | undefined): UserContext {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
  return { username: String(content?.username ?? ''), roles: list(content?.roles), capabilities: list(content?.capabilities) };
}

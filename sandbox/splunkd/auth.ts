// Users, roles, capabilities and session keys of the stand-in.
// Session keys are accepted only as `Authorization: Splunk <key>`, as splunkd does for session keys
// (Bearer is for JWT auth tokens, which the app never uses; Basic user:password is not modelled).
import { randomBytes } from 'node:crypto';
import { forbidden, RestError, unauthenticated } from './feed';

export interface UserSpec {
  name: string;
  password?: string;
  roles: string[];
  realname?: string;
}

/** Role → capabilities. */
export type RoleSpec = Record<string, string[]>;

const USER_CAPABILITIES = ['search', 'rest_properties_get', 'list_inputs', 'get_metadata', 'get_typeahead', 'change_own_password', 'list_indexes'];

export const DEFAULT_ROLES: RoleSpec = {
  admin: [
    ...USER_CAPABILITIES,
    'admin_all_objects',
    'list_storage_passwords',
    'edit_storage_passwords',
    'edit_tcp',
    'edit_monitor',
    'edit_indexes',
    'list_settings',
    'rest_properties_set',
    'rest_apps_management',
    'edit_user',
  ],
  user: USER_CAPABILITIES,
};

export const SYSTEM_USER = 'splunk-system-user';

export const DEFAULT_USERS: UserSpec[] = [
  { name: 'admin', password: 'changeme', roles: ['admin'], realname: 'Administrator' },
  { name: 'analyst', password: 'changeme', roles: ['user'], realname: 'SOC Analyst' },
];

export interface Session {
  key: string;
  user: string;
  realname: string;
  roles: string[];
  capabilities: Set<string>;
}

/**
 * `[role_<name>]` stanzas of the installed apps' authorize.conf (`<capability> = enabled`, `importRoles = a;b`),
 * which splunkd merges with the system's roles.
 */
export type AppRoles = () => Array<{ role: string; keys: Record<string, string> }>;

export class Auth {
  private readonly users = new Map<string, UserSpec>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    users: UserSpec[],
    private readonly roles: RoleSpec,
    private readonly appRoles: AppRoles = () => [],
  ) {
    for (const u of users) this.users.set(u.name, u);
    // splunkd runs inputs and alert actions with keys of its own system user, which has admin's rights.
    if (!this.users.has(SYSTEM_USER)) this.users.set(SYSTEM_USER, { name: SYSTEM_USER, roles: ['admin'] });
  }

  /** POST /services/auth/login */
  login(name: string, password: string): string | undefined {
    const user = this.users.get(name);
    if (!user || user.password === undefined || user.password !== password) return undefined;
    return this.newSession(user).key;
  }

  sessionKeyFor(name: string): string {
    const user = this.users.get(name);
    if (!user) throw new Error(`splunkd stand-in: no user '${name}' (users: ${[...this.users.keys()].join(', ')})`);
    return this.newSession(user).key;
  }

  revoke(key: string): void {
    this.sessions.delete(key);
  }

  /** The session of `Authorization: Splunk <key>`, or splunkd's 401. */
  authenticate(header: string | undefined): Session {
    const m = /^Splunk\s+(\S+)\s*$/.exec(header ?? '');
    const session = m ? this.sessions.get(m[1]!) : undefined;
    if (!session) {
      // splunkd answers ERROR "Unauthorized" to Basic-shaped or unknown schemes, WARN otherwise.
      if (header && !/^(Splunk|Bearer)\s/i.test(header)) throw new RestError(401, 'Unauthorized', 'ERROR');
      throw unauthenticated();
    }
    return session;
  }

  private newSession(user: UserSpec): Session {
    const key = randomBytes(30).toString('base64url');
    const capabilities = this.capabilitiesOf(user.roles);
    const session: Session = { key, user: user.name, realname: user.realname ?? '', roles: [...user.roles], capabilities };
    this.sessions.set(key, session);
    return session;
  }

  /** The roles' capabilities, with those installed apps enable for them and for the roles they import. */
  private capabilitiesOf(roles: string[]): Set<string> {
    const fromApps = this.appRoles();
    const capabilities = new Set<string>();
    const seen = new Set<string>();
    const visit = (role: string): void => {
      if (seen.has(role)) return;
      seen.add(role);
      for (const c of this.roles[role] ?? []) capabilities.add(c);
      for (const { role: r, keys } of fromApps) {
        if (r !== role) continue;
        for (const [key, value] of Object.entries(keys)) {
          if (key === 'importRoles') value.split(';').map((v) => v.trim()).filter(Boolean).forEach(visit);
          else if (value.trim() === 'enabled') capabilities.add(key);
        }
      }
    };
    roles.forEach(visit);
    return capabilities;
  }
}

/** 403 unless the session has one of the capabilities. */
export function requireCapability(session: Session, ...anyOf: string[]): void {
  if (!anyOf.some((c) => session.capabilities.has(c))) throw forbidden(session.user, anyOf);
}

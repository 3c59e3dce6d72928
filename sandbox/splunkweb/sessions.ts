// Splunk Web sessions: an HttpOnly session cookie (the splunkd session key stays on the server, as the
// stand-in's simplification of Splunk Web's cookies) and the splunkweb_csrf_token_<port> cookie that the
// page's JavaScript reads and echoes as X-Splunk-Form-Key on every write.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Theme = 'light' | 'dark';

export interface WebSession {
  id: string;
  user: string;
  sessionKey: string;
  csrfToken: string;
}

export const sessionCookieName = (port: number): string => `session_id_${port}`;
export const csrfCookieName = (port: number): string => `splunkweb_csrf_token_${port}`;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export class Sessions {
  private readonly byId = new Map<string, WebSession>();
  /** Per-user theme (Splunk keeps it in user-prefs.conf [general] theme). */
  private readonly themes = new Map<string, Theme>();

  constructor(readonly port: () => number) {}

  create(user: string, sessionKey: string): WebSession {
    // Splunk Web's tokens are long decimal numbers.
    const session = { id: randomBytes(24).toString('hex'), user, sessionKey, csrfToken: BigInt(`0x${randomBytes(8).toString('hex')}`).toString() };
    this.byId.set(session.id, session);
    return session;
  }

  of(req: IncomingMessage): WebSession | undefined {
    return this.byId.get(parseCookies(req.headers.cookie)[sessionCookieName(this.port())] ?? '');
  }

  end(id: string): void {
    this.byId.delete(id);
  }

  setTheme(user: string, theme: Theme): void {
    this.themes.set(user, theme);
  }

  themeOf(user: string): Theme {
    return this.themes.get(user) ?? 'light';
  }

  /** Set-Cookie values for a new session: HttpOnly session id, script-readable CSRF token. */
  cookies(session: WebSession): string[] {
    const port = this.port();
    return [`${sessionCookieName(port)}=${session.id}; Path=/; HttpOnly; SameSite=Lax`, `${csrfCookieName(port)}=${session.csrfToken}; Path=/; SameSite=Strict`];
  }
}

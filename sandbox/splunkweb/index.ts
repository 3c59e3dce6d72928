// The Splunk Web stand-in: serves an installed app's views (app bar, $C, the view's script and
// stylesheet from appserver/static), proxies /<locale>/splunkd/__raw/… to the splunkd stand-in with the
// signed-in user's session key, enforces the X-Splunk-Form-Key CSRF header on writes, and sends users to
// the app's setup view while the app is not configured. See README.md for what is faithful and what is not.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Splunkd } from '../splunkd/index';
import { BUILT_IN_EXPOSE, type ExposeRule, exposeRulesFromWebConf, isExposed } from './expose';
import { renderErrorPage, renderLoginPage, renderViewPage } from './page';
import { csrfCookieName, parseCookies, Sessions, type Theme, type WebSession } from './sessions';
import { splunkdJson, splunkdLogin, splunkdRequest } from './splunkd-client';
import { readBody } from '../http-body';
import { readNav, readView } from './views';
import { studioTables } from './studio/tables';
import { renderStudio } from './studio/render';

export type { Theme } from './sessions';

export interface SplunkWebOptions {
  splunkd: Splunkd;
  /** 0 (default) picks a free port; always 127.0.0.1. */
  port?: number;
  /** Locale of redirects (any ll-CC locale in a URL is served). Default en-US. */
  locale?: string;
  /** The app `/` opens. Default TA_defender_sync. */
  app?: string;
  /** Splunk Web's BUILD_NUMBER (cache buster in static URLs). */
  buildNumber?: number;
}

export interface BrowserCookie {
  name: string;
  value: string;
  url: string;
  httpOnly: boolean;
}

export interface SignedIn {
  user: string;
  /** Cookies to give a browser context (Playwright's addCookies shape). */
  cookies: BrowserCookie[];
  /** The CSRF form key (the splunkweb_csrf_token_<port> cookie's value). */
  csrfToken: string;
  /** `Cookie` header value for plain HTTP clients. */
  cookieHeader: string;
}

export interface SplunkWeb {
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly locale: string;
  /** Signs a user in without the login form (as after a successful login). */
  login(user: string, options?: { theme?: Theme }): SignedIn;
  /** The user's theme preference (user-prefs [general] theme in Splunk). */
  setTheme(user: string, theme: Theme): void;
  /** Full URL of an app view. */
  viewUrl(view: string, app?: string): string;
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const LOCALE = /^[a-z]{2}-[A-Z]{2}$/;
const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
/** Width Studio dashboards are drawn at (the browser suite's 1360 px viewport minus the page padding). */
const STUDIO_WIDTH = 1320;

export async function startSplunkWeb(options: SplunkWebOptions): Promise<SplunkWeb> {
  const { splunkd } = options;
  const defaultLocale = options.locale ?? 'en-US';
  const defaultApp = options.app ?? 'TA_defender_sync';
  const buildNumber = options.buildNumber ?? 20251122;
  let port = 0;
  const sessions = new Sessions(() => port);
  const appDir = (app: string) => join(splunkd.splunkHome, 'etc', 'apps', app);

  const exposeRules = (): ExposeRule[] => {
    const rules = [...BUILT_IN_EXPOSE];
    for (const app of appsWithWebConf()) rules.push(...exposeRulesFromWebConf(readFileSync(join(appDir(app), 'default', 'web.conf'), 'utf8')));
    return rules;
  };
  const appsWithWebConf = (): string[] => {
    const dir = join(splunkd.splunkHome, 'etc', 'apps');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((a) => existsSync(join(dir, a, 'default', 'web.conf')));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const parts = url.pathname.split('/').filter((s) => s !== '');
    if (parts.length === 0 || (parts.length === 1 && LOCALE.test(parts[0]!))) return redirect(res, `/${parts[0] ?? defaultLocale}/app/${defaultApp}/`);
    const [locale, area] = parts;
    if (!LOCALE.test(locale!)) return redirect(res, `/${defaultLocale}${url.pathname}${url.search}`);
    const session = sessions.of(req);
    if (area === 'account' && parts[2] === 'login') return loginRoute(req, res, locale!, url);
    if (area === 'account' && parts[2] === 'logout') {
      if (session) sessions.end(session.id);
      return redirect(res, `/${locale}/account/login`, [`${csrfCookieName(port)}=; Path=/; Max-Age=0`]);
    }
    if (area === 'static') return staticRoute(res, session, parts.slice(2));
    if (area === 'splunkd' && parts[2] === '__raw') return proxyRoute(req, res, session, url, locale!);
    if (area === 'app') {
      if (!session) return redirect(res, `/${locale}/account/login?return_to=${encodeURIComponent(url.pathname + url.search)}`);
      return viewRoute(res, session, locale!, parts[2], parts[3]);
    }
    send(res, 404, 'text/html; charset=utf-8', renderErrorPage(404, 'Page not found'));
  }

  async function loginRoute(req: IncomingMessage, res: ServerResponse, locale: string, url: URL): Promise<void> {
    const home = `/${locale}/app/${defaultApp}/`;
    const returnTo = safeReturn(url.searchParams.get('return_to'), home);
    if (req.method !== 'POST') return send(res, 200, 'text/html; charset=utf-8', renderLoginPage(locale, returnTo));
    const form = new URLSearchParams((await readBody(req, bodyTooLarge)).toString('utf8'));
    const user = form.get('username') ?? '';
    const key = await splunkdLogin(splunkd, user, form.get('password') ?? '');
    if (!key) return send(res, 401, 'text/html; charset=utf-8', renderLoginPage(locale, returnTo, 'Login failed'));
    const session = sessions.create(user, key);
    redirect(res, safeReturn(form.get('return_to'), home), sessions.cookies(session));
  }

  async function viewRoute(res: ServerResponse, session: WebSession, locale: string, app: string | undefined, viewName: string | undefined): Promise<void> {
    if (!app || !existsSync(appDir(app))) return send(res, 404, 'text/html; charset=utf-8', renderErrorPage(404, `App ${app ?? ''} is not installed`));
    const key = session.sessionKey;
    const [appInfo, ui, install, context] = await Promise.all([
      splunkdJson(splunkd, key, `/services/apps/local/${encodeURIComponent(app)}`),
      splunkdJson(splunkd, key, `/servicesNS/nobody/${encodeURIComponent(app)}/configs/conf-app/ui`),
      splunkdJson(splunkd, key, `/servicesNS/nobody/${encodeURIComponent(app)}/configs/conf-app/install`),
      splunkdJson(splunkd, key, '/services/authentication/current-context'),
    ]);
    if (!context) {
      sessions.end(session.id);
      return redirect(res, `/${locale}/account/login`);
    }
    const nav = readNav(appDir(app));
    const name = viewName ?? nav.defaultView;
    const setupView = ui?.entry?.[0]?.content?.setup_view as string | undefined;
    const configured = appInfo?.entry?.[0]?.content?.configured === true;
    // Until the app is configured, Splunk Web sends users to the app's setup view.
    if (!configured && setupView && name !== setupView) return redirect(res, `/${locale}/app/${app}/${setupView}`);
    if (!name) return send(res, 404, 'text/html; charset=utf-8', renderErrorPage(404, `App ${app} has no views`));
    const view = readView(appDir(app), name);
    if (!view) return send(res, 404, 'text/html; charset=utf-8', renderErrorPage(404, `View ${name} not found in app ${app}`));
    const navLabels: Record<string, string> = {};
    for (const v of nav.views) navLabels[v] = readView(appDir(app), v)?.label ?? v;
    const user = context.entry[0].content as { username: string; realname?: string };
    const html = renderViewPage({
      locale,
      port,
      buildNumber,
      app,
      appLabel: String(appInfo?.entry?.[0]?.content?.label ?? app),
      appBuild: String(install?.entry?.[0]?.content?.build ?? '0'),
      user: { name: user.username, realname: user.realname ?? '' },
      theme: sessions.themeOf(session.user),
      nav,
      navLabels,
      view,
      versionLabel: '9.4.0 (sandbox)',
      ...(view.studio ? { studioHtml: renderStudio(view.studio, studioTables(splunkd, name, view.studio, Date.now() / 1000), sessions.themeOf(session.user), STUDIO_WIDTH) } : {}),
    });
    send(res, 200, 'text/html; charset=utf-8', html, { 'Cache-Control': 'no-store' });
  }

  function staticRoute(res: ServerResponse, session: WebSession | undefined, rest: string[]): void {
    const path = rest[0]?.startsWith('@') ? rest.slice(1) : rest; // cache buster /@<build>[:<appBuild>]/
    if (path.join('/') === 'build/api/get_theme.js') {
      // Splunk Web's theme API, which @splunk/splunk-utils' getUserTheme() loads.
      const theme = session ? sessions.themeOf(session.user) : 'light';
      return send(res, 200, CONTENT_TYPES['.js']!, `window.__get_theme__ = { getTheme: function () { return Promise.resolve(${JSON.stringify(theme)}); } };\n`, { 'Cache-Control': 'no-store' });
    }
    if (path[0] !== 'app' || !path[1] || path.length < 3) return send(res, 404, 'text/plain', 'Not found');
    let relative: string;
    try {
      relative = path.slice(2).map(decodeURIComponent).join('/');
    } catch {
      return send(res, 400, 'text/plain', 'Bad path');
    }
    const root = join(appDir(path[1]), 'appserver', 'static');
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'text/plain', 'Not found');
    send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
  }

  async function proxyRoute(req: IncomingMessage, res: ServerResponse, session: WebSession | undefined, url: URL, locale: string): Promise<void> {
    const rawPath = url.pathname.slice(`/${locale}/splunkd/__raw`.length) || '/';
    const method = req.method ?? 'GET';
    const json = (status: number, text: string) => send(res, status, 'application/json; charset=utf-8', JSON.stringify({ messages: [{ type: 'ERROR', text }] }));
    if (!session) return json(401, 'Splunk Web session expired or not signed in: sign in again.');
    if (!isExposed(exposeRules(), rawPath, method)) return json(404, `Splunk Web does not expose ${method} ${rawPath} (web.conf [expose:*]).`);
    if (WRITE_METHODS.has(method)) {
      const sent = req.headers['x-splunk-form-key'];
      const cookie = parseCookies(req.headers.cookie)[csrfCookieName(port)];
      if (typeof sent !== 'string' || sent !== session.csrfToken || cookie !== session.csrfToken)
        return json(403, 'Splunk Web refused the request: CSRF validation failed (the X-Splunk-Form-Key header must equal the splunkweb_csrf_token cookie).');
    }
    const body = await readBody(req, bodyTooLarge);
    const headers: Record<string, string> = { Authorization: `Splunk ${session.sessionKey}` };
    const type = req.headers['content-type'];
    if (typeof type === 'string') headers['Content-Type'] = type;
    try {
      const answer = await splunkdRequest(splunkd, method, `${rawPath}${url.search}`, headers, body.length ? body : undefined);
      const contentType = answer.headers['content-type'];
      send(res, answer.status, typeof contentType === 'string' ? contentType : 'application/octet-stream', answer.body, { 'Cache-Control': 'no-store' });
    } catch (e) {
      json(502, `Splunk Web could not reach splunkd: ${(e as Error).message}`);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `Splunk Web stand-in error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    port,
    locale: defaultLocale,
    login(user, o = {}) {
      if (o.theme) sessions.setTheme(user, o.theme);
      const session = sessions.create(user, splunkd.sessionKeyFor(user));
      const cookies = sessions.cookies(session).map((c) => {
        const [pair] = c.split(';');
        const [name, value] = pair!.split('=') as [string, string];
        return { name, value, url: base, httpOnly: /HttpOnly/.test(c) };
      });
      return { user, cookies, csrfToken: session.csrfToken, cookieHeader: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
    },
    setTheme: (user, theme) => sessions.setTheme(user, theme),
    viewUrl: (view, app = defaultApp) => `${base}/${defaultLocale}/app/${app}/${view}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN', ...extra });
  res.end(buf);
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, ...(cookies.length ? { 'Set-Cookie': cookies } : {}) });
  res.end();
}

const bodyTooLarge = (): Error => new Error('request body too large');

/** Only same-site paths, so the login form cannot redirect elsewhere. */
function safeReturn(value: string | null, fallback: string): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : fallback;
}


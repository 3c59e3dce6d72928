// The HTML Splunk Web serves for an app view: the Splunk bar, the app bar (nav), window.$C with the
// globals Splunk Web sets (those @splunk/splunk-utils reads), the dashboard body with the view's <html>
// panels, then the view's stylesheet and script from /<locale>/static/app/<app>/… .
import type { Nav, View } from './views';
import type { Theme } from './sessions';

export interface PageContext {
  locale: string;
  port: number;
  buildNumber: number;
  app: string;
  appLabel: string;
  appBuild: string;
  user: { name: string; realname: string };
  theme: Theme;
  nav: Nav;
  /** Labels of the nav's views (view name → label). */
  navLabels: Record<string, string>;
  view: View;
  versionLabel: string;
  /** A Dashboard Studio view, drawn (studio/render.ts), in place of Simple XML panels. */
  studioHtml?: string;
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The $C object (Splunk Web's server-side config for client code). */
export function clientConfig(c: PageContext): Record<string, unknown> {
  return {
    BUILD_NUMBER: c.buildNumber,
    BUILD_PUSH_NUMBER: 0,
    APP_BUILD: c.appBuild,
    LOCALE: c.locale,
    MRSPARKLE_ROOT_PATH: '',
    MRSPARKLE_PORT_NUMBER: String(c.port),
    SPLUNKD_PATH: `/${c.locale}/splunkd/__raw`,
    APP: c.app,
    APP_DISPLAYNAME: c.appLabel,
    USERNAME: c.user.name,
    USER_DISPLAYNAME: c.user.realname || c.user.name,
    SPLUNK_UI_THEME: c.theme,
    VERSION_LABEL: c.versionLabel,
    SERVER_ZONEINFO: null,
  };
}

/** `/<locale>/static/@<build>:<appBuild>/app/<app>/<path>`: the cache-busted form Splunk Web emits. */
export const appStaticUrl = (c: PageContext, path: string): string => `/${c.locale}/static/@${c.buildNumber}:${c.appBuild}/app/${c.app}/${path.replace(/^\/+/, '')}`;

const CHROME = {
  light: { page: '#f2f4f5', bar: '#1a1c20', barText: '#ffffff', app: '#ffffff', appText: '#3c444d', border: '#c3cbd4', text: '#3c444d' },
  dark: { page: '#171d21', bar: '#0b0c0e', barText: '#ffffff', app: '#212527', appText: '#e1e6eb', border: '#31373e', text: '#e1e6eb' },
} as const;

export function renderViewPage(c: PageContext): string {
  const k = CHROME[c.theme];
  const config = JSON.stringify(clientConfig(c)).replace(/</g, '\\u003c');
  const navItems = c.nav.views
    .map((v) => `<a class="nav-item${v === c.view.name ? ' active' : ''}" href="/${c.locale}/app/${esc(c.app)}/${esc(v)}">${esc(c.navLabels[v] ?? v)}</a>`)
    .join('');
  const title = c.view.hideTitle
    ? ''
    : `<div class="dashboard-header"><h2>${esc(c.view.label)}</h2>${c.view.description ? `<p class="description">${esc(c.view.description)}</p>` : ''}</div>`;
  const panels = c.view.htmlPanels.map((h) => `<div class="dashboard-row"><div class="dashboard-panel"><div class="panel-body html">${h}</div></div></div>`).join('\n');
  const accent = c.nav.color ?? '#5cc05c';
  return `<!doctype html>
<html lang="${esc(c.locale)}" class="splunk-theme-${c.theme}">
<head>
<meta charset="utf-8">
<title>${esc(c.view.label)} | ${esc(c.appLabel)} | Splunk</title>
<style>
  html, body { margin: 0; height: 100%; background: ${k.page}; color: ${k.text}; font-family: "Splunk Platform Sans", "Proxima Nova", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12px; }
  .splunk-bar { display: flex; align-items: center; gap: 16px; height: 36px; padding: 0 16px; background: ${k.bar}; color: ${k.barText}; }
  .splunk-bar .logo { font-weight: 700; font-size: 15px; letter-spacing: .5px; }
  .splunk-bar .spacer { flex: 1; }
  .splunk-bar a { color: ${k.barText}; text-decoration: none; opacity: .85; }
  .app-bar { display: flex; align-items: center; gap: 4px; height: 40px; padding: 0 16px; background: ${k.app}; border-bottom: 3px solid ${esc(accent)}; }
  .app-bar .app-label { font-size: 16px; font-weight: 600; margin-right: 16px; color: ${k.appText}; }
  .app-bar .nav-item { padding: 10px 10px; color: ${k.appText}; text-decoration: none; }
  .app-bar .nav-item.active { box-shadow: inset 0 -3px 0 ${esc(accent)}; }
  .dashboard-body { padding: 12px 16px; }
  .dashboard-header h2 { margin: 4px 0; font-weight: 400; font-size: 22px; }
  .dashboard-panel { border: 1px solid ${k.border}; background: ${k.app}; }
</style>
${c.view.stylesheet.map((s) => `<link rel="stylesheet" href="${esc(appStaticUrl(c, s))}">`).join('\n')}
<script>window.$C = ${config};</script>
</head>
<body class="splunk-theme-${c.theme}">
<header class="splunk-bar" role="banner"><span class="logo">splunk&gt;</span><span>enterprise</span><span class="spacer"></span><span data-test="user-name">${esc(c.user.realname || c.user.name)}</span><a href="/${c.locale}/account/logout">Log out</a></header>
<nav class="app-bar" aria-label="App navigation"><span class="app-label">${esc(c.appLabel)}</span>${navItems}</nav>
<div class="dashboard-body">
${title}
${c.studioHtml ?? panels}
</div>
${c.view.script.map((s) => `<script src="${esc(appStaticUrl(c, s))}"></script>`).join('\n')}
</body>
</html>
`;
}

export function renderLoginPage(locale: string, returnTo: string, error?: string): string {
  return `<!doctype html>
<html lang="${esc(locale)}"><head><meta charset="utf-8"><title>Login | Splunk</title>
<style>body{font-family:Arial,sans-serif;background:#1a1c20;color:#fff;display:flex;justify-content:center;padding-top:120px}form{background:#fff;color:#3c444d;padding:32px;width:300px;border-radius:4px}label{display:block;margin:12px 0 4px}input{width:100%;box-sizing:border-box;padding:8px}button{margin-top:16px;padding:8px 16px}.error{color:#d6563c}</style></head>
<body><form method="post" action="/${esc(locale)}/account/login">
<h1>splunk&gt; <small>sandbox</small></h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<input type="hidden" name="return_to" value="${esc(returnTo)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign In</button>
<p><small>Users of the splunkd stand-in: admin and analyst (password changeme).</small></p>
</form></body></html>
`;
}

export function renderErrorPage(status: number, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${status} | Splunk</title></head><body><h1>${status}</h1><p>${esc(message)}</p></body></html>\n`;
}

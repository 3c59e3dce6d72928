// Entry of appserver/static/setup/main.js, loaded by the configuration and inputs views
// (<dashboard script="setup/main.js">). Mounts into the view's #defender-sync-setup element, in the
// user's Splunk theme (light or dark, as Splunk Web reports it through @splunk/splunk-utils).
import SplunkThemeProvider from '@splunk/themes/SplunkThemeProvider';
import { getThemeOptions, getUserTheme } from '@splunk/splunk-utils/themes';
import { createRoot } from 'react-dom/client';
import { browserApi } from './rest/splunk-web';
import { App, type PageName } from './ui/App';
import './page.css';

const MOUNT_ID = 'defender-sync-setup';

/** The mount element, now or when the dashboard renders it (Simple XML may load scripts first): no polling. */
function whenMounted(): Promise<HTMLElement> {
  const found = document.getElementById(MOUNT_ID);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const el = document.getElementById(MOUNT_ID);
      if (el) {
        observer.disconnect();
        resolve(el);
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  });
}

async function start(): Promise<void> {
  const [el, theme] = await Promise.all([whenMounted(), getUserTheme().catch(() => 'enterprise')]);
  const options = getThemeOptions(theme) as { family: 'enterprise' | 'prisma'; colorScheme: 'light' | 'dark'; density: 'compact' | 'comfortable' };
  const page: PageName = el.dataset.page === 'inputs' ? 'inputs' : 'configuration';
  el.textContent = '';
  el.dataset.theme = options.colorScheme;
  document.documentElement.dataset.defenderSyncTheme = options.colorScheme;
  const initialTab = window.location.hash.replace(/^#/, '') || undefined;
  createRoot(el).render(
    <SplunkThemeProvider family={options.family} colorScheme={options.colorScheme} density={options.density}>
      <App api={browserApi()} page={page} now={() => new Date()} {...(initialTab ? { initialTab } : {})} />
    </SplunkThemeProvider>,
  );
}

void start();

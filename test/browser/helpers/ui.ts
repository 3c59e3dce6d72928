// Driving the setup page the way a keyboard or mouse user does: labels, roles and the dialogs' own text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../../helpers/shared';

export const SCREENSHOT_DIR = join(repoRoot, 'test-output', 'screenshots');

/** The ControlGroup (label, control, help or error) whose label is exactly `label` (required marks aside). */
export function field(scope: Page | Locator, label: string): Locator {
  const exact = new RegExp(`^\\*?${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  // `has` is matched inside each control group, so it is built from the page, not from `scope`.
  const root = 'page' in scope && typeof scope.page === 'function' && !('goto' in scope) ? (scope as Locator).page() : (scope as Page);
  return scope.locator('[data-test="control-group"]').filter({ has: root.locator('label').filter({ hasText: exact }) });
}

/** The field's error or help text. */
export async function fieldText(scope: Page | Locator, label: string): Promise<string> {
  return (await field(scope, label).locator('[data-test="help"], [data-test="error"]').allInnerTexts()).join('\n');
}

export async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

export async function waitReady(page: Page): Promise<void> {
  await page.locator('[data-test="setup-root"][data-ready="true"]').waitFor();
}

/** Opens a configuration tab by keyboard-accessible tab button. */
export async function openTab(page: Page, name: 'Accounts' | 'Proxy' | 'Network' | 'Logging'): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

export async function screenshot(page: Page, name: string, options: { height?: number } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  // A dialog scrolls inside the viewport: a taller viewport shows all of it.
  if (options.height && viewport) await page.setViewportSize({ width: viewport.width, height: options.height });
  writeFileSync(path, await page.screenshot({ fullPage: true, animations: 'disabled' }));
  if (options.height && viewport) await page.setViewportSize(viewport);
  return path;
}

export function dialog(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog', { name: title });
}

/** The screenshots the suite takes, each in both themes; docs/screenshots holds committed copies. */
export const SCREENSHOT_NAMES = [
  'accounts', 'account-form', 'proxy', 'network', 'logging', 'inputs', 'read-only',
  // test/browser/dashboards.test.ts
  'inputs-health', 'dashboard-soc-overview', 'dashboard-sla', 'dashboard-workload', 'dashboard-response-audit', 'dashboard-health',
] as const;

/** Resolves once the dialog's opening animation (react-spring, not CSS) is over: it and its ancestors are opaque. */
export async function settled(dialogLocator: Locator): Promise<void> {
  // No named functions inside: the test runner's transpiler would wrap them in a helper the page lacks.
  await dialogLocator.page().waitForFunction(
    (el) => {
      let opacity = 1;
      for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      return opacity >= 0.999;
    },
    await dialogLocator.elementHandle(),
    { polling: 'raf' },
  );
}

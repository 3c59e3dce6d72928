// Everything the browser received: response bodies, console messages and page errors, so the suite can
// prove no secret ever reached the browser.
import type { Page, Response } from 'playwright-core';

export interface Received {
  url: string;
  status: number;
  body: string;
}

export class Recorder {
  readonly responses: Received[] = [];
  readonly console: string[] = [];
  readonly pageErrors: string[] = [];
  private readonly pending: Array<Promise<void>> = [];

  attach(page: Page): void {
    page.on('response', (r: Response) => {
      this.pending.push(
        r.body().then(
          (b) => void this.responses.push({ url: r.url(), status: r.status(), body: b.toString('utf8') }),
          () => void this.responses.push({ url: r.url(), status: r.status(), body: '' }),
        ),
      );
    });
    page.on('console', (m) => void this.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => void this.pageErrors.push(e.message));
  }

  /** Waits for bodies still being read. */
  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  /** splunkd answers proxied to the page (method is not recorded by Playwright's Response; url is). */
  rest(pathPart: string): Received[] {
    return this.responses.filter((r) => r.url.includes('/splunkd/__raw/') && r.url.includes(pathPart));
  }
}

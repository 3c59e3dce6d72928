import type { PackageTree } from './model';
import type { ConfSpec } from './spec';

export interface Finding {
  check: string;
  /** Path inside the app (or the member name) the finding is about. */
  path?: string;
  message: string;
}

export interface CheckContext {
  /** Splunk's own specs by conf name (`app` → app.conf.spec, `default.meta` → default.meta.spec). */
  splunkSpecs: ReadonlyMap<string, ConfSpec>;
}

export interface PackageCheck {
  id: string;
  /** What AppInspect (or Splunk) requires, in one line. */
  rule: string;
  run(tree: PackageTree, ctx: CheckContext): Finding[];
}

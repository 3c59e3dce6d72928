// What the stand-in's REST handlers and runners share, and the request they are handed.
import type { Auth, Session } from './auth';
import type { ConfStore } from './conf-store';
import type { EventStore } from './event-store';
import { type CollectionRef, badRequest } from './feed';
import type { SchemeRegistry } from './schemes';
import type { SplunkSecret } from './splunk-secret';

export interface InternalLogEntry {
  time: string;
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  component: string;
  message: string;
}

export interface ValidateResult {
  ok: boolean;
  /** The <error><message> text (or what splunkd says instead when the script gave none). */
  message?: string;
  exitCode: number | null;
  stderr: Array<{ level: string; text: string }>;
}

export interface StandIn {
  readonly splunkHome: string;
  readonly uri: string;
  readonly serverName: string;
  readonly confs: ConfStore;
  readonly auth: Auth;
  readonly secret: SplunkSecret;
  readonly events: EventStore;
  readonly schemes: SchemeRegistry;
  readonly indexes: string[];
  now(): Date;
  log(level: InternalLogEntry['level'], component: string, message: string): void;
  validate(scheme: string, name: string, params: Record<string, string>, session: Session): Promise<ValidateResult>;
  registerSchemes(app: string): Promise<void>;
}

export interface Namespace {
  owner: string;
  app: string;
}

export interface RestRequest {
  method: string;
  /** undefined for /services/…, which the stand-in reads across all apps. */
  ns: Namespace | undefined;
  /** Decoded path segments after the namespace. */
  segments: string[];
  query: URLSearchParams;
  /** POST arguments (form body, plus query arguments other than output_mode); the last value of a key wins. */
  args: Record<string, string>;
  body: Buffer;
  session: Session;
  /** The collection reference of the first `depth` segments (for entry ids and links). */
  collection(depth: number): CollectionRef;
}

export interface RestResponse {
  status: number;
  body: unknown;
}

/** Apps a read covers: the namespace's app, or every app for /services/ and servicesNS/-/-. */
export function readApps(standIn: StandIn, req: RestRequest): string[] {
  if (!req.ns || req.ns.app === '-') return standIn.confs.apps();
  return standIn.confs.hasApp(req.ns.app) ? [req.ns.app] : [];
}

/** The app a write goes to; the stand-in needs a concrete one. */
export function writeApp(standIn: StandIn, req: RestRequest): string {
  const app = req.ns?.app;
  if (!app || app === '-') {
    throw badRequest('The splunkd stand-in needs an app namespace for writes: use servicesNS/<owner>/<app>/…');
  }
  if (!standIn.confs.hasApp(app)) throw badRequest(`Application "${app}" does not exist`);
  return app;
}

export function toBool(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 't', 'y', 'on'].includes(value.trim().toLowerCase());
}

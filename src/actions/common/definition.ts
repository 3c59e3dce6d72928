// What every alert action declares once, and the build turns into Splunk's files: its alert_actions.conf
// stanza, README/alert_actions.conf.spec and savedsearches.conf.spec entries, the alert form
// (default/data/ui/alerts/<name>.html) and Enterprise Security's adaptive-response metadata (param._cam).
import { INDEX_MACRO, SOURCETYPE } from '../../config/names';

export interface ActionParam {
  name: string;
  label: string;
  help: string;
  default: string;
  choices?: readonly string[];
  /** Free text with a datalist (choices are suggestions) vs. a strict select. */
  strict?: boolean;
  /** Shown as a checkbox (value 1/0). */
  checkbox?: boolean;
}

/** Enterprise Security adaptive-response metadata (Common Action Model), written as `param._cam`. */
export interface CamMetadata {
  category: string[];
  task: string[];
  subject: string[];
  technology: Array<{ vendor: string; product: string; version: string[] }>;
  supports_adhoc: boolean;
  supports_cloud: boolean;
  drilldown_uri?: string;
}

export interface AlertActionMeta {
  name: string;
  label: string;
  description: string;
  /** Relative to appserver/static/. */
  icon: string;
  /** Splunk time span; the action paces itself within 90% of it. */
  maxtime: string;
  cam: CamMetadata;
}

export interface ChoiceGroup {
  label: string;
  values: readonly string[];
}

/** How each parameter is shown; parameters not listed are one-line text inputs. */
export interface FormLayout {
  /** Choices shown in labelled groups instead of the parameter's flat `choices`. */
  groups: Record<string, readonly ChoiceGroup[]>;
  textareas: readonly string[];
  /** Label of a non-strict select's empty choice (default "(unchanged)", defender_sync_update's meaning). */
  emptyLabel?: string;
}

/** Which API an action runs on, as the forms and outcome events label it (DESIGN §2). */
export type ActionApi = 'graph-v1.0' | 'graph-beta' | 'mde-legacy';

export const API_LABEL: Record<ActionApi, string | undefined> = {
  'graph-v1.0': undefined,
  'graph-beta': 'Preview (Graph beta): Microsoft does not support beta APIs in production and may change them.',
  'mde-legacy': 'Legacy (MDE API, retires 2027-02-01): Microsoft retires the Defender for Endpoint API on 2027-02-01 and names no Graph replacement for this action yet.',
};

export interface AlertActionDefinition {
  meta: AlertActionMeta;
  params: readonly ActionParam[];
  form: FormLayout;
  /** The form's first note (what empty fields mean, how tokens work). */
  note: string;
  /** Response actions: the API, for the form's legacy/preview label. */
  api?: ActionApi;
}

// ES Incident Review's "view results" link: the action's own outcome events for this invocation and row.
// ES substitutes $sid$ and $rid$, so they stay literal while the rest is URL-encoded.
const enc = encodeURIComponent;
const outcomeSearch = `${enc(`search \`${INDEX_MACRO}\` sourcetype="${SOURCETYPE.action}" sid="`)}$sid$${enc('" rid="')}$rid$${enc('"')}`;
export const OUTCOME_DRILLDOWN = `search?q=${outcomeSearch}&earliest=-30d%40d&latest=now`;

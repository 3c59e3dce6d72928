// The action's configuration (alert_actions.conf defaults merged with the alert's, $result.field$ tokens
// already substituted by Splunk) → one validated, normalised change request. Pure.
import { ACCOUNT_NAME_PATTERN } from '../../config/names';
import { classification, determination, pairingProblem } from '../../defender/enums';
import { TARGETS, UNASSIGN, type Target } from './definition';

export interface ChangeRequest {
  /** As given; validated per record kind (incident vs alert statuses differ). */
  status?: string;
  classification?: string;
  determination?: string;
  /** null removes the owner. */
  assignedTo?: string | null;
  comment?: string;
  addTags: string[];
  removeTags: string[];
}

export interface ActionRequest {
  account: string;
  target: Target;
  idField: string;
  index: string;
  change: ChangeRequest;
}

export const MAX_COMMENT_LENGTH = 30_000;
export const MAX_TAG_LENGTH = 128;

export function parseTags(value: string): string[] {
  return [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
}

/** Every problem with the configuration, or the request. Nothing is sent when there is a problem. */
export function parseActionRequest(config: Record<string, string | undefined>): { request: ActionRequest } | { problems: string[] } {
  const get = (k: string): string => (config[k] ?? '').trim();
  const problems: string[] = [];

  const account = get('account');
  if (!account) problems.push('account is required: choose the account (tenant) to update in the alert action settings');
  else if (!ACCOUNT_NAME_PATTERN.test(account)) problems.push(`account '${account}' is not a valid account name`);

  const target = (get('target') || 'auto') as Target;
  if (!(TARGETS as readonly string[]).includes(target)) problems.push(`target '${target}' is not one of ${TARGETS.join(', ')}`);

  const idField = get('id_field') || 'id';
  if (!/^[A-Za-z0-9_.:{}-]{1,128}$/.test(idField)) problems.push(`id_field '${idField}' is not a field name`);

  const index = get('index') || 'main';
  if (!/^[a-z0-9_][a-z0-9_-]{0,79}$/.test(index)) problems.push(`index '${index}' is not a valid index name`);

  const change: ChangeRequest = { addTags: parseTags(get('add_tags')), removeTags: parseTags(get('remove_tags')) };
  if (get('status')) change.status = get('status');
  for (const [key, parse] of [
    ['classification', classification],
    ['determination', determination],
  ] as const) {
    const raw = get(key);
    if (!raw) continue;
    const n = parse(raw);
    if ('error' in n) problems.push(n.error);
    else change[key] = n.value;
  }
  // Without a classification in the request, the pairing is checked per record against its own.
  if (change.classification) {
    const pairing = pairingProblem(change.classification, change.determination);
    if (pairing) problems.push(pairing);
  }
  const assignee = get('assigned_to');
  if (assignee === UNASSIGN) change.assignedTo = null;
  else if (assignee) change.assignedTo = assignee;
  const comment = config.comment?.trim() ?? '';
  if (comment.length > MAX_COMMENT_LENGTH) problems.push(`comment is ${comment.length} characters; Defender takes at most ${MAX_COMMENT_LENGTH}`);
  else if (comment) change.comment = comment;
  for (const tag of [...change.addTags, ...change.removeTags])
    if (tag.length > MAX_TAG_LENGTH) problems.push(`tag '${tag.slice(0, 40)}…' is longer than ${MAX_TAG_LENGTH} characters`);
  const both = change.addTags.filter((t) => change.removeTags.includes(t));
  if (both.length > 0) problems.push(`tag(s) ${both.join(', ')} are both added and removed`);

  if (problems.length === 0 && !hasChange(change))
    problems.push('nothing to change: set at least one of status, classification, determination, assigned_to, comment, add_tags, remove_tags');

  return problems.length > 0 ? { problems } : { request: { account, target, idField, index, change } };
}

export function hasChange(c: ChangeRequest): boolean {
  return (
    c.status !== undefined ||
    c.classification !== undefined ||
    c.determination !== undefined ||
    c.assignedTo !== undefined ||
    c.comment !== undefined ||
    c.addTags.length > 0 ||
    c.removeTags.length > 0
  );
}

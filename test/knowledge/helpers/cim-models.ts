// TEST HELPER: the CIM fields this app maps to, read from the tables in ../shared/splunk/README.md
// ("Alerts data model", "Ticket Management data model"): the reference the mapping is checked against.
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../helpers/shared';

/** Field names of the first markdown table after the line that starts with `heading`. */
function tableFields(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`../shared/splunk/README.md has no line starting '${heading}'`);
  const fields: string[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    const first = line.split('|')[1]?.trim() ?? '';
    if (first === 'field' || /^-+$/.test(first)) continue;
    fields.push(...first.split(',').map((f) => f.trim()).filter(Boolean));
  }
  if (fields.length === 0) throw new Error(`no table after '${heading}' in ../shared/splunk/README.md`);
  return fields;
}

export function cimModels(): { alerts: string[]; ticketManagement: string[] } {
  const readme = readFileSync(sharedPath('splunk', 'README.md'), 'utf8');
  return {
    alerts: tableFields(readme, 'Alerts data model'),
    ticketManagement: tableFields(readme, 'Ticket Management data model'),
  };
}

// The `--scheme` reply: splunkd registers the input from it at start-up (splunk-platform.md §1.2).
// Element order and the absence of an XML declaration follow the Splunk SDKs.
import { escapeXmlAttribute, escapeXmlText } from '../xml';
import type { InputArgument, InputDefinition } from './definition';

export function renderScheme(def: InputDefinition): string {
  const lines = [
    '<scheme>',
    `    <title>${escapeXmlText(def.title)}</title>`,
    ...optionalElement('    ', 'description', def.description),
    `    <use_external_validation>${def.useExternalValidation}</use_external_validation>`,
    `    <use_single_instance>${def.useSingleInstance}</use_single_instance>`,
    `    <streaming_mode>${def.streamingMode}</streaming_mode>`,
    '    <endpoint>',
    '        <args>',
    ...def.args.flatMap((arg) => renderArgument(arg, '            ')),
    '        </args>',
    '    </endpoint>',
    '</scheme>',
  ];
  return `${lines.join('\n')}\n`;
}

/** One `<arg>` element, as lines indented by `indent`. */
export function renderArgument(arg: InputArgument, indent = ''): string[] {
  const inner = `${indent}    `;
  return [
    `${indent}<arg name="${escapeXmlAttribute(arg.name)}">`,
    ...optionalElement(inner, 'description', arg.description),
    ...optionalElement(inner, 'validation', arg.splunkValidation),
    `${inner}<data_type>${arg.type}</data_type>`,
    `${inner}<required_on_edit>${arg.requiredOnEdit}</required_on_edit>`,
    `${inner}<required_on_create>${arg.requiredOnCreate}</required_on_create>`,
    `${indent}</arg>`,
  ];
}

// Empty descriptions are left out, as the SDKs do for unset ones.
function optionalElement(indent: string, name: string, value: string | undefined): string[] {
  return value ? [`${indent}<${name}>${escapeXmlText(value)}</${name}>`] : [];
}

// One typed definition per modular input. It generates the --scheme XML, README/inputs.conf.spec,
// the default/inputs.conf defaults and the setup page's input forms: nothing is written twice.

export type ArgumentType = 'string' | 'number' | 'boolean';

export interface Choice {
  value: string;
  label: string;
}

export interface InputArgument {
  name: string;
  /** Short label for forms. */
  title: string;
  /** Help text: spec file comment, scheme description, form help. */
  description: string;
  type: ArgumentType;
  requiredOnCreate: boolean;
  requiredOnEdit: boolean;
  /** Default applied by the add-on when the parameter is empty; documented in the spec file. */
  default?: string;
  /** A Splunk eval validation expression for the scheme, e.g. `is_pos_int('interval')`. */
  splunkValidation?: string;
  /** Offered choices (select in the setup page). Free text is still validated by `validate`. */
  choices?: Choice[];
  /** Multi-line text (a query): the setup page shows a text area. */
  multiline?: boolean;
  /** Our own check, used by --validate-arguments and the setup page. Returns an error message, or undefined. */
  validate?: (value: string) => string | undefined;
}

/** A secret the input reads from storage/passwords (never a conf parameter); the setup page writes it. */
export interface InputSecret {
  name: string;
  title: string;
  description: string;
  /** storage/passwords user name (realm TA_defender_sync) for an input of this name. */
  username: (input: string) => string;
}

export interface InputDefinition {
  scheme: string;
  title: string;
  description: string;
  useExternalValidation: boolean;
  useSingleInstance: boolean;
  streamingMode: 'xml' | 'simple';
  args: InputArgument[];
  /** Values for the `[<scheme>]` default stanza of default/inputs.conf. */
  defaults: { interval: number; sourcetypes: string[] };
  /** Shown prominently in the setup page (e.g. retirement warnings). */
  notice?: string;
  /** Secrets of the input in storage/passwords, written by the setup page before the input is saved. */
  secrets?: InputSecret[];
}

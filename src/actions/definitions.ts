// Every alert action the add-on ships, in the order alert_actions.conf lists them. The build generates each
// one's conf stanza, spec entries and alert form from its definition (scripts/packaging/alert-action.ts,
// alert-form.ts). A new action appends its definition here.
import type { AlertActionDefinition } from './common/definition';
import { DEVICE_DEFINITION } from './device-action/definition';
import { IDENTITY_DEFINITION } from './identity/definition';
import { INDICATOR_DEFINITION } from './indicator/definition';
import { PUSH_ALERT_DEFINITION } from './push-alert/definition';
import { UPDATE_ACTION } from './update/definition';

export const ALERT_ACTION_DEFINITIONS: readonly AlertActionDefinition[] = [UPDATE_ACTION, IDENTITY_DEFINITION, PUSH_ALERT_DEFINITION, DEVICE_DEFINITION, INDICATOR_DEFINITION];

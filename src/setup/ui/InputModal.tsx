// Create or edit one input. The fields come from the scheme's InputDefinition; on save splunkd runs the
// input's --validate-arguments (the live check) and its message is shown verbatim at the top of the form.
import Button from '@splunk/react-ui/Button';
import ControlGroup from '@splunk/react-ui/ControlGroup';
import Message from '@splunk/react-ui/Message';
import Modal from '@splunk/react-ui/Modal';
import Multiselect from '@splunk/react-ui/Multiselect';
import Select from '@splunk/react-ui/Select';
import Text from '@splunk/react-ui/Text';
import TextArea from '@splunk/react-ui/TextArea';
import { type MutableRefObject, useState } from 'react';
import type { InputDefinition } from '../../splunk/modinput/definition';
import { inputFields, inputFormErrors, type InputFormField, type InputMode, type InputRow, type InputValues, inputValuesFrom, newInputValues } from '../model/input-form';
import { isStatus, type SplunkApi } from '../rest/api';
import { saveInput } from '../services/inputs';
import { errorText } from './layout';

export interface InputModalProps {
  api: SplunkApi;
  def: InputDefinition;
  mode: InputMode;
  row?: InputRow;
  accounts: string[];
  indexes: string[];
  defaultIndex: string;
  existingNames: string[];
  returnFocus: MutableRefObject<HTMLElement | null>;
  onClose(): void;
  onSaved(values: InputValues): void;
}

export function InputModal({ api, def, mode, row, accounts, indexes, defaultIndex, existingNames, returnFocus, onClose, onSaved }: InputModalProps) {
  const [values, setValues] = useState<InputValues>(() => (mode === 'edit' && row ? inputValuesFrom(def, row.name, row.content) : newInputValues(def, accounts, defaultIndex)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Secrets are write-only: typed here, stored in storage/passwords on save, never read back.
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [liveError, setLiveError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => ({ ...e, [name]: '' }));
  };

  const submit = async (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (saving) return;
    setLiveError(undefined);
    const found = inputFormErrors(def, values, mode, existingNames);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await saveInput(api, def, values, mode, row, secrets);
      onSaved(values);
    } catch (e) {
      // 400 from data/inputs is the input's own --validate-arguments answer (or splunkd's argument check).
      setLiveError(isStatus(e, 400) ? errorText(e) : `Splunk could not save the input: ${errorText(e)}`);
      setSaving(false);
    }
  };

  const control = (f: InputFormField) => {
    const value = values[f.name] ?? '';
    const error = Boolean(errors[f.name]);
    switch (f.kind) {
      case 'account':
        return (
          <Select value={value} onChange={(_e, { value: v }) => set(f.name, String(v))} error={error} placeholder="Pick an account" data-test={`input-${f.name}`}>
            {(value && !accounts.includes(value) ? [value, ...accounts] : accounts).map((a) => (
              <Select.Option key={a} value={a} label={a} />
            ))}
          </Select>
        );
      case 'choice':
        return (
          <Select value={value} onChange={(_e, { value: v }) => set(f.name, String(v))} error={error} data-test={`input-${f.name}`}>
            {f.choices.map((c) => (
              <Select.Option key={c.value} value={c.value} label={c.label} />
            ))}
          </Select>
        );
      case 'multi': {
        const selected = value.split(',').map((s) => s.trim()).filter(Boolean);
        return (
          <Multiselect
            values={selected}
            allowNewValues
            onChange={(_e, { values: vs }) => set(f.name, vs.map(String).join(','))}
            error={error}
            placeholder="All sources"
            data-test={`input-${f.name}`}
          >
            {f.choices.map((c) => (
              <Multiselect.Option key={c.value} value={c.value} label={c.label} />
            ))}
          </Multiselect>
        );
      }
      case 'textarea':
        return (
          <TextArea value={value} onChange={(_e, { value: v }) => set(f.name, v ?? '')} error={error} name={f.name} rowsMin={4} rowsMax={16} data-test={`input-${f.name}`} />
        );
      default:
        return <Text value={value} onChange={(_e, { value: v }) => set(f.name, v ?? '')} error={error} name={f.name} />;
    }
  };

  const title = `${mode === 'create' ? 'Create' : 'Edit'} ${def.title}`;
  return (
    <Modal open onRequestClose={() => !saving && onClose()} returnFocus={returnFocus} style={{ width: 680 }} data-test="input-modal">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Modal.Header title={title} subtitle={mode === 'edit' ? row?.name : undefined} />
        <Modal.Body>
          {def.notice && (
            <div data-test="input-notice">
              <Message type="warning">{def.notice}</Message>
            </div>
          )}
          {liveError && (
            <div role="alert" data-test="input-live-error">
              <Message type="error">
                <Message.Title>Splunk refused the input</Message.Title>
                {liveError}
              </Message>
            </div>
          )}
          <p>{def.description}</p>
          {mode === 'create' && (
            <ControlGroup label="Name" required error={errors.name || false} help="Unique among this type's inputs: letters, digits, _, - and .">
              <Text value={values.name ?? ''} onChange={(_e, { value }) => set('name', value ?? '')} error={Boolean(errors.name)} autoFocus name="name" />
            </ControlGroup>
          )}
          {inputFields(def, mode).map((f) => (
            <ControlGroup key={f.name} label={f.label} required={f.required} error={errors[f.name] || false} help={f.help}>
              {control(f)}
            </ControlGroup>
          ))}
          {(def.secrets ?? []).map((s) => (
            <ControlGroup key={s.name} label={s.title} help={mode === 'edit' ? `${s.description} Leave empty to keep the stored one.` : s.description}>
              <Text type="password" value={secrets[s.name] ?? ''} onChange={(_e, { value: v }) => setSecrets((x) => ({ ...x, [s.name]: v ?? '' }))} name={s.name} autoComplete="new-password" />
            </ControlGroup>
          ))}
          <ControlGroup label="Interval (seconds)" required error={errors.interval || false} help={`How often the input runs. Default ${def.defaults.interval}.`}>
            <Text value={values.interval ?? ''} onChange={(_e, { value }) => set('interval', value ?? '')} error={Boolean(errors.interval)} name="interval" />
          </ControlGroup>
          <ControlGroup label="Index" required error={errors.index || false} help="Where the events go. The add-on's searches find them through the defender_sync_index macro.">
            <Select value={values.index ?? ''} onChange={(_e, { value }) => set('index', String(value))} error={Boolean(errors.index)} filter placeholder="Pick an index" data-test="input-index">
              {(values.index && !indexes.includes(values.index) ? [values.index, ...indexes] : indexes).map((i) => (
                <Select.Option key={i} value={i} label={i} />
              ))}
            </Select>
          </ControlGroup>
        </Modal.Body>
        <Modal.Footer>
          <Button appearance="secondary" label="Cancel" onClick={onClose} disabled={saving} />
          <Button appearance="primary" label={saving ? 'Checking and saving…' : 'Save'} type="submit" data-test="input-save" />
        </Modal.Footer>
      </form>
    </Modal>
  );
}

// Add, edit or clone an account. Errors appear under the field they are about; splunkd's answer to the
// save appears at the top of the form. Secrets live only in this component's state and leave with it.
import Button from '@splunk/react-ui/Button';
import ControlGroup from '@splunk/react-ui/ControlGroup';
import Message from '@splunk/react-ui/Message';
import Modal from '@splunk/react-ui/Modal';
import RadioBar from '@splunk/react-ui/RadioBar';
import Select from '@splunk/react-ui/Select';
import Text from '@splunk/react-ui/Text';
import { type MutableRefObject, useState } from 'react';
import { AUTH_TYPES, type AuthType, CLOUDS, type Cloud } from '../../config/account';
import { accountSecretUser } from '../../config/names';
import {
  type AccountField,
  type AccountForm,
  accountFormErrors,
  type AccountMode,
  type AccountRecord,
  AUTH_TYPE_LABELS,
  CLOUD_LABELS,
  emptyAccountForm,
  formFromRecord,
} from '../model/account-form';
import { formatThumbprint } from '../model/certificate';
import { type FieldErrors, hasErrors } from '../model/field-errors';
import { isStatus, type SplunkApi } from '../rest/api';
import { saveAccount } from '../services/accounts';
import { ErrorNotice, errorText, Mono } from './layout';
import { PemField } from './PemField';
import { checkCertificate, useCertificateCheck } from './useCertificateCheck';

export interface AccountModalProps {
  api: SplunkApi;
  mode: AccountMode;
  /** The account being edited or cloned. */
  record?: AccountRecord;
  existingNames: string[];
  now: () => Date;
  returnFocus: MutableRefObject<HTMLElement | null>;
  onClose(): void;
  onSaved(name: string): void;
}

const TITLES: Record<AccountMode, string> = { create: 'Add account', edit: 'Edit account', clone: 'Clone account' };

export function AccountModal({ api, mode, record, existingNames, now, returnFocus, onClose, onSaved }: AccountModalProps) {
  const [form, setForm] = useState<AccountForm>(() => (record && mode !== 'create' ? formFromRecord(record, mode) : emptyAccountForm()));
  const [errors, setErrors] = useState<FieldErrors<AccountField>>({});
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const check = useCertificateCheck(form.authType === 'certificate' ? form.certificatePem : '', form.authType === 'certificate' ? form.privateKeyPem : '', now);

  const set = <K extends AccountField>(key: K, value: AccountForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    if (saving) return;
    setSaveError(undefined);
    const found = accountFormErrors(form, mode, existingNames, record);
    let certificate: { sha256: string; notAfter: Date } | undefined;
    if (form.authType === 'certificate' && (form.certificatePem.trim() || form.privateKeyPem.trim())) {
      const c = await checkCertificate(form.certificatePem, form.privateKeyPem, now());
      if (c.certificateError) found.certificatePem ??= c.certificateError;
      if (c.keyError) found.privateKeyPem ??= c.keyError;
      if (c.summary) certificate = { sha256: c.summary.sha256, notAfter: c.summary.notAfter };
    }
    setErrors(found);
    if (hasErrors(found)) return;
    setSaving(true);
    try {
      await saveAccount(api, { form, mode, ...(record ? { previous: record } : {}), ...(certificate ? { certificate } : {}) });
      // Drop every secret from state before anything else renders.
      setForm((f) => ({ ...f, clientSecret: '', privateKeyPem: '', certificatePem: '' }));
      onSaved(mode === 'edit' ? record!.name : form.name.trim());
    } catch (e) {
      if (isStatus(e, 409)) setErrors((x) => ({ ...x, name: `An account named '${form.name.trim()}' already exists: choose another name, or edit that account.` }));
      else setSaveError(errorText(e));
      setSaving(false);
    }
  };

  const keepHint = mode === 'edit' ? ' Leave empty to keep the stored one.' : '';
  const fieldError = (f: AccountField) => errors[f] ?? false;

  return (
    <Modal open onRequestClose={() => !saving && onClose()} returnFocus={returnFocus} style={{ width: 680 }} data-test="account-modal">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Modal.Header title={TITLES[mode]} subtitle={mode === 'create' ? 'An Entra ID app registration in one tenant, with Defender read (and, for the alert action, write) permissions.' : record?.name} />
        <Modal.Body>
          <ErrorNotice error={saveError} testId="account-save-error" />
          <ControlGroup label="Name" required error={fieldError('name')} help="Inputs and the alert action refer to the account by this name: letters, digits, _ and -.">
            <Text value={form.name} disabled={mode === 'edit'} onChange={(_e, { value }) => set('name', value ?? '')} error={Boolean(errors.name)} autoFocus={mode !== 'edit'} name="name" />
          </ControlGroup>
          <ControlGroup label="Tenant ID" required error={fieldError('tenantId')} help="Directory (tenant) ID of the Entra ID tenant, a GUID.">
            <Text value={form.tenantId} onChange={(_e, { value }) => set('tenantId', value ?? '')} error={Boolean(errors.tenantId)} name="tenant_id" autoFocus={mode === 'edit'} />
          </ControlGroup>
          <ControlGroup label="Client ID" required error={fieldError('clientId')} help="Application (client) ID of the app registration, a GUID.">
            <Text value={form.clientId} onChange={(_e, { value }) => set('clientId', value ?? '')} error={Boolean(errors.clientId)} name="client_id" />
          </ControlGroup>
          <ControlGroup label="Cloud" error={fieldError('cloud')} help="The Microsoft cloud of the tenant: it selects the login, Graph and Defender for Endpoint hosts.">
            <Select value={form.cloud} onChange={(_e, { value }) => set('cloud', value as Cloud)} name="cloud" data-test="cloud">
              {CLOUDS.map((c) => (
                <Select.Option key={c} value={c} label={CLOUD_LABELS[c]} />
              ))}
            </Select>
          </ControlGroup>
          {form.cloud === 'custom' &&
            (
              [
                ['loginUrl', 'Login URL', 'https root of the Entra ID authority, e.g. https://login.microsoftonline.com.'],
                ['graphUrl', 'Microsoft Graph URL', 'https root of Microsoft Graph, e.g. https://graph.microsoft.com.'],
                ['mdeUrl', 'Defender for Endpoint API URL', 'https root of the Defender for Endpoint API, e.g. https://api.security.microsoft.com.'],
              ] as const
            ).map(([field, label, help]) => (
              <ControlGroup key={field} label={label} required error={fieldError(field)} help={help}>
                <Text value={form[field]} onChange={(_e, { value }) => set(field, value ?? '')} error={Boolean(errors[field])} name={field} />
              </ControlGroup>
            ))}
          <ControlGroup label="Authentication" help="Client secret, or a certificate (recommended by Microsoft for production).">
            <RadioBar value={form.authType} onChange={(_e, { value }) => set('authType', value as AuthType)} data-test="auth-type">
              {AUTH_TYPES.map((t) => (
                <RadioBar.Option key={t} value={t} label={AUTH_TYPE_LABELS[t]} />
              ))}
            </RadioBar>
          </ControlGroup>
          {form.authType === 'client_secret' ? (
            <ControlGroup
              label="Client secret"
              required={mode !== 'edit'}
              error={fieldError('clientSecret')}
              help={`The secret's Value (shown once when it is created). Stored only in Splunk's encrypted storage/passwords as ${accountSecretUser(form.name.trim() || '<name>')}.${keepHint}`}
            >
              <Text type="password" autoComplete="new-password" value={form.clientSecret} onChange={(_e, { value }) => set('clientSecret', value ?? '')} error={Boolean(errors.clientSecret)} name="client_secret" />
            </ControlGroup>
          ) : (
            <>
              <PemField
                label="Certificate (PEM)"
                testId="certificate"
                help={`The public certificate uploaded to the app registration. Only its SHA-256 thumbprint and expiry are stored.${mode === 'edit' ? ' Leave empty to keep the stored certificate and key.' : ''}`}
                value={form.certificatePem}
                error={errors.certificatePem ?? check.certificateError}
                onChange={(v) => set('certificatePem', v)}
              />
              {check.summary && !check.certificateError && (
                <div data-test="certificate-facts">
                  <Message type={check.warning ? 'warning' : 'info'}>
                    {check.summary.subject} · expires {check.summary.notAfter.toISOString().slice(0, 10)}
                    <br />
                    SHA-256 <Mono data-test="thumbprint-sha256">{formatThumbprint(check.summary.sha256)}</Mono>
                    <br />
                    SHA-1 <Mono data-test="thumbprint-sha1">{formatThumbprint(check.summary.sha1)}</Mono>
                    {check.warning && (
                      <>
                        <br />
                        <span data-test="certificate-warning">{check.warning}</span>
                      </>
                    )}
                  </Message>
                </div>
              )}
              {mode === 'edit' && !form.certificatePem.trim() && record?.certificateThumbprint && (
                <p data-test="stored-thumbprint">
                  Stored certificate: SHA-256 <Mono>{formatThumbprint(record.certificateThumbprint)}</Mono>
                </p>
              )}
              <PemField
                label="Private key (PEM)"
                testId="private-key"
                help={`The certificate's unencrypted RSA private key. Stored only in storage/passwords as ${accountSecretUser(form.name.trim() || '<name>')}; never shown again.`}
                value={form.privateKeyPem}
                error={errors.privateKeyPem ?? check.keyError}
                onChange={(v) => set('privateKeyPem', v)}
              />
            </>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Button appearance="secondary" label="Cancel" onClick={onClose} disabled={saving} />
          <Button appearance="primary" label={saving ? 'Saving…' : 'Save'} type="submit" data-test="account-save" />
        </Modal.Footer>
      </form>
    </Modal>
  );
}

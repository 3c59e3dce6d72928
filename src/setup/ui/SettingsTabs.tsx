// Configuration > Proxy, Network and Logging: one form each, saved to its stanza of
// ta_defender_sync_settings.conf. Field errors come from the runtime's own parsers; splunkd's answer to
// the save appears next to the Save button.
import Button from '@splunk/react-ui/Button';
import ControlGroup from '@splunk/react-ui/ControlGroup';
import Message from '@splunk/react-ui/Message';
import RadioBar from '@splunk/react-ui/RadioBar';
import Select from '@splunk/react-ui/Select';
import Switch from '@splunk/react-ui/Switch';
import Text from '@splunk/react-ui/Text';
import { type ReactNode, useMemo, useState } from 'react';
import type { LogLevel } from '../../config/settings';
import { inspectCaBundle } from '../model/ca-bundle';
import { type FieldErrors, hasErrors } from '../model/field-errors';
import {
  LOG_LEVEL_CHOICES,
  type LoggingForm,
  loggingFormFrom,
  type NetworkField,
  type NetworkForm,
  networkFormErrors,
  networkFormFrom,
  type ProxyField,
  type ProxyForm,
  proxyFormErrors,
  proxyFormFrom,
} from '../model/settings-form';
import type { SplunkApi } from '../rest/api';
import { type SettingsStanzas, saveLogging, saveNetwork, saveProxy } from '../services/settings';
import { ErrorNotice, errorText, Form, SuccessNotice, Toolbar } from './layout';
import { PemField } from './PemField';

interface TabProps {
  api: SplunkApi;
  canWrite: boolean;
  stanzas: SettingsStanzas;
  now: () => Date;
  /** Re-read the settings after a save, so a tab opened again shows what splunkd holds. */
  onSaved(): void;
}

/** Save button, splunkd's error and the success notice, in one place under the form. */
function useSave(run: () => Promise<void>, done: string, onSaved: () => void) {
  const [state, setState] = useState<{ busy: boolean; error?: string; notice?: string }>({ busy: false });
  const save = async () => {
    setState({ busy: true });
    try {
      await run();
      setState({ busy: false, notice: done });
      onSaved();
    } catch (e) {
      setState({ busy: false, error: errorText(e) });
    }
  };
  return { ...state, save, clear: () => setState({ busy: false }) };
}

function SaveBar({ busy, error, notice, testId, canWrite }: { busy: boolean; error?: string; notice?: string; testId: string; canWrite: boolean }): ReactNode {
  if (!canWrite) return null;
  return (
    <>
      <ErrorNotice error={error} testId={`${testId}-save-error`} />
      <SuccessNotice text={notice} testId={`${testId}-saved`} />
      <Toolbar>
        <Button appearance="primary" type="submit" label={busy ? 'Saving…' : 'Save'} data-test={`${testId}-save`} />
      </Toolbar>
    </>
  );
}

export function ProxyTab({ api, canWrite, stanzas, onSaved }: TabProps) {
  const [form, setForm] = useState<ProxyForm>(() => proxyFormFrom(stanzas.proxy));
  const [errors, setErrors] = useState<FieldErrors<ProxyField>>({});
  const saver = useSave(async () => {
    await saveProxy(api, form);
    setForm((f) => ({ ...f, password: '', clearPassword: false }));
  }, 'Proxy settings saved.', onSaved);
  const set = <K extends ProxyField>(k: K, v: ProxyForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    saver.clear();
  };
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    const found = proxyFormErrors(form);
    setErrors(found);
    if (!hasErrors(found)) void saver.save();
  };
  const off = !canWrite;
  return (
    <Form onSubmit={submit} noValidate aria-label="Proxy" data-test="proxy-form">
      <ControlGroup label="Use a proxy" help="Send every call to Microsoft (login, Graph, Defender for Endpoint) through this proxy. Calls to splunkd never use it.">
        <Switch appearance="toggle" selected={form.enabled} disabled={off} onClick={() => set('enabled', !form.enabled)} data-test="proxy-enabled">
          {form.enabled ? 'Enabled' : 'Disabled'}
        </Switch>
      </ControlGroup>
      <ControlGroup label="Proxy type" help="Protocol spoken to the proxy itself; requests to Microsoft are tunnelled with CONNECT either way.">
        <RadioBar value={form.type} onChange={(_e, { value }) => set('type', value as 'http' | 'https')} disabled={off}>
          <RadioBar.Option value="http" label="HTTP" />
          <RadioBar.Option value="https" label="HTTPS" />
        </RadioBar>
      </ControlGroup>
      <ControlGroup label="Host" required={form.enabled} error={errors.host ?? false} help="Host name or IP address of the proxy, without scheme or port.">
        <Text value={form.host} disabled={off} error={Boolean(errors.host)} onChange={(_e, { value }) => set('host', value ?? '')} name="proxy_url" />
      </ControlGroup>
      <ControlGroup label="Port" required={form.enabled} error={errors.port ?? false} help="TCP port of the proxy, 1-65535.">
        <Text value={form.port} disabled={off} error={Boolean(errors.port)} onChange={(_e, { value }) => set('port', value ?? '')} name="proxy_port" />
      </ControlGroup>
      <ControlGroup label="Username" error={errors.username ?? false} help="Leave empty when the proxy does not ask for credentials (this also removes a stored password).">
        <Text value={form.username} disabled={off} error={Boolean(errors.username)} onChange={(_e, { value }) => set('username', value ?? '')} name="proxy_username" autoComplete="off" />
      </ControlGroup>
      {canWrite && (
        <ControlGroup label="Password" error={errors.password ?? false} help="Stored only in storage/passwords (user proxy). Leave empty to keep the stored password.">
          <Text type="password" autoComplete="new-password" value={form.password} onChange={(_e, { value }) => set('password', value ?? '')} name="proxy_password" />
        </ControlGroup>
      )}
      <SaveBar {...saver} testId="proxy" canWrite={canWrite} />
    </Form>
  );
}

export function NetworkTab({ api, canWrite, stanzas, now, onSaved }: TabProps) {
  const [form, setForm] = useState<NetworkForm>(() => networkFormFrom(stanzas.network));
  const [errors, setErrors] = useState<FieldErrors<NetworkField>>({});
  const bundle = useMemo(() => inspectCaBundle(form.caBundle, now()), [form.caBundle, now]);
  const saver = useSave(() => saveNetwork(api, form), 'Network settings saved.', onSaved);
  const set = <K extends NetworkField>(k: K, v: NetworkForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
    saver.clear();
  };
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    const found = networkFormErrors(form);
    if (!bundle.ok) found.caBundle ??= bundle.error;
    setErrors(found);
    if (!hasErrors(found)) void saver.save();
  };
  const off = !canWrite;
  return (
    <Form onSubmit={submit} noValidate aria-label="Network" data-test="network-form">
      <PemField
        label="Custom CA bundle"
        testId="ca-bundle"
        help="PEM certificates of extra authorities to trust for Microsoft endpoints (e.g. a TLS-inspecting proxy), added to the built-in roots. Certificates are always verified."
        value={form.caBundle}
        disabled={off}
        error={errors.caBundle ?? (bundle.ok ? undefined : bundle.error)}
        onChange={(v) => set('caBundle', v)}
      />
      {bundle.ok && bundle.certificates.length > 0 && (
        <div data-test="ca-bundle-certificates">
          <Message type={bundle.certificates.some((c) => c.expired) ? 'warning' : 'info'}>
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {bundle.certificates.map((c, i) => (
                <li key={i}>
                  {c.subject} · {c.expired ? 'expired' : 'expires'} {c.notAfter.toISOString().slice(0, 10)}
                </li>
              ))}
            </ul>
          </Message>
        </div>
      )}
      <ControlGroup label="Request timeout (seconds)" error={errors.requestTimeout ?? false} help="How long to wait for a Microsoft endpoint before the request is retried or fails, 1-600.">
        <Text value={form.requestTimeout} disabled={off} error={Boolean(errors.requestTimeout)} onChange={(_e, { value }) => set('requestTimeout', value ?? '')} name="request_timeout" />
      </ControlGroup>
      <ControlGroup label="Graph requests per minute" error={errors.graphPerMinute ?? false} help="Client-side pacing per app and tenant, 0 (off) to 150 (Microsoft's limit). Lower it to leave budget to other tools using the same app.">
        <Text value={form.graphPerMinute} disabled={off} error={Boolean(errors.graphPerMinute)} onChange={(_e, { value }) => set('graphPerMinute', value ?? '')} name="graph_requests_per_minute" />
      </ControlGroup>
      <ControlGroup label="Defender for Endpoint requests per minute" error={errors.mdePerMinute ?? false} help="Client-side pacing for the legacy API, 0 (off) to 100 (Microsoft's limit).">
        <Text value={form.mdePerMinute} disabled={off} error={Boolean(errors.mdePerMinute)} onChange={(_e, { value }) => set('mdePerMinute', value ?? '')} name="mde_requests_per_minute" />
      </ControlGroup>
      <SaveBar {...saver} testId="network" canWrite={canWrite} />
    </Form>
  );
}

export function LoggingTab({ api, canWrite, stanzas, onSaved }: TabProps) {
  const [form, setForm] = useState<LoggingForm>(() => loggingFormFrom(stanzas.logging));
  const saver = useSave(() => saveLogging(api, form), 'Logging settings saved.', onSaved);
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    void saver.save();
  };
  return (
    <Form onSubmit={submit} noValidate aria-label="Logging" data-test="logging-form">
      <ControlGroup label="Log level" help="Lowest level written to $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log (sourcetype ta_defender_sync:log) and to splunkd.">
        <Select
          value={form.level}
          disabled={!canWrite}
          onChange={(_e, { value }) => {
            setForm({ level: value as LogLevel });
            saver.clear();
          }}
          data-test="log-level"
        >
          {LOG_LEVEL_CHOICES.map((l) => (
            <Select.Option key={l} value={l} label={l} />
          ))}
        </Select>
      </ControlGroup>
      <SaveBar {...saver} testId="logging" canWrite={canWrite} />
    </Form>
  );
}

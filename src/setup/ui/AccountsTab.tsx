// Configuration > Accounts: the table (name, tenant, client id, cloud, auth type, certificate expiry) with
// add, edit, clone and delete. The first account saved marks the app configured.
import Button from '@splunk/react-ui/Button';
import Table from '@splunk/react-ui/Table';
import WaitSpinner from '@splunk/react-ui/WaitSpinner';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CLOUDS, type Cloud, AUTH_TYPES, type AuthType } from '../../config/account';
import { type AccountMode, type AccountRecord, AUTH_TYPE_LABELS, CLOUD_LABELS, expiryState } from '../model/account-form';
import type { SplunkApi } from '../rest/api';
import { deleteAccount, listAccounts } from '../services/accounts';
import { AccountModal } from './AccountModal';
import { ConfirmDelete } from './ConfirmDelete';
import { ErrorNotice, errorText, Muted, SuccessNotice, Toolbar } from './layout';

export interface AccountsTabProps {
  api: SplunkApi;
  canWrite: boolean;
  now: () => Date;
  /** After a save: the page marks the app configured if it was not. */
  onAccountSaved(): Promise<void>;
}

type Dialog = { kind: 'form'; mode: AccountMode; record?: AccountRecord } | { kind: 'delete'; record: AccountRecord } | undefined;

const label = <T extends string>(list: readonly T[], labels: Record<T, string>, v: string) => ((list as readonly string[]).includes(v) ? labels[v as T] : v);

function Expiry({ value, now }: { value: string; now: () => Date }) {
  const state = expiryState(value, now());
  if (state === 'none') return <Muted>—</Muted>;
  const day = value.slice(0, 10);
  if (state === 'expired') return <strong data-test="expiry-expired">{day} (expired)</strong>;
  if (state === 'soon') return <strong data-test="expiry-soon">{day} (soon)</strong>;
  return <span>{day}</span>;
}

export function AccountsTab({ api, canWrite, now, onAccountSaved }: AccountsTabProps) {
  const [accounts, setAccounts] = useState<AccountRecord[]>();
  const [loadError, setLoadError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>();
  const opener = useRef<HTMLElement | null>(null);

  const load = useCallback(async () => {
    try {
      setAccounts(await listAccounts(api));
      setLoadError(undefined);
    } catch (e) {
      setLoadError(`The accounts could not be loaded: ${errorText(e)}`);
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  const open = (d: Dialog, from: EventTarget | null) => {
    opener.current = from instanceof HTMLElement ? from : null;
    setNotice(undefined);
    setDialog(d);
  };

  return (
    <section aria-label="Accounts" data-test="accounts-tab">
      <Toolbar>
        <Muted>Each account is an Entra ID app registration in one tenant. Inputs and the alert action refer to it by name.</Muted>
        {canWrite && <Button appearance="primary" label="Add account" onClick={(e) => open({ kind: 'form', mode: 'create' }, e.currentTarget)} data-test="add-account" />}
      </Toolbar>
      <SuccessNotice text={notice} testId="accounts-notice" />
      <ErrorNotice error={loadError} testId="accounts-load-error" />
      {!accounts && !loadError && <WaitSpinner size="medium" screenReaderText="Loading accounts" />}
      {accounts && (
        <Table stripeRows data-test="accounts-table">
          <Table.Head>
            <Table.HeadCell>Name</Table.HeadCell>
            <Table.HeadCell>Tenant ID</Table.HeadCell>
            <Table.HeadCell>Client ID</Table.HeadCell>
            <Table.HeadCell>Cloud</Table.HeadCell>
            <Table.HeadCell>Authentication</Table.HeadCell>
            <Table.HeadCell>Certificate expiry</Table.HeadCell>
            {canWrite && <Table.HeadCell>Actions</Table.HeadCell>}
          </Table.Head>
          <Table.Body>
            {accounts.length === 0 && (
              <Table.Row>
                <Table.Cell>
                  <Muted>No accounts yet{canWrite ? ': add one to start collecting Defender data.' : '.'}</Muted>
                </Table.Cell>
              </Table.Row>
            )}
            {accounts.map((a) => (
              <Table.Row key={a.name} data-test="account-row" data-name={a.name}>
                <Table.Cell>{a.name}</Table.Cell>
                <Table.Cell>{a.tenantId}</Table.Cell>
                <Table.Cell>{a.clientId}</Table.Cell>
                <Table.Cell>{label(CLOUDS, CLOUD_LABELS as Record<Cloud, string>, a.cloud)}</Table.Cell>
                <Table.Cell>{label(AUTH_TYPES, AUTH_TYPE_LABELS as Record<AuthType, string>, a.authType)}</Table.Cell>
                <Table.Cell>
                  <Expiry value={a.certificateNotAfter} now={now} />
                </Table.Cell>
                {canWrite && (
                  <Table.Cell>
                    <Button appearance="subtle" label="Edit" aria-label={`Edit account ${a.name}`} onClick={(e) => open({ kind: 'form', mode: 'edit', record: a }, e.currentTarget)} />
                    <Button appearance="subtle" label="Clone" aria-label={`Clone account ${a.name}`} onClick={(e) => open({ kind: 'form', mode: 'clone', record: a }, e.currentTarget)} />
                    <Button appearance="subtle" label="Delete" aria-label={`Delete account ${a.name}`} onClick={(e) => open({ kind: 'delete', record: a }, e.currentTarget)} />
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {dialog?.kind === 'form' && (
        <AccountModal
          api={api}
          mode={dialog.mode}
          {...(dialog.record ? { record: dialog.record } : {})}
          existingNames={(accounts ?? []).map((a) => a.name)}
          now={now}
          returnFocus={opener}
          onClose={() => setDialog(undefined)}
          onSaved={(name) => {
            setDialog(undefined);
            // The app is marked configured (first account) before the page says the save is done.
            void onAccountSaved()
              .then(load)
              .then(() => setNotice(`Account ${name} saved.`));
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDelete
          title={`Delete account ${dialog.record.name}?`}
          body="Its settings and its stored secret (client secret or private key) are removed from Splunk. The app registration in Entra ID is not changed."
          returnFocus={opener}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            await deleteAccount(api, dialog.record.name);
            setDialog(undefined);
            await load();
            setNotice(`Account ${dialog.record.name} deleted.`);
          }}
        />
      )}
    </section>
  );
}

// One app for both views (data-page="configuration" | "inputs"): who is signed in decides whether the
// page can change anything; until an account exists the configuration view says how to finish setup.
import Message from '@splunk/react-ui/Message';
import WaitSpinner from '@splunk/react-ui/WaitSpinner';
import { useCallback, useEffect, useState } from 'react';
import { type Permission, permissionFor } from '../model/permissions';
import type { SplunkApi } from '../rest/api';
import { currentUser, isAppConfigured, markConfigured } from '../services/context';
import { ConfigurationPage } from './ConfigurationPage';
import { InputsPage } from './InputsPage';
import { ErrorNotice, errorText, PageHeader, PageRoot, ReadOnlyNotice } from './layout';

export type PageName = 'configuration' | 'inputs';

export interface AppProps {
  api: SplunkApi;
  page: PageName;
  now: () => Date;
  /** `#proxy` etc.: the configuration tab to open. */
  initialTab?: string;
}

export function App({ api, page, now, initialTab }: AppProps) {
  const [permission, setPermission] = useState<Permission>();
  const [configured, setConfigured] = useState<boolean>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    Promise.all([currentUser(api), isAppConfigured(api)]).then(
      ([user, isConfigured]) => {
        setPermission(permissionFor(user));
        setConfigured(isConfigured);
      },
      (e: unknown) => setError(`Splunk did not say who you are (${errorText(e)}): reload the page or sign in again.`),
    );
  }, [api]);

  const onAccountSaved = useCallback(async () => {
    try {
      if (await markConfigured(api)) setConfigured(true);
    } catch (e) {
      setError(`The account was saved, but the app could not be marked as configured: ${errorText(e)}`);
    }
  }, [api]);

  return (
    <PageRoot data-test="setup-root" data-page={page} data-ready={permission ? 'true' : 'false'}>
      {page === 'configuration' ? (
        <PageHeader title="Configuration" description="Accounts (Entra ID app registrations), proxy, network and logging settings of Defender Sync." />
      ) : (
        <PageHeader title="Inputs" description="Microsoft Defender incidents and alerts collected into Splunk." />
      )}
      <ErrorNotice error={error} testId="page-error" />
      {!permission && !error && <WaitSpinner size="medium" screenReaderText="Loading" />}
      {permission && !permission.canWrite && permission.reason && <ReadOnlyNotice reason={permission.reason} />}
      {permission && configured === false && page === 'configuration' && (
        <div data-test="setup-banner">
          <Message type="info">
            {permission.canWrite
              ? 'Finish setting up Defender Sync: add an account (an Entra ID app registration), then create inputs on the Inputs page.'
              : 'Defender Sync is not set up yet: a Splunk administrator needs to add an account.'}
          </Message>
        </div>
      )}
      {permission &&
        (page === 'configuration' ? (
          <ConfigurationPage api={api} canWrite={permission.canWrite} now={now} onAccountSaved={onAccountSaved} {...(initialTab ? { initialTab } : {})} />
        ) : (
          <InputsPage api={api} canWrite={permission.canWrite} />
        ))}
    </PageRoot>
  );
}

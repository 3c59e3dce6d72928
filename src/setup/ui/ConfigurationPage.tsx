// The configuration view: tabs Accounts, Proxy, Network, Logging (the layout admins know from UCC add-ons).
import TabLayout from '@splunk/react-ui/TabLayout';
import WaitSpinner from '@splunk/react-ui/WaitSpinner';
import { useCallback, useEffect, useState } from 'react';
import type { SplunkApi } from '../rest/api';
import { loadSettings, type SettingsStanzas } from '../services/settings';
import { AccountsTab } from './AccountsTab';
import { ErrorNotice, errorText } from './layout';
import { LoggingTab, NetworkTab, ProxyTab } from './SettingsTabs';

export interface ConfigurationPageProps {
  api: SplunkApi;
  canWrite: boolean;
  now: () => Date;
  initialTab?: string;
  onAccountSaved(): Promise<void>;
}

export const CONFIGURATION_TABS = ['accounts', 'proxy', 'network', 'logging'] as const;

export function ConfigurationPage({ api, canWrite, now, initialTab, onAccountSaved }: ConfigurationPageProps) {
  const [stanzas, setStanzas] = useState<SettingsStanzas>();
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState(initialTab && (CONFIGURATION_TABS as readonly string[]).includes(initialTab) ? initialTab : 'accounts');
  const reload = useCallback(() => {
    loadSettings(api).then(setStanzas, (e: unknown) => setError(`The settings could not be loaded: ${errorText(e)}`));
  }, [api]);
  useEffect(reload, [reload]);
  const settings = (render: (s: SettingsStanzas) => JSX.Element) => (stanzas ? render(stanzas) : error ? <ErrorNotice error={error} testId="settings-load-error" /> : <WaitSpinner size="medium" screenReaderText="Loading settings" />);
  return (
    <TabLayout activePanelId={tab} onChange={(_e, { activePanelId }) => activePanelId && setTab(activePanelId)}>
      <TabLayout.Panel label="Accounts" panelId="accounts">
        <AccountsTab api={api} canWrite={canWrite} now={now} onAccountSaved={onAccountSaved} />
      </TabLayout.Panel>
      <TabLayout.Panel label="Proxy" panelId="proxy">
        {settings((s) => <ProxyTab api={api} canWrite={canWrite} stanzas={s} now={now} onSaved={reload} />)}
      </TabLayout.Panel>
      <TabLayout.Panel label="Network" panelId="network">
        {settings((s) => <NetworkTab api={api} canWrite={canWrite} stanzas={s} now={now} onSaved={reload} />)}
      </TabLayout.Panel>
      <TabLayout.Panel label="Logging" panelId="logging">
        {settings((s) => <LoggingTab api={api} canWrite={canWrite} stanzas={s} now={now} onSaved={reload} />)}
      </TabLayout.Panel>
    </TabLayout>
  );
}

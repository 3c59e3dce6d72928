// The inputs view: one table of every input of our three schemes (name, type, account, interval, index,
// status) with create, edit, enable/disable and delete. After the first input, offer to point the
// defender_sync_index macro (which every dashboard and saved search uses) at the input's index.
import Button from '@splunk/react-ui/Button';
import Dropdown from '@splunk/react-ui/Dropdown';
import Menu from '@splunk/react-ui/Menu';
import Message from '@splunk/react-ui/Message';
import Table from '@splunk/react-ui/Table';
import WaitSpinner from '@splunk/react-ui/WaitSpinner';
import { useCallback, useEffect, useRef, useState } from 'react';
import { INDEX_MACRO } from '../../config/names';
import { INPUT_DEFINITIONS } from '../../inputs/definitions';
import type { InputDefinition } from '../../splunk/modinput/definition';
import { definitionFor, type InputRow, macroDefinitionFor } from '../model/input-form';
import type { SplunkApi } from '../rest/api';
import { listAccounts } from '../services/accounts';
import { deleteInput, type IndexMacro, type InputList, listIndexes, listInputs, readIndexMacro, setIndexMacro, setInputEnabled } from '../services/inputs';
import { ConfirmDelete } from './ConfirmDelete';
import { HealthCell, useInputHealth } from './HealthCell';
import { InputModal } from './InputModal';
import { ErrorNotice, errorText, Mono, Muted, Spacer, SuccessNotice, Toolbar } from './layout';

export interface InputsPageProps {
  api: SplunkApi;
  canWrite: boolean;
}

interface Loaded {
  inputs: InputList;
  accounts: string[];
  indexes: string[];
  macro: IndexMacro;
}

type Dialog = { kind: 'form'; def: InputDefinition; row?: InputRow } | { kind: 'delete'; row: InputRow } | undefined;

export function InputsPage({ api, canWrite }: InputsPageProps) {
  const [data, setData] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [rowError, setRowError] = useState<{ key: string; text: string }>();
  const [macroOffer, setMacroOffer] = useState<{ index: string; current: string }>();
  const [macroError, setMacroError] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>();
  const opener = useRef<HTMLElement | null>(null);

  const load = useCallback(async () => {
    try {
      const [inputs, accounts, indexes, macro] = await Promise.all([listInputs(api), listAccounts(api), listIndexes(api), readIndexMacro(api)]);
      setData({ inputs, accounts: accounts.map((a) => a.name), indexes, macro });
      setLoadError(undefined);
    } catch (e) {
      setLoadError(`The inputs could not be loaded: ${errorText(e)}`);
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  const open = (d: Dialog, from: EventTarget | null) => {
    opener.current = from instanceof HTMLElement ? from : null;
    setNotice(undefined);
    setRowError(undefined);
    setDialog(d);
  };
  const rowKey = (r: InputRow) => `${r.scheme}://${r.name}`;
  const toggle = async (row: InputRow) => {
    setRowError(undefined);
    try {
      await setInputEnabled(api, row, row.disabled);
      await load();
      setNotice(`Input ${row.name} ${row.disabled ? 'enabled' : 'disabled'}.`);
    } catch (e) {
      setRowError({ key: rowKey(row), text: errorText(e) });
    }
  };

  const rows = data?.inputs.rows ?? [];
  const health = useInputHealth(api, data?.inputs.rows, canWrite);
  const defaultIndex = data?.macro.index && data.indexes.includes(data.macro.index) ? data.macro.index : (data?.indexes.includes('main') ? 'main' : (data?.indexes[0] ?? ''));

  return (
    <section aria-label="Inputs" data-test="inputs-page">
      <Toolbar>
        <Muted>
          Inputs collect Defender incidents and alerts into Splunk. The add-on's searches find them through the <Mono>`{INDEX_MACRO}`</Mono> macro
          {data ? (
            <>
              {' '}
              (now <Mono data-test="macro-definition">{data.macro.definition}</Mono>)
            </>
          ) : null}
          .
        </Muted>
        <Spacer />
        {canWrite && data && (
          <Dropdown toggle={<Button appearance="primary" label="Create input" isMenu data-test="create-input" />}>
            <Menu>
              {INPUT_DEFINITIONS.filter((d) => !data.inputs.unavailable.includes(d)).map((d) => (
                <Menu.Item key={d.scheme} description={d.notice ? 'Legacy: retired by Microsoft on 2027-02-01' : undefined} onClick={(e) => open({ kind: 'form', def: d }, e.currentTarget)}>
                  {d.title}
                </Menu.Item>
              ))}
            </Menu>
          </Dropdown>
        )}
      </Toolbar>
      <SuccessNotice text={notice} testId="inputs-notice" />
      <ErrorNotice error={loadError} testId="inputs-load-error" />
      {data?.inputs.unavailable.map((d) => (
        <Message key={d.scheme} type="warning">
          splunkd has not registered the {d.scheme} input type, so its inputs cannot be listed: see splunkd.log (ModularInputs) and restart Splunk.
        </Message>
      ))}
      {macroOffer && (
        <div data-test="macro-offer" role="status">
          <Message type="info">
            <Message.Title>Search the new index?</Message.Title>
            The add-on's dashboards and searches use <Mono>`{INDEX_MACRO}`</Mono>, now <Mono>{macroOffer.current}</Mono>. Set it to{' '}
            <Mono>{macroDefinitionFor(macroOffer.index)}</Mono> so they find this input's events?
            <Toolbar>
              <Button
                appearance="primary"
                label={`Set to ${macroDefinitionFor(macroOffer.index)}`}
                data-test="macro-accept"
                onClick={() => {
                  setMacroError(undefined);
                  setIndexMacro(api, macroOffer.index).then(
                    () => {
                      setMacroOffer(undefined);
                      void load().then(() => setNotice(`${INDEX_MACRO} now searches ${macroDefinitionFor(macroOffer.index)}.`));
                    },
                    (e: unknown) => setMacroError(errorText(e)),
                  );
                }}
              />
              <Button appearance="secondary" label={`Keep ${macroOffer.current}`} onClick={() => setMacroOffer(undefined)} data-test="macro-decline" />
            </Toolbar>
          </Message>
          <ErrorNotice error={macroError} testId="macro-error" />
        </div>
      )}
      {!data && !loadError && <WaitSpinner size="medium" screenReaderText="Loading inputs" />}
      {data && (
        <Table stripeRows data-test="inputs-table">
          <Table.Head>
            <Table.HeadCell>Name</Table.HeadCell>
            <Table.HeadCell>Type</Table.HeadCell>
            <Table.HeadCell>Account</Table.HeadCell>
            <Table.HeadCell>Interval</Table.HeadCell>
            <Table.HeadCell>Index</Table.HeadCell>
            <Table.HeadCell>Status</Table.HeadCell>
            <Table.HeadCell>Health</Table.HeadCell>
            {canWrite && <Table.HeadCell>Actions</Table.HeadCell>}
          </Table.Head>
          <Table.Body>
            {rows.length === 0 && (
              <Table.Row>
                <Table.Cell>
                  <Muted>No inputs yet{canWrite ? ': create one to start collecting.' : '.'}</Muted>
                </Table.Cell>
              </Table.Row>
            )}
            {rows.map((r) => (
              <Table.Row key={rowKey(r)} data-test="input-row" data-name={r.name} data-scheme={r.scheme}>
                <Table.Cell>
                  {r.name}
                  {rowError?.key === rowKey(r) && <ErrorNotice error={rowError.text} testId="input-row-error" />}
                </Table.Cell>
                <Table.Cell>{r.typeTitle}</Table.Cell>
                <Table.Cell>{r.account}</Table.Cell>
                <Table.Cell>{r.interval}</Table.Cell>
                <Table.Cell>{r.index}</Table.Cell>
                <Table.Cell data-test="input-status">{r.disabled ? 'Disabled' : 'Enabled'}</Table.Cell>
                <Table.Cell>
                  <HealthCell health={typeof health === 'string' ? health : health?.get(rowKey(r))} name={r.name} />
                </Table.Cell>
                {canWrite && (
                  <Table.Cell>
                    <Button appearance="subtle" label="Edit" aria-label={`Edit input ${r.name}`} onClick={(e) => open({ kind: 'form', def: definitionFor(r.scheme)!, row: r }, e.currentTarget)} />
                    <Button appearance="subtle" label={r.disabled ? 'Enable' : 'Disable'} aria-label={`${r.disabled ? 'Enable' : 'Disable'} input ${r.name}`} onClick={() => void toggle(r)} />
                    <Button appearance="subtle" label="Delete" aria-label={`Delete input ${r.name}`} onClick={(e) => open({ kind: 'delete', row: r }, e.currentTarget)} />
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {dialog?.kind === 'form' && data && (
        <InputModal
          api={api}
          def={dialog.def}
          mode={dialog.row ? 'edit' : 'create'}
          {...(dialog.row ? { row: dialog.row } : {})}
          accounts={data.accounts}
          indexes={data.indexes}
          defaultIndex={defaultIndex}
          existingNames={rows.filter((r) => r.scheme === dialog.def.scheme).map((r) => r.name)}
          returnFocus={opener}
          onClose={() => setDialog(undefined)}
          onSaved={(values) => {
            const first = !dialog.row && rows.length === 0;
            setDialog(undefined);
            // The table shows the saved input before the page says it is saved.
            void load().then(() => {
              setNotice(`Input ${values.name || dialog.row?.name} saved: splunkd's live check passed.`);
              if (first && values.index && values.index !== data.macro.index) setMacroOffer({ index: values.index, current: data.macro.definition });
            });
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDelete
          title={`Delete input ${dialog.row.name}?`}
          body={`${dialog.row.typeTitle}: the input stops collecting. Events already indexed stay.`}
          returnFocus={opener}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            await deleteInput(api, dialog.row);
            setDialog(undefined);
            await load();
            setNotice(`Input ${dialog.row.name} deleted.`);
          }}
        />
      )}
    </section>
  );
}

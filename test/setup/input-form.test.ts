import { expect } from 'chai';
import { alertsInput, endpointAlertsInput, huntingInput, incidentsInput, INPUT_DEFINITIONS } from '../../src/inputs/definitions';
import {
  inputFields,
  inputFormErrors,
  inputRequestBody,
  inputRowFrom,
  inputValuesFrom,
  macroDefinitionFor,
  macroIndex,
  newInputValues,
} from '../../src/setup/model/input-form';

describe('setup/model/input-form: forms generated from the input definitions', () => {
  it('has one field per definition argument, with its title, help, choices and requiredness', () => {
    for (const def of INPUT_DEFINITIONS) {
      const fields = inputFields(def, 'create');
      expect(fields.map((f) => [f.name, f.label, f.help, f.required])).to.deep.equal(def.args.map((a) => [a.name, a.title, a.description, a.requiredOnCreate]));
    }
    expect(inputFields(alertsInput, 'create').find((f) => f.name === 'service_sources')).to.include({ kind: 'multi' });
    const region = inputFields(endpointAlertsInput, 'create').find((f) => f.name === 'region')!;
    expect(region.kind).to.equal('choice');
    expect(region.choices).to.deep.equal(endpointAlertsInput.args.find((a) => a.name === 'region')!.choices);
    expect(inputFields(incidentsInput, 'edit').find((f) => f.name === 'account')).to.include({ kind: 'account', required: true });
  });

  it('offers the scheduled hunting query as a multi-line field, with lookback and delay defaults, checked as typed', () => {
    expect(inputFields(huntingInput, 'create').map((f) => [f.name, f.kind, f.required])).to.deep.equal([
      ['account', 'account', true],
      ['query', 'textarea', true],
      ['lookback', 'text', false],
      ['delay', 'text', false],
    ]);
    expect(newInputValues(huntingInput, ['prod'], 'defender')).to.deep.equal({ name: '', interval: '300', index: 'defender', account: 'prod', query: '', lookback: 'PT1H', delay: 'PT5M' });
    const errors = inputFormErrors(huntingInput, { name: 'h', interval: '300', index: 'defender', account: 'prod', query: 'DeviceEvents | where Timestamp > ago(1d)', lookback: 'P45D', delay: '5m' }, 'create', []);
    expect(errors.query).to.match(/^query filters on time itself/);
    expect(errors.lookback).to.equal("lookback 'P45D' is longer than P30D (Microsoft keeps 30 days of hunting data).");
    expect(errors.delay).to.equal("delay '5m' is not an ISO 8601 duration: use e.g. PT5M, PT1H or P1D.");
  });

  it('starts a new input with the definition’s defaults, the first account and the given index', () => {
    expect(newInputValues(endpointAlertsInput, ['prod', 'dev'], 'defender')).to.deep.equal({
      name: '',
      interval: '300',
      index: 'defender',
      account: 'prod',
      start_date: '',
      region: 'default',
    });
  });

  it('validates with each argument’s own validate() and the standard settings', () => {
    const errors = inputFormErrors(
      alertsInput,
      { name: 'bad name', account: '', start_date: '2026-13-45', service_sources: 'Bad Source', interval: '5', index: '' },
      'create',
      [],
    );
    expect(errors).to.deep.equal({
      name: "'bad name' is not a valid input name: use up to 100 letters, digits, '_', '-' or '.', starting with a letter or digit.",
      account: 'Pick an account (add one on the Configuration page first).',
      start_date: "start_date '2026-13-45' is not an ISO 8601 UTC time: use e.g. 2026-01-31 or 2026-01-31T08:00:00Z.",
      service_sources:
        "service_sources: 'Bad Source' is not a Graph serviceSource value; use a comma list such as microsoftDefenderForEndpoint,microsoftDefenderForCloud.",
      interval: 'Interval must be a whole number of seconds from 60 to 86400 (default 300).',
      index: 'Pick the index the events go to.',
    });
    expect(inputFormErrors(incidentsInput, { name: 'dup', account: 'prod', interval: '300', index: 'main' }, 'create', ['dup']).name).to.equal(
      "An input named 'dup' already exists for Defender incidents (Microsoft Graph): choose another name.",
    );
    expect(inputFormErrors(endpointAlertsInput, { account: 'prod', region: 'mars', interval: '300', index: 'main' }, 'edit', []).region).to.equal(
      'region \'mars\' is not known: use one of default, us, eu, uk, au, swa, ina, aea.',
    );
  });

  it('builds the data/inputs body: name on create only, empty optional arguments left out unless an edit clears them', () => {
    expect(inputRequestBody(alertsInput, { name: ' a1 ', account: 'prod', start_date: '', service_sources: '', interval: '600', index: 'defender' }, 'create')).to.deep.equal({
      name: 'a1',
      account: 'prod',
      interval: '600',
      index: 'defender',
    });
    expect(
      inputRequestBody(alertsInput, { account: 'prod', start_date: '', service_sources: 'microsoftSentinel', interval: '600', index: 'main' }, 'edit', {
        start_date: '2026-01-01',
      }),
    ).to.deep.equal({ account: 'prod', start_date: '', service_sources: 'microsoftSentinel', interval: '600', index: 'main' });
  });

  it('reads rows and edit values from data/inputs entries', () => {
    const content = { account: 'prod', interval: '300', index: 'default', disabled: true, region: 'eu' };
    expect(inputRowFrom(endpointAlertsInput, 'legacy', content)).to.include({ name: 'legacy', account: 'prod', index: 'default', disabled: true });
    expect(inputValuesFrom(endpointAlertsInput, 'legacy', content)).to.deep.equal({ name: 'legacy', interval: '300', index: '', account: 'prod', start_date: '', region: 'eu' });
  });

  it('reads the index the defender_sync_index macro names, and writes it back', () => {
    expect(macroIndex('(index=main)')).to.equal('main');
    expect(macroIndex(' index="defender" ')).to.equal('defender');
    expect(macroIndex('(index=a OR index=b)')).to.equal(undefined);
    expect(macroDefinitionFor('defender')).to.equal('(index=defender)');
  });
});

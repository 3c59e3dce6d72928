import { expect } from 'chai';
import { isIsoDuration, parseArguments } from '../../../src/commands/defendersync/args';

const problems = (args: string[]): string[] => {
  const r = parseArguments(args);
  return 'problems' in r ? r.problems : [];
};

describe('defendersync arguments', () => {
  it('parses hunt with account, query (pipes and = inside) and timespan', () => {
    expect(parseArguments(['hunt', 'account=prod', "query=DeviceProcessEvents | where FileName =~ 'powershell.exe' | take 100", 'timespan=P7D'])).to.deep.equal({
      request: { subcommand: 'hunt', account: 'prod', query: "DeviceProcessEvents | where FileName =~ 'powershell.exe' | take 100", timespan: 'P7D' },
    });
    expect(parseArguments(['hunt', 'query=DeviceInfo', 'account=a_b-1'])).to.deep.equal({ request: { subcommand: 'hunt', account: 'a_b-1', query: 'DeviceInfo' } });
  });

  it('says how to write it when the subcommand is missing or unknown', () => {
    expect(problems([])).to.deep.equal(['no subcommand: use | defendersync hunt account=<name> query="<KQL>" [timespan=<ISO 8601 duration>]']);
    expect(problems(['account=prod'])[0]).to.match(/^no subcommand: use \| defendersync hunt/);
    expect(problems(['search', 'account=prod'])).to.deep.equal([
      "unknown subcommand 'search': the subcommand is hunt (| defendersync hunt account=<name> query=\"<KQL>\" [timespan=<ISO 8601 duration>])",
    ]);
  });

  it('requires account and query, naming where the account comes from', () => {
    expect(problems(['hunt'])).to.deep.equal([
      'account is required: add account=<name> with the name of an account on the add-on\'s Configuration page (| defendersync hunt account=<name> query="<KQL>" [timespan=<ISO 8601 duration>])',
      'query is required: add query="<KQL>", for example query="DeviceProcessEvents | take 10"',
    ]);
    expect(problems(['hunt', 'account=prod', 'query=   '])).to.deep.equal(['query is required: add query="<KQL>", for example query="DeviceProcessEvents | take 10"']);
  });

  it('refuses account names that cannot be accounts', () => {
    expect(problems(['hunt', 'account=../prod', 'query=x'])).to.deep.equal([
      "account '../prod' is not an account name (letters, digits, '_' and '-' only): use the name shown on the add-on's Configuration page",
    ]);
  });

  it('refuses unknown and repeated options', () => {
    expect(problems(['hunt', 'account=prod', 'query=x', 'tenant=abc'])).to.deep.equal([
      "unknown option 'tenant': hunt takes account, query, timespan (| defendersync hunt account=<name> query=\"<KQL>\" [timespan=<ISO 8601 duration>])",
    ]);
    expect(problems(['hunt', 'account=prod', 'account=test', 'query=x'])).to.deep.equal(['account is given twice: give it once']);
  });

  it('spots an unquoted query and spaces around =', () => {
    expect(problems(['hunt', 'account=prod', 'query=DeviceInfo', 'where', 'x'])[0]).to.equal(
      "unexpected arguments 'where' 'x': write options as name=value and put the KQL query in double quotes (| defendersync hunt account=<name> query=\"<KQL>\" [timespan=<ISO 8601 duration>])",
    );
    expect(problems(['hunt', 'account', '=', 'prod', 'query=x'])[0]).to.match(/^'=' has no option name: write options as name=value without spaces around '='/);
  });

  it('accepts ISO 8601 durations only for timespan', () => {
    for (const ok of ['P7D', 'PT12H', 'P1DT6H', 'PT30M', 'PT1.5S', 'P2W', 'P1M']) expect(isIsoDuration(ok), ok).to.equal(true);
    for (const bad of ['7d', 'P', 'PT', 'P0D', 'P1DT', '-P1D', 'P1H', '2024-01-01T00:00:00Z/P1D', '']) expect(isIsoDuration(bad), bad).to.equal(false);
    expect(problems(['hunt', 'account=prod', 'query=x', 'timespan=7d'])).to.deep.equal([
      "timespan '7d' is not an ISO 8601 duration: use for example P7D (7 days), PT12H (12 hours) or P1DT6H, or leave it out for Graph's default of 30 days",
    ]);
  });
});

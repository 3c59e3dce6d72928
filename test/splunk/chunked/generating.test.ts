// The generating command loop against byte-exact transcripts (transcripts.ts): what splunkd sends in, and
// every byte the command answers.
import { expect } from 'chai';
import { runGeneratingCommand, type GeneratingCommand, type ResultChunk } from '../../../src/splunk/chunked/generating';
import type { SearchInfo } from '../../../src/splunk/chunked/search-info';
import { CHUNK_1, CHUNK_2, ERROR_REPLY, EXECUTE, FINISHED_EMPTY, GETINFO, GETINFO_NO_ACCOUNT, GETINFO_REFUSED, GETINFO_REPLY, UNEXPECTED_REPLY } from './transcripts';

interface Fake extends GeneratingCommand {
  generated: number;
  infos: SearchInfo[];
  returned: boolean;
  signal?: AbortSignal;
}

function fakeCommand(chunks: Array<ResultChunk | Error>): Fake {
  const fake: Fake = {
    generated: 0,
    infos: [],
    returned: false,
    getinfo: (info) => {
      fake.infos.push(info);
      return { problems: info.args.some((a) => a.startsWith('account=')) ? [] : ['defendersync: account is required'] };
    },
    async *generate(_info, signal) {
      fake.generated++;
      fake.signal = signal;
      try {
        for (const c of chunks) {
          if (c instanceof Error) throw c;
          yield c;
        }
      } finally {
        fake.returned = true;
      }
    },
    describeUnexpected: () => 'Ünexpected',
  };
  return fake;
}

/** splunkd's side: each request is written once the previous reply has been read, as ChunkedExternProcessor does. */
async function exchange(command: GeneratingCommand, requests: string[]): Promise<{ out: string; outcome: string; replies: number }> {
  const written: Buffer[] = [];
  let replies = 0;
  let waiting: (() => void) | undefined;
  const sink = {
    write: async (b: Buffer) => {
      written.push(b);
      replies++;
      waiting?.();
    },
  };
  async function* input(): AsyncGenerator<Buffer> {
    for (const [i, r] of requests.entries()) {
      if (i > 0) while (replies < i) await new Promise<void>((ok) => (waiting = ok));
      yield Buffer.from(r, 'utf8');
    }
    // stdin stays open until the last request is answered (or the command stops answering).
    while (replies < requests.length && !stopped) await new Promise<void>((ok) => ((waiting = ok), setTimeout(ok, 20)));
  }
  let stopped = false;
  const outcome = await runGeneratingCommand(command, input(), sink).finally(() => (stopped = true));
  return { out: Buffer.concat(written).toString('utf8'), outcome, replies };
}

describe('generating command loop (chunked protocol v2)', () => {
  it('getinfo probe: answers type stateful + generating, then ends at EOF without generating', async () => {
    const cmd = fakeCommand([{ body: 'a,b\r\n1,x\r\n', last: true }]);
    const r = await exchange(cmd, [GETINFO]);
    expect(r.out).to.equal(GETINFO_REPLY);
    expect(r.outcome).to.equal('probe');
    expect(cmd.generated).to.equal(0);
    expect(cmd.infos[0]).to.include({ sessionKey: 'SESSIONKEY', splunkdUri: 'https://127.0.0.1:8089', sid: '1764583200.42', maxResultRows: 2, username: 'admin' });
  });

  it('EOF before anything: nothing written', async () => {
    const r = await exchange(fakeCommand([]), []);
    expect(r).to.deep.equal({ out: '', outcome: 'probe', replies: 0 });
  });

  it('one execute per chunk: finished false until the last chunk, whatever splunkd says in its finished', async () => {
    const cmd = fakeCommand([
      { body: 'a,b\r\n1,x\r\n2,"y,z"\r\n', last: false },
      { body: 'a,b\r\n3,é\r\n', last: true },
    ]);
    const r = await exchange(cmd, [GETINFO, EXECUTE, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + CHUNK_1 + CHUNK_2);
    expect(r.outcome).to.equal('finished');
    expect(cmd.generated).to.equal(1);
  });

  it('answers an execute after the last chunk with an empty finished chunk', async () => {
    const r = await exchange(fakeCommand([{ body: 'a,b\r\n3,é\r\n', last: true }]), [GETINFO, EXECUTE, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + CHUNK_2 + FINISHED_EMPTY);
  });

  it('no results at all: one empty finished chunk', async () => {
    const r = await exchange(fakeCommand([]), [GETINFO, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + FINISHED_EMPTY);
  });

  it('refuses bad arguments in the getinfo reply (ERROR + finished) and never generates', async () => {
    const cmd = fakeCommand([{ body: 'a\r\n1\r\n', last: true }]);
    const r = await exchange(cmd, [GETINFO_NO_ACCOUNT, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REFUSED + FINISHED_EMPTY);
    expect(r.outcome).to.equal('refused');
    expect(cmd.generated).to.equal(0);
  });

  it("carries a command's error as an ERROR inspector message with finished true", async () => {
    const r = await exchange(fakeCommand([{ body: '', last: true, messages: [['ERROR', 'no such account']] }]), [GETINFO, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + ERROR_REPLY);
  });

  it('turns a failure inside the command into its describeUnexpected text, never a stack', async () => {
    const r = await exchange(fakeCommand([new Error('boom at x.ts:1')]), [GETINFO, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + UNEXPECTED_REPLY);
    expect(r.out).to.not.contain('boom');
  });

  it('stdin closing before the last chunk (search cancelled) aborts the generator', async () => {
    const cmd = fakeCommand([
      { body: 'a,b\r\n1,x\r\n2,"y,z"\r\n', last: false },
      { body: 'a,b\r\n3,é\r\n', last: true },
    ]);
    const r = await exchange(cmd, [GETINFO, EXECUTE]);
    expect(r.out).to.equal(GETINFO_REPLY + CHUNK_1);
    expect(r.outcome).to.equal('abandoned');
    expect(cmd.signal?.aborted).to.equal(true);
    expect(cmd.returned).to.equal(true);
  });

  it('rejects a first request that is not getinfo, and an unknown action later', async () => {
    const fail = async (requests: string[]) => {
      try {
        await exchange(fakeCommand([]), requests);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(await fail([EXECUTE])).to.match(/first request must be getinfo, got action "execute"/);
    expect(await fail([GETINFO, 'chunked 1.0,18,0\n{"action":"frobs"}'])).to.match(/expected an execute request, got action "frobs"/);
  });
});

describe('generating command loop: a search cancelled while a chunk is being produced', () => {
  it('aborts the work as soon as stdin ends and writes nothing more', async () => {
    let signal: AbortSignal | undefined;
    const cmd: GeneratingCommand = {
      getinfo: () => ({ problems: [] }),
      async *generate(_info, s) {
        signal = s;
        // Waits for Graph (here: for the abort) the way runHuntingQuery does.
        await new Promise<void>((resolve) => s.addEventListener('abort', () => resolve()));
        yield { body: '', last: true, messages: [['ERROR', 'cancelled']] };
      },
      describeUnexpected: () => 'x',
    };
    const written: Buffer[] = [];
    async function* input(): AsyncGenerator<Buffer> {
      yield Buffer.from(GETINFO);
      while (written.length < 1) await new Promise((r) => setTimeout(r, 1));
      yield Buffer.from(EXECUTE);
      while (!signal) await new Promise((r) => setTimeout(r, 1));
      // …and then splunkd closes stdin without waiting for the reply.
    }
    const outcome = await runGeneratingCommand(cmd, input(), { write: async (b) => void written.push(b) });
    expect(signal?.aborted).to.equal(true);
    expect(outcome).to.equal('abandoned');
    expect(Buffer.concat(written).toString()).to.equal(GETINFO_REPLY);
  });
});

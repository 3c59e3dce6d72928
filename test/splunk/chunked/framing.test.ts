import { expect } from 'chai';
import { ChunkProtocolError, encodeChunk, readChunks, type Chunk } from '../../../src/splunk/chunked/framing';
import { CHUNK_1, CHUNK_2, EXECUTE, GETINFO } from './transcripts';

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(input: AsyncIterable<Buffer>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of readChunks(input)) out.push(c);
  return out;
}

async function failure(input: AsyncIterable<Buffer>): Promise<Error> {
  try {
    await collect(input);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a ChunkProtocolError');
}

describe('chunked protocol framing', () => {
  it('encodes byte lengths, compact metadata without a newline, and the body', () => {
    expect(encodeChunk({ finished: false }, 'a,b\r\n1,x\r\n2,"y,z"\r\n').toString('utf8')).to.equal(CHUNK_1);
    expect(encodeChunk({ finished: true }, 'a,b\r\n3,é\r\n').toString('utf8')).to.equal(CHUNK_2);
    expect(encodeChunk({ finished: true }).toString('utf8')).to.equal('chunked 1.0,17,0\n{"finished":true}');
    expect(encodeChunk({ m: 'é' }).toString('utf8')).to.equal('chunked 1.0,10,0\n{"m":"é"}');
  });

  for (const size of [1, 7, 4096]) {
    it(`reads splunkd's requests however the pipe splits them (${size}-byte reads)`, async () => {
      const stream = Buffer.from(GETINFO + EXECUTE + CHUNK_2, 'utf8');
      const chunks = await collect(pieces(stream, size));
      expect(chunks.map((c) => c.metadata.action ?? c.metadata.finished)).to.deep.equal(['getinfo', 'execute', true]);
      const info = chunks[0]!.metadata.searchinfo as Record<string, unknown>;
      expect(info.args).to.deep.equal(['hunt', 'account=prod', 'query=DeviceInfo']);
      expect(chunks[1]!.body.length).to.equal(0);
      expect(chunks[2]!.body.toString('utf8')).to.equal('a,b\r\n3,é\r\n');
    });
  }

  it("accepts splunklib's blanks around the lengths", async () => {
    const chunks = await collect(pieces(Buffer.from('chunked  1.0 , 2 , 1 \n{}x'), 100));
    expect(chunks).to.have.length(1);
    expect(chunks[0]!.body.toString()).to.equal('x');
  });

  it('ends quietly when the stream ends between chunks (a getinfo probe)', async () => {
    expect(await collect(pieces(Buffer.alloc(0), 1))).to.deep.equal([]);
  });

  it('refuses a stream that ends inside a chunk', async () => {
    const err = await failure(pieces(Buffer.from(GETINFO.slice(0, 100)), 50));
    expect(err).to.be.instanceOf(ChunkProtocolError);
    expect(err.message).to.match(/ended inside a chunk/);
  });

  it('refuses a malformed header, also one that never ends', async () => {
    expect((await failure(pieces(Buffer.from('chunked 2.0,1,0\n{}'), 5))).message).to.match(/expected a 'chunked 1.0,<n>,<n>' header, got "chunked 2.0,1,0"/);
    expect((await failure(pieces(Buffer.from('x'.repeat(500)), 50))).message).to.match(/expected a 'chunked 1.0/);
  });

  it('refuses metadata that is not a JSON object', async () => {
    expect((await failure(pieces(Buffer.from('chunked 1.0,3,0\n{x}'), 50))).message).to.match(/not JSON/);
    expect((await failure(pieces(Buffer.from('chunked 1.0,2,0\n[]'), 50))).message).to.match(/not a JSON object/);
  });
});

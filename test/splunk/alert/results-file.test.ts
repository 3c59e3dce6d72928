import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { stringify } from 'csv-stringify/sync';
import { ResultsFileError, readResultsFile, type ResultRow } from '../../../src/splunk/alert/results-file';
import { sharedPath } from '../../helpers/shared';
import { encodeMultivalue } from './mv-encode';

let dir = '';
let fileCount = 0;
function file(content: Buffer | string): string {
  const path = join(dir, `results-${++fileCount}.csv.gz`);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for await (const row of readResultsFile(path)) rows.push(row);
  return rows;
}

async function errorOf(path: string): Promise<ResultsFileError> {
  try {
    await readAll(path);
  } catch (err) {
    expect(err).to.be.instanceOf(ResultsFileError);
    return err as ResultsFileError;
  }
  throw new Error('expected a ResultsFileError');
}

describe('readResultsFile', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'defender-sync-results-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the fixture results.csv (gzipped here) with Splunk quoting, embedded newlines and __mv_ columns', async () => {
    const path = file(gzipSync(readFileSync(sharedPath('fixtures', 'splunk', 'results.csv'))));
    expect(await readAll(path)).to.deep.equal([
      {
        rowIndex: 0,
        fields: {
          _time: '1763800100',
          sourcetype: 'ms365:defender:incident',
          id: '2972395',
          displayName: 'Multi-stage incident involving Execution & Credential access on one endpoint',
          severity: 'high',
          alertIds: ['da637578995287051192_756343937', 'da637578995287051192_756343938'],
        },
      },
      {
        rowIndex: 1,
        fields: {
          _time: '1763800160',
          sourcetype: 'ms365:defender:incident:alerts',
          id: 'da637578995287051192_756343937',
          displayName: 'Suspicious PowerShell "download cradle"',
          severity: 'medium',
          alertIds: '',
        },
      },
    ]);
  });

  it('decodes $ inside multi-value values and keeps $ in single values untouched', async () => {
    const values = ['cost $5', '$;$', 'a$'];
    const csv = stringify([
      ['id', 'tags', '__mv_tags', 'price'],
      ['1', values.join('\n'), encodeMultivalue(values), '$$10'],
      ['2', 'single $ value', '', '$'],
    ]);
    const rows = await readAll(file(gzipSync(csv)));
    expect(rows.map((r) => r.fields)).to.deep.equal([
      { id: '1', tags: values, price: '$$10' },
      { id: '2', tags: 'single $ value', price: '$' },
    ]);
  });

  it('keeps the plain value when an __mv_ cell is not in Splunk\'s form, rather than failing the row', async () => {
    const csv = stringify([
      ['id', 'tags', '__mv_tags'],
      ['1', 'a\nb', 'not-encoded'],
    ]);
    expect((await readAll(file(gzipSync(csv))))[0]?.fields).to.deep.equal({ id: '1', tags: 'a\nb' });
  });

  it('accepts a UTF-8 BOM and CRLF line ends', async () => {
    const csv = '\uFEFFid,name\r\n1,"x\r\ny"\r\n2,z\r\n';
    expect((await readAll(file(gzipSync(csv)))).map((r) => r.fields)).to.deep.equal([
      { id: '1', name: 'x\r\ny' },
      { id: '2', name: 'z' },
    ]);
  });

  it('yields no rows for an empty file, an empty gzip and a header-only gzip', async () => {
    expect(await readAll(file(''))).to.deep.equal([]);
    expect(await readAll(file(gzipSync('')))).to.deep.equal([]);
    expect(await readAll(file(gzipSync('_time,id\n')))).to.deep.equal([]);
  });

  it('says clearly when the file is missing', async () => {
    const path = join(dir, 'nope.csv.gz');
    const err = await errorOf(path);
    expect(err.message).to.equal(
      `results_file '${path}' does not exist; the search's results may have expired or been removed before the action ran`,
    );
    expect(err.path).to.equal(path);
  });

  it('says clearly when the file is not gzip (e.g. plain CSV)', async () => {
    const path = file('_time,id\n1,2\n');
    expect((await errorOf(path)).message).to.equal(
      `results_file '${path}' is not gzip-compressed; Splunk writes results files as gzipped CSV (results.csv.gz)`,
    );
  });

  it('reports a truncated gzip file', async () => {
    const full = gzipSync('_time,id\n'.repeat(1) + '1,2\n'.repeat(1000));
    const path = file(full.subarray(0, full.length - 20));
    expect((await errorOf(path)).message).to.match(new RegExp(`^results_file '${path}' is a corrupt or truncated gzip file: `));
  });

  it('reports CSV that does not match its header, and duplicate column names', async () => {
    const ragged = file(gzipSync('a,b\n1,2,3\n'));
    expect((await errorOf(ragged)).message).to.match(new RegExp(`^results_file '${ragged}' is not valid CSV: `));
    const dup = file(gzipSync('a,a\n1,2\n'));
    expect((await errorOf(dup)).message).to.equal(`results_file '${dup}': header has a duplicate 'a' column name`);
  });

  it('reads 10,000 rows in order', async () => {
    const lines = ['_time,id,tags,__mv_tags'];
    for (let i = 0; i < 10_000; i++) lines.push(`${1763800000 + i},id-${i},"t${i}\nu${i}",$t${i}$;$u${i}$`);
    let count = 0;
    for await (const row of readResultsFile(file(gzipSync(`${lines.join('\n')}\n`)))) {
      expect(row.rowIndex).to.equal(count);
      expect(row.fields.tags).to.deep.equal([`t${count}`, `u${count}`]);
      count++;
    }
    expect(count).to.equal(10_000);
  });

  // A FIFO (POSIX) lets the test decide how much of the file exists while the reader runs.
  it('streams: yields the first of 10,000 rows before the rest of the file has been written', async () => {
    const fifo = join(dir, 'results.fifo');
    execFileSync('mkfifo', [fifo]);
    const gzip = createGzip();
    gzip.pipe(createWriteStream(fifo));
    gzip.write('_time,id\n');
    for (let i = 0; i < 5_000; i++) gzip.write(`${i},id-${i}\n`);
    gzip.flush();

    const rows = readResultsFile(fifo)[Symbol.asyncIterator]();
    const first = await rows.next();
    // Only half the rows exist yet: a reader that needed the whole file would still be waiting.
    expect(first.value).to.deep.equal({ rowIndex: 0, fields: { _time: '0', id: 'id-0' } });

    for (let i = 5_000; i < 10_000; i++) gzip.write(`${i},id-${i}\n`);
    gzip.end();
    let last: ResultRow | undefined;
    for (let r = await rows.next(); !r.done; r = await rows.next()) last = r.value;
    expect(last).to.deep.equal({ rowIndex: 9_999, fields: { _time: '9999', id: 'id-9999' } });
  });

  it('closes the file when the consumer stops early', async () => {
    const path = file(gzipSync('id\n1\n2\n3\n'));
    for await (const row of readResultsFile(path)) {
      expect(row.rowIndex).to.equal(0);
      break;
    }
    // The file is no longer open: no fd of this process points at it (Linux /proc).
    const open = readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
    expect(open).to.deep.equal([]);
  });
});

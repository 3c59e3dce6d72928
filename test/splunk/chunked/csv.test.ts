import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { csvField, csvRow, mvCells, mvEncode } from '../../../src/splunk/chunked/csv';

describe('chunked protocol CSV', () => {
  it("quotes only what splunklib's minimal dialect quotes, doubling quotes", () => {
    expect(csvField('plain text')).to.equal('plain text');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('two\nlines')).to.equal('"two\nlines"');
    expect(csvField('cr\r')).to.equal('"cr\r"');
    expect(csvRow(['a', '', 'b,c'])).to.equal('a,,"b,c"\r\n');
  });

  it('writes a row of one empty cell as "" (an empty line would be no row)', () => {
    expect(csvRow([''])).to.equal('""\r\n');
    expect(parse('n\r\n""\r\n', { columns: true })).to.deep.equal([{ n: '' }]);
  });

  it("encodes multivalues as Splunk does: $a$;$b$ with $ doubled, values newline-joined in the field", () => {
    expect(mvEncode(['a', 'b'])).to.equal('$a$;$b$');
    expect(mvEncode(['$5', 'x$$y'])).to.equal('$$$5$;$x$$$$y$');
    expect(mvCells([])).to.deep.equal(['', '']);
    expect(mvCells(['only'])).to.deep.equal(['only', '']);
    expect(mvCells(['a', 'b;c'])).to.deep.equal(['a\nb;c', '$a$;$b;c$']);
  });

  it('round-trips through a real CSV parser (csv-parse)', () => {
    const rows = [
      ['id', 'text', 'tags', '__mv_tags'],
      ['1', 'quote " comma , newline \n end', ...mvCells(['x', 'y$'])],
      ['2', 'ünïcode ✓', ...mvCells([])],
    ];
    const text = rows.map(csvRow).join('');
    expect(parse(text, { relax_column_count: false })).to.deep.equal(rows);
  });
});

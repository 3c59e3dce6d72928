import { expect } from 'chai';
import { breakEvents } from '../../../sandbox/splunkd/line-breaking';

describe('splunkd stand-in: line breaking of receivers/simple data', () => {
  it('splits on LINE_BREAKER when SHOULD_LINEMERGE is false, dropping the captured breaker', () => {
    expect(breakEvents('{"a":1}\n{"b":2}\r\n\n{"c":3}\n', { SHOULD_LINEMERGE: 'false', LINE_BREAKER: '([\\r\\n]+)' })).to.deep.equal([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
    expect(breakEvents('a;;b', { SHOULD_LINEMERGE: '0', LINE_BREAKER: 'x?(;;)' })).to.deep.equal(['a', 'b']);
  });
  it('keeps the body whole without props or with line merging', () => {
    expect(breakEvents('a\nb', undefined)).to.deep.equal(['a\nb']);
    expect(breakEvents('a\nb', { SHOULD_LINEMERGE: 'true' })).to.deep.equal(['a\nb']);
  });
});

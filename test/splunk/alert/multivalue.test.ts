import { expect } from 'chai';
import { decodeMultivalue } from '../../../src/splunk/alert/multivalue';
import { encodeMultivalue } from './mv-encode';

describe('decodeMultivalue', () => {
  it('splits $v1$;$v2$ into values', () => {
    expect(decodeMultivalue('$a$;$b$')).to.deep.equal(['a', 'b']);
    expect(decodeMultivalue('$only$')).to.deep.equal(['only']);
  });

  it('turns $$ into a literal $', () => {
    expect(decodeMultivalue('$US$$5$;$x$')).to.deep.equal(['US$5', 'x']);
  });

  it('does not mistake an escaped $ next to ; for a separator', () => {
    expect(decodeMultivalue('$a$$;b$')).to.deep.equal(['a$;b']);
    expect(decodeMultivalue('$$$;$;$x$')).to.deep.equal(['$;', 'x']);
  });

  it('keeps empty values', () => {
    expect(decodeMultivalue('$$')).to.deep.equal(['']);
    expect(decodeMultivalue('$$;$$')).to.deep.equal(['', '']);
  });

  it('round-trips awkward values', () => {
    const cases = [['$'], ['$$', ';'], ['a$', '$b'], ['$;$', '$;', ';$'], ['line1\nline2', 'x,"y"'], ['', '$', '']];
    for (const values of cases) expect(decodeMultivalue(encodeMultivalue(values)), JSON.stringify(values)).to.deep.equal(values);
  });

  it("rejects a cell that is not in Splunk's form", () => {
    expect(() => decodeMultivalue('a;b')).to.throw("must start and end with '$'");
    expect(() => decodeMultivalue('$')).to.throw("must start and end with '$'");
  });
});

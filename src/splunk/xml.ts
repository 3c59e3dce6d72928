// XML text helpers shared by everything that writes XML for splunkd (scheme, events, validation errors).
// Splunk parses our stdout with a strict XML 1.0 parser: one character XML 1.0 cannot carry ends the
// whole stream, so every string passes through `toXmlChars` before it is escaped.

/**
 * Characters XML 1.0 forbids even as character references: C0 controls other than TAB, LF and CR,
 * the non-characters U+FFFE and U+FFFF, and UTF-16 surrogates that are not part of a pair.
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every character XML_FORBIDDEN can match (any surrogate): a cheap scan that rules most text out. */
const MAY_BE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export const REPLACEMENT_CHARACTER = '\uFFFD';

/** Replaces every character XML 1.0 cannot carry with U+FFFD; everything else is kept. */
export function toXmlChars(text: string): string {
  return MAY_BE_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, REPLACEMENT_CHARACTER) : text;
}

/**
 * Element content. CR is written as `&#13;` because XML parsers turn a literal CR (and CRLF) into LF,
 * which would silently change event data.
 */
export function escapeXmlText(text: string): string {
  return toXmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Attribute values: also `"`, and TAB/LF/CR as references since parsers normalise them to spaces. */
export function escapeXmlAttribute(text: string): string {
  return toXmlChars(text).replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

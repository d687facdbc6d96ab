import { describe, expect, it } from 'vitest';
import { normalizeToken, type Stripped } from '../../../lib/jwt';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

describe('normalizeToken', () => {
  it.each<[string, string, Stripped[]]>([
    ['a bare token', TOKEN, []],
    ['a Bearer prefix', `Bearer ${TOKEN}`, ['bearer_prefix']],
    ['a lower-case bearer prefix with several spaces', `bearer    ${TOKEN}`, ['bearer_prefix']],
    ['a Bearer prefix followed by a tab', `Bearer\t${TOKEN}`, ['bearer_prefix']],
    [
      'an Authorization header line',
      `Authorization: Bearer ${TOKEN}`,
      ['header_name', 'bearer_prefix'],
    ],
    ['a header name without a space after the colon', `authorization:${TOKEN}`, ['header_name']],
    ['a Sec-WebSocket-Protocol header line', `Sec-WebSocket-Protocol: ${TOKEN}`, ['header_name']],
    ['double quotes', `"${TOKEN}"`, ['quotes']],
    ['single quotes', `'${TOKEN}'`, ['quotes']],
    ['backticks', `\`${TOKEN}\``, ['quotes']],
    ['a quoted Bearer value', `"Bearer ${TOKEN}"`, ['quotes', 'bearer_prefix']],
    [
      'a header line with a quoted value',
      `Authorization: "Bearer ${TOKEN}"`,
      ['header_name', 'quotes', 'bearer_prefix'],
    ],
    ['surrounding spaces and a trailing line break', `  ${TOKEN}\n`, ['whitespace']],
    [
      'a token wrapped over several lines',
      TOKEN.replace('.', '.\n').replace('.c2', '\r\n.c2'),
      ['whitespace'],
    ],
    ['spaces inside the token', TOKEN.replace('J9.', 'J9 . '), ['whitespace']],
    [
      'everything at once',
      `  Authorization: 'Bearer ${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}'  `,
      ['header_name', 'quotes', 'bearer_prefix', 'whitespace'],
    ],
  ])('strips %s and says so', (_case, pasted, stripped) => {
    const normalized = normalizeToken(pasted);
    expect(normalized.token).toBe(TOKEN);
    expect([...normalized.stripped].sort()).toEqual([...stripped].sort());
  });

  it('leaves an unbalanced quote in place', () => {
    expect(normalizeToken(`"${TOKEN}`)).toEqual({ token: `"${TOKEN}`, stripped: [] });
  });

  it('does not strip "Bearer" that is the whole input or part of the token', () => {
    expect(normalizeToken('Bearer')).toEqual({ token: 'Bearer', stripped: [] });
    expect(normalizeToken(`x${TOKEN}Bearer`).token).toBe(`x${TOKEN}Bearer`);
  });

  it('keeps characters a strict parser will complain about, for the parser to name', () => {
    expect(normalizeToken('ab+/==.cd.ef').token).toBe('ab+/==.cd.ef');
  });

  it('turns blank input into an empty token', () => {
    expect(normalizeToken(' \n\t ')).toEqual({ token: '', stripped: ['whitespace'] });
  });
});

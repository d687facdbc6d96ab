import { describe, expect, it } from 'vitest';
import { duplicateMembers } from '../../../lib/jwt/json';

describe('duplicateMembers', () => {
  it.each([
    ['no duplicates', '{"alg":"HS256","typ":"JWT"}', []],
    ['a name twice', '{"alg":"HS256","alg":"none"}', ['alg']],
    ['a name twice, spelled with an escape', '{"alg":"HS256","\\u0061lg":"none"}', ['alg']],
    ['a name twice in a nested object', '{"cnf":{"kid":"a","kid":"b"}}', ['kid']],
    ['the same name in two different objects', '{"a":{"x":1},"b":{"x":2},"x":3}', []],
    ['a value equal to a name', '{"sub":"sub","aud":["sub","sub"]}', []],
    ['objects inside an array', '{"keys":[{"kid":"a"},{"kid":"b"}]}', []],
    ['a name with an escaped quote', '{"a\\"b":1,"a\\"b":2}', ['a"b']],
    ['CR LF between members', '{"iss":"joe",\r\n "iss":"eve"}', ['iss']],
    ['text that is not an object', '"alg"', []],
  ])('%s', (_case, text, expected) => {
    expect(duplicateMembers(text)).toEqual(expected);
  });
});

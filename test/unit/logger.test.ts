import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, routeConsoleTo } from '../../bot/logger';

describe('Log', () => {
  it('takes what libraries print to the console (stacks included) as one JSON record each', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
    const restore = routeConsoleTo(createLogger('info', sink));
    try {
      console.error(new Error('invalid signature'));
      console.warn('BadRequest: Missing activity or activity type.');
    } finally {
      restore();
    }
    assert.equal(lines.length, 2);
    const record = JSON.parse(lines[0] ?? '') as { console: string; level: number };
    assert.match(record.console, /invalid signature\n\s+at /, 'the stack is kept, inside the record');
    assert.ok(lines.every((line) => line.trimEnd().split('\n').length === 1));
  });

  it('never writes a token a library prints: JSON Web Tokens and Bearer values are cut out', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
    const restore = routeConsoleTo(createLogger('info', sink));
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJib3QifQ.c2lnbmF0dXJl';
    try {
      console.error(`JwtTokenExtractor: rejected ${token}`, { authorization: `Bearer ${token}` });
    } finally {
      restore();
    }
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0] ?? '', /eyJhbGci|c2lnbmF0dXJl/);
    assert.match(lines[0] ?? '', /\[TOKEN\]/);
  });
});

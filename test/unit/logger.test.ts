import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, routeConsoleTo } from '../../bot/logger';
import { withCorrelation } from '../../bot/telemetry/correlation';

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

  it("gives every record written inside a turn or a run that turn's or run's id, and none outside; one record's fields never stick to the next", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
    const logger = createLogger('info', sink);
    const child = logger.child({ component: 'sender' });
    logger.info('before');
    await Promise.all([
      withCorrelation({ turnId: 'turn-1' }, async () => {
        logger.info({ code: 'NotFound' }, 'first of turn 1');
        await new Promise((resolve) => setTimeout(resolve, 5));
        child.info('second of turn 1, from a child logger, after a wait');
      }),
      withCorrelation({ runId: 'run-7' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.warn('in run 7');
      }),
    ]);
    logger.info('after');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (msg: string) => records.find((r) => r['msg'] === msg) ?? {};
    assert.equal(of('first of turn 1')['turnId'], 'turn-1');
    assert.equal(of('second of turn 1, from a child logger, after a wait')['turnId'], 'turn-1');
    assert.equal(of('second of turn 1, from a child logger, after a wait')['code'], undefined, 'the first record\'s fields stay in it');
    assert.equal(of('in run 7')['runId'], 'run-7');
    assert.equal(of('in run 7')['turnId'], undefined);
    for (const outside of ['before', 'after']) assert.ok(!('turnId' in of(outside)) && !('runId' in of(outside)));
  });
});

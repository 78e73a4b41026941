// The small pure pieces of the client: URL policy, config defaults, 422 field paths, Retry-After.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_API_VERSION,
  authorizationHeader,
  checkBaseUrl,
  extractFieldProblems,
  isLoopbackHost,
  parseFieldPath,
  parseRetryAfter,
  redact,
  resolveConfig,
} from '../../server/src/api';

describe('base URL policy', () => {
  test('https anywhere; http only on loopback', () => {
    for (const ok of ['https://app.polytomic.com', 'https://polytomic.internal.example:8443/base', 'http://127.0.0.1:8787', 'http://127.1.2.3', 'http://localhost:3000', 'http://[::1]:9000']) {
      assert.equal(checkBaseUrl(ok).ok, true, ok);
    }
    for (const bad of ['http://app.polytomic.com', 'http://10.0.0.5', 'http://128.0.0.1', 'http://localhost.evil.com', 'ftp://x', 'not a url', 'https://u:p@app.polytomic.com', 'https://app.polytomic.com/?x=1']) {
      assert.equal(checkBaseUrl(bad).ok, false, bad);
    }
    const refused = checkBaseUrl('http://app.polytomic.com');
    assert.ok(!refused.ok && /must use https.*localhost/.test(refused.reason));
  });

  test('loopback detection', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('127.255.255.254'), true);
    assert.equal(isLoopbackHost('127.0.0.256'), false);
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
    assert.equal(isLoopbackHost('example.com'), false);
  });

  test('defaults and normalisation', () => {
    const config = resolveConfig({ apiKey: ' k-123 ' });
    assert.equal(config.baseUrl, 'https://app.polytomic.com');
    assert.equal(config.version, DEFAULT_API_VERSION);
    assert.equal(config.apiKey, 'k-123');
    assert.equal(config.maxRetries, 2);
    assert.equal(resolveConfig({ apiKey: 'k', baseUrl: 'https://h.example/prefix/' }).baseUrl, 'https://h.example/prefix');
    assert.throws(() => resolveConfig({ apiKey: '' }), /No Polytomic API key/);
  });

  test('authorization header forms', () => {
    assert.equal(authorizationHeader('abc'), 'Bearer abc');
    assert.equal(authorizationHeader('abc', 'org'), `Basic ${Buffer.from('org:abc').toString('base64')}`);
  });
});

describe('422 field paths', () => {
  test('path spellings', () => {
    assert.deepEqual(parseFieldPath('schemas[0].id'), ['schemas', 0, 'id']);
    assert.deepEqual(parseFieldPath('schemas.0.id'), ['schemas', 0, 'id']);
    assert.deepEqual(parseFieldPath('default_schedule.frequency'), ['default_schedule', 'frequency']);
    assert.deepEqual(parseFieldPath('/default_schedule/frequency'), ['default_schedule', 'frequency']);
    assert.deepEqual(parseFieldPath('/schemas/2/fields/0'), ['schemas', 2, 'fields', 0]);
    assert.deepEqual(parseFieldPath('/a~1b/c~0d'), ['a/b', 'c~d']);
    assert.deepEqual(parseFieldPath('$.schemas[1]'), ['schemas', 1]);
    assert.deepEqual(parseFieldPath("destination_configuration['odd.key']"), ['destination_configuration', 'odd.key']);
    assert.deepEqual(parseFieldPath('name'), ['name']);
  });

  test('metadata shapes', () => {
    assert.deepEqual(extractFieldProblems({ 'schemas[0].id': 'unknown schema' }), [{ path: ['schemas', 0, 'id'], message: 'unknown schema' }]);
    assert.deepEqual(extractFieldProblems({ name: ['is required', 'must be short'] }), [{ path: ['name'], message: 'is required; must be short' }]);
    assert.deepEqual(
      extractFieldProblems({ fields: [{ field: 'source_connection_id', message: 'not found' }, { path: 'mode' }] }),
      [{ path: ['source_connection_id'], message: 'not found' }, { path: ['mode'] }],
    );
    assert.deepEqual(
      extractFieldProblems({ errors: [{ path: '/default_schedule/frequency', message: 'bad' }, { field: 'schemas.1', message: 'x' }] }),
      [{ path: ['default_schedule', 'frequency'], message: 'bad' }, { path: ['schemas', 1], message: 'x' }],
    );
    assert.deepEqual(extractFieldProblems({ fields: { 'policies[0]': 'unknown policy' } }), [{ path: ['policies', 0], message: 'unknown policy' }]);
    assert.deepEqual(extractFieldProblems({ errors: [{ path: ['schemas', 3, 'id'], message: 'm' }] }), [{ path: ['schemas', 3, 'id'], message: 'm' }]);
  });

  test('anything else yields no fields rather than an error', () => {
    for (const metadata of [undefined, null, 'text', 42, [], {}, { fields: 'x' }, { count: 3 }, { errors: [null, 7] }]) {
      assert.deepEqual(extractFieldProblems(metadata), []);
    }
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  test('seconds, an HTTP date, and nonsense', () => {
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('redact', () => {
  test('removes every occurrence, longest secret first', () => {
    assert.equal(redact('a KEY1234 b KEY1234-long c', ['KEY1234', 'KEY1234-long']), 'a [redacted] b [redacted] c');
    assert.equal(redact('nothing here', ['KEY1234']), 'nothing here');
  });
});

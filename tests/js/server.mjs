// Starts and stops a dynarock server for the JavaScript client tests: the
// binary from DYNAROCK_BIN on a free port, in memory, found by its ready
// line "dynarock listening on http://127.0.0.1:PORT" (as
// tests/client/harness.py does), stopped by PID; and the client the tests
// talk to it with.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const BIN = process.env.DYNAROCK_BIN;
const LISTENING = /^dynarock listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/;
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

// Any credentials will do: one database serves every key and region.
export const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

// A low-level client for the server at `endpoint`: us-east-1, the dummy
// credentials, one attempt per call (retries would hide errors).
export function dynamoClient(endpoint) {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
}

// The AttributeDefinitions and KeySchema of a table keyed by string
// attributes: `hash`, and `range` when given.
export function stringKeys(hash, range) {
  const names = range ? [hash, range] : [hash];
  return {
    AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: names.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
  };
}

// A check for assert.rejects: the SDK's error for the service's error
// `name` with exactly `message`, a client fault answered with status 400;
// `more(err)` checks the rest (the old item of a failed condition...).
export function serviceError(name, message, more = () => {}) {
  return (err) => {
    assert.equal(err.name, name);
    assert.equal(err.message, message);
    assert.equal(err.$fault, 'client');
    assert.equal(err.$metadata.httpStatusCode, 400);
    more(err);
    return true;
  };
}

// A server from DYNAROCK_BIN, in memory on a free port, with any extra
// flags (['--test-controls'], ...).
export async function startServer(extraArgs = []) {
  const child = spawn(BIN, ['--port', '0', '--in-memory', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`dynarock did not report its endpoint within ${STARTUP_TIMEOUT_MS} ms\n` +
        output.join('')));
    }, STARTUP_TIMEOUT_MS);
    lines.on('line', (line) => {
      output.push(line + '\n');
      const m = LISTENING.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dynarock exited (${code ?? signal}) before listening\n${output.join('')}`));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  // Keep draining stdout so the server never blocks on a full pipe.
  lines.on('line', () => {});
  return { child, endpoint, output };
}

// Stops the server by PID (SIGTERM, then SIGKILL). A server still running
// must exit 0 on SIGTERM, and print no sanitizer report (the suite also
// runs on an AddressSanitizer/UndefinedBehaviorSanitizer build).
export async function stopServer(server) {
  if (!server) return;
  let problem = null;
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = once(server.child, 'exit');
    process.kill(server.child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      problem = 'dynarock did not exit on SIGTERM';
      try {
        process.kill(server.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, STOP_TIMEOUT_MS);
    const [code] = await exited;
    clearTimeout(timer);
    if (!problem && code !== 0) problem = `dynarock exited with ${code} on SIGTERM`;
  }
  const output = server.output.join('');
  for (const marker of ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:']) {
    if (output.includes(marker)) problem = `sanitizer report in the server output (${marker})`;
  }
  if (problem) throw new Error(`${problem}\n${output.slice(-8000)}`);
}


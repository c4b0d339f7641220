// Requests to the server's DynamoDB API, from the page, same origin:
// POST / with the JSON 1.0 protocol's headers. The server checks that an
// Authorization header has SigV4's three parameters, not the signature.

const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=console/20260101/us-east-1/dynamodb/aws4_request, ' +
  'SignedHeaders=host;x-amz-target, Signature=0';

const STREAM_OPERATIONS = new Set(['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords']);

// An error answered by the server (or the network): `type` is the short
// error name (ValidationException...), `fullType` the __type as sent.
export class ApiError extends Error {
  constructor(type, message, { fullType = type, status = 0, operation = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.fullType = fullType;
    this.status = status;
    this.operation = operation;
  }
}

// The X-Amz-Target of an operation.
export function targetOf(operation) {
  const prefix = STREAM_OPERATIONS.has(operation) ? 'DynamoDBStreams_20120810' : 'DynamoDB_20120810';
  return `${prefix}.${operation}`;
}

// Sends one operation; resolves to { data, ms } where ms is the time from
// sending the request to having parsed the answer, measured in the page.
// Rejects with an ApiError for an error answer.
export async function call(operation, body) {
  const started = performance.now();
  let response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': targetOf(operation),
        Authorization: AUTHORIZATION,
      },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError('NetworkError', `The server did not answer: ${err.message}`, { operation });
  }
  const text = await response.text();
  const ms = performance.now() - started;
  let data = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const fullType = (data && data.__type) || `HTTP ${response.status}`;
    const type = fullType.includes('#') ? fullType.slice(fullType.lastIndexOf('#') + 1) : fullType;
    const message = (data && (data.message ?? data.Message)) ?? text;
    throw new ApiError(type, message, { fullType, status: response.status, operation });
  }
  if (data === null) {
    throw new ApiError('InvalidResponse', `The server answered ${operation} with no JSON body`, { operation });
  }
  return { data, ms };
}

// Calls `operation` and returns only the answer's data.
export async function request(operation, body) {
  return (await call(operation, body)).data;
}

export async function describeTable(name) {
  return (await request('DescribeTable', { TableName: name })).Table;
}

// Whether a table exists: DescribeTable answers ResourceNotFoundException
// for one that does not.
export async function tableExists(name) {
  try {
    await describeTable(name);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.type === 'ResourceNotFoundException') return false;
    throw err;
  }
}

// A table's stream records: ListStreams, DescribeStream (all shards), a
// shard iterator per shard (TRIM_HORIZON or LATEST), then GetRecords on
// each until it has nothing more. Refresh keeps reading from where each
// shard's iterator stopped, so it shows the records written since; the
// newest record is last.

import { request } from './api.js';
import { busy, errorBox, field, h, loading, notice, replace, select } from './ui.js';
import { formatItem } from './values.js';
import { tableHeading } from './view_table.js';

const MAX_RECORDS = 1000;
const MAX_CALLS_PER_SHARD = 100;

async function allShards(streamArn) {
  const shards = [];
  let start;
  let description;
  do {
    const body = { StreamArn: streamArn };
    if (start) body.ExclusiveStartShardId = start;
    description = (await request('DescribeStream', body)).StreamDescription;
    shards.push(...(description.Shards || []));
    start = description.LastEvaluatedShardId;
  } while (start);
  return { description, shards };
}

// Reads one shard from its iterator until a call returns no records (an
// open shard's end) or no next iterator (a closed shard's end).
async function drain(shard) {
  const out = [];
  for (let i = 0; i < MAX_CALLS_PER_SHARD && shard.iterator; i++) {
    const page = await request('GetRecords', { ShardIterator: shard.iterator });
    shard.iterator = page.NextShardIterator || null;
    for (const r of page.Records || []) out.push({ ...r, shardId: shard.id });
    if (!page.Records || page.Records.length === 0) break;
  }
  return out;
}

function compareRecords(a, b) {
  const ta = a.dynamodb?.ApproximateCreationDateTime ?? 0;
  const tb = b.dynamodb?.ApproximateCreationDateTime ?? 0;
  if (ta !== tb) return ta - tb;
  const sa = BigInt(a.dynamodb?.SequenceNumber ?? '0');
  const sb = BigInt(b.dynamodb?.SequenceNumber ?? '0');
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function imageCell(image, testid) {
  if (!image) return h('td', { class: 'absent', testid });
  return h('td', { testid }, h('code', { class: 'wrap' }, formatItem(image)));
}

export async function renderStream(app, { table: name }, ctx) {
  document.title = `${name} stream · dynarock console`;
  replace(app, ...tableHeading(name, 'stream'), loading());
  const table = (await request('DescribeTable', { TableName: name })).Table;
  if (!ctx.alive()) return;
  const streams = (await request('ListStreams', { TableName: name })).Streams || [];
  if (!ctx.alive()) return;
  if (streams.length === 0) {
    replace(app, ...tableHeading(name, 'stream'),
      notice(`${name} has no stream. Enable one with UpdateTable (StreamSpecification) to see its records here.`, 'info', 'no-stream'));
    return;
  }
  const latest = table.LatestStreamArn && streams.some((s) => s.StreamArn === table.LatestStreamArn)
    ? table.LatestStreamArn : streams[streams.length - 1].StreamArn;
  const streamSelect = select(streams.map((s) => [s.StreamArn, `${s.StreamLabel}${s.StreamArn === table.LatestStreamArn ? ' (latest)' : ''}`]),
    { testid: 'stream-select', value: latest });
  const position = select([['TRIM_HORIZON', 'TRIM_HORIZON (all retained records)'], ['LATEST', 'LATEST (only new records)']],
    { testid: 'stream-position' });
  const start = h('button', { type: 'button', testid: 'stream-start' }, 'Read from start position');
  const refresh = h('button', { type: 'button', class: 'primary', testid: 'stream-refresh' }, 'Refresh');
  const info = h('div', { testid: 'stream-info' });
  const body = h('div', { testid: 'stream-body', 'aria-live': 'polite' });

  // Per shard: its iterator (null once a closed shard is read to its end).
  let shards = new Map();
  let records = [];

  const read = async (reset) => {
    if (reset) {
      shards = new Map();
      records = [];
    }
    replace(body, loading('Reading records…'));
    try {
      const { description, shards: list } = await allShards(streamSelect.value);
      for (const s of list) {
        if (shards.has(s.ShardId)) continue;
        // Shards found on a refresh started after the first read: read
        // them from their start.
        const type = reset ? position.value : 'TRIM_HORIZON';
        const it = await request('GetShardIterator', {
          StreamArn: streamSelect.value, ShardId: s.ShardId, ShardIteratorType: type,
        });
        shards.set(s.ShardId, { id: s.ShardId, iterator: it.ShardIterator });
      }
      const batches = await Promise.all([...shards.values()].map(drain));
      if (!ctx.alive()) return;
      records.push(...batches.flat());
      records.sort(compareRecords);
      if (records.length > MAX_RECORDS) records = records.slice(records.length - MAX_RECORDS);
      replace(info, h('p', { class: 'hint' },
        `Stream ${description.StreamLabel} · ${description.StreamStatus} · ${description.StreamViewType} · ${list.length} shard(s) · `,
        h('span', { testid: 'stream-count' }, `${records.length} record(s)`)));
      replace(body, recordsTable(records));
    } catch (err) {
      if (ctx.alive()) replace(body, errorBox(err));
    }
  };

  start.addEventListener('click', () => busy(start, () => read(true)));
  refresh.addEventListener('click', () => busy(refresh, () => read(false)));
  streamSelect.addEventListener('change', () => read(true));

  replace(app, ...tableHeading(name, 'stream'),
    h('div', { class: 'toolbar' }, field('Stream', streamSelect), field('Start position', position), start, refresh),
    info, body);
  await read(true);
}

function recordsTable(records) {
  if (records.length === 0) return h('p', { class: 'empty', testid: 'stream-empty' }, 'No records.');
  return h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', testid: 'stream-records' },
    h('thead', {}, h('tr', {}, ...['#', 'Event', 'Time', 'Keys', 'New image', 'Old image', 'Sequence number', 'Shard']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, records.map((r, i) => {
      const d = r.dynamodb || {};
      return h('tr', { testid: 'stream-record' },
        h('td', { class: 'num' }, String(i + 1)),
        h('td', { testid: 'rec-event' }, r.eventName),
        h('td', {}, d.ApproximateCreationDateTime ? new Date(d.ApproximateCreationDateTime * 1000).toISOString() : ''),
        h('td', { testid: 'rec-keys' }, h('code', {}, formatItem(d.Keys || {}))),
        imageCell(d.NewImage, 'rec-new'),
        imageCell(d.OldImage, 'rec-old'),
        h('td', { testid: 'rec-seq' }, h('code', {}, d.SequenceNumber)),
        h('td', {}, h('code', { class: 'small' }, r.shardId)));
    }))));
}

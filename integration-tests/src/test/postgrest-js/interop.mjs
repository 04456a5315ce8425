// Drives the unmodified @supabase/postgrest-js client against the mesh's PostgREST dialect
// (${MESH_URL}/rest) the way an application would, and checks every answer against what PostgREST
// documents. Plain fetch is used only for what the client cannot send.
//
// Output: one JSON line per case on stdout, {"case": "...", "ok": true|false, "detail": "..."};
// diagnostics go to stderr. The exit code is 0 whenever every case ran (passed or not), so that a
// non-zero exit always means the harness itself broke.
//
// Environment: MESH_URL, MESH_WRITER_KEY, MESH_READER_KEY, MESH_LOG_ONLY_KEY (a key limited to the
// log table), MESH_TRADE_TABLE, MESH_LOG_TABLE, MESH_KINDS_TABLE (a replicated table of uuid, integer,
// double and json columns); optionally MESH_CASES, a regular expression that
// limits the run to matching case names when debugging by hand.

import { PostgrestClient } from '@supabase/postgrest-js';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';

const MESH_URL = required('MESH_URL').replace(/\/+$/, '');
const WRITER_KEY = required('MESH_WRITER_KEY');
const READER_KEY = required('MESH_READER_KEY');
const LOG_ONLY_KEY = required('MESH_LOG_ONLY_KEY');
const TRADE = required('MESH_TRADE_TABLE');
const LOG = required('MESH_LOG_TABLE');
const KINDS = required('MESH_KINDS_TABLE');
const ONLY = process.env.MESH_CASES ? new RegExp(process.env.MESH_CASES) : null;
const REST = `${MESH_URL}/rest`;

// The client retries GET/HEAD on 503/520 with 1 s, 2 s, 4 s pauses; a case must outlast one
// request with all its retries, and the Java side bounds the whole run.
const REQUEST_TIMEOUT_MS = 15_000;
const CASE_TIMEOUT_MS = 60_000;
const MESH_MAX_PAGE_ROWS = 10_000;
const MESH_MAX_BODY_BYTES = 4 * 1024 * 1024;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`interop.mjs: the environment variable ${name} is not set`);
    process.exit(2);
  }
  return value;
}

function client(headers) {
  return new PostgrestClient(REST, { headers, timeout: REQUEST_TIMEOUT_MS });
}

const withKey = (key) => client({ apikey: key, Authorization: `Bearer ${key}` });
const db = withKey(WRITER_KEY);

// ---------------------------------------------------------------------------------------------
// The seed and PostgreSQL's semantics, computed in JS

const TRADE_COLUMNS = ['id', 'account', 'qty', 'price', 'note', 'flag', 'ts', 'day'];
const LOG_COLUMNS = ['at', 'level', 'msg'];
const OHARA = "o'hara, jr.";
const ACCOUNTS = ['alice', 'bob', 'carol', OHARA];
const PRICES = [12.5, 0.001, 1000000.25, 7, 3.75, 99.99, null];
// Mixed case, quotes, commas, a newline and an empty string: byte order, CSV quoting and
// null-versus-empty all show in these.
const NOTES = ['plain', 'said "hi", then left', 'Zebra', 'apple', 'line one\nline two', 'Apple pie', 'hi there', ''];
const BASE_TS = Date.UTC(2026, 10, 23, 10, 0, 0);

function seedRow(i) {
  return {
    id: i,
    account: ACCOUNTS[i % ACCOUNTS.length],
    qty: i % 7 === 0 ? null : (i * 5) % 13,
    price: PRICES[i % PRICES.length],
    note: i % 5 === 0 ? null : NOTES[i % NOTES.length],
    flag: i % 6 === 0 ? null : i % 2 === 1,
    ts: i % 10 === 0 ? null : new Date(BASE_TS + i * 7 * 3600_000 + (i === 3 ? 250 : 0)).toISOString(),
    day: i % 9 === 0 ? null : `2026-11-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`,
  };
}

const SEED = Array.from({ length: 30 }, (_, k) => seedRow(k + 1));
const byId = new Map(SEED.map((row) => [row.id, row]));

/** A full trade row for the write cases, which use ids from 1000 so the seeded reads stay exact. */
function trade(id, overrides = {}) {
  return { ...seedRow(id), account: 'writer', ...overrides, id };
}

const TYPES = { id: 'int', qty: 'int', price: 'num', account: 'text', note: 'text', flag: 'bool', ts: 'ts', day: 'date' };

/** Values as PostgreSQL compares them: numbers by value, timestamps as instants, text by bytes. */
function compareValues(a, b, type) {
  switch (type) {
    case 'int':
    case 'num':
      return Number(a) - Number(b);
    case 'ts':
      return Date.parse(a) - Date.parse(b);
    case 'bool':
      return Number(a) - Number(b);
    default:
      return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
  }
}

/** PostgreSQL's ORDER BY: nulls last ascending and first descending unless said otherwise. */
function sortRows(rows, orders) {
  return [...rows].sort((x, y) => {
    for (const [column, { ascending = true, nullsFirst = !ascending } = {}] of orders) {
      const a = x[column];
      const b = y[column];
      if (a === null && b === null) continue;
      if (a === null) return nullsFirst ? -1 : 1;
      if (b === null) return nullsFirst ? 1 : -1;
      const c = compareValues(a, b, TYPES[column]);
      if (c !== 0) return ascending ? c : -c;
    }
    return 0;
  });
}

// SQL's three-valued logic: a comparison with NULL is unknown (null), and WHERE keeps only true.
const known = (value, test) => (value === null || value === undefined ? null : test(value));
const not3 = (a) => (a === null ? null : !a);
const and3 = (...xs) => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const or3 = (...xs) => (xs.includes(true) ? true : xs.includes(null) ? null : false);
const bytes = (a, b) => compareValues(a, b, 'text');

function likeRegex(pattern, caseInsensitive) {
  const source = [...pattern]
    .map((c) => (c === '*' || c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'si' : 's');
}

const idsWhere = (predicate, rows = SEED) => rows.filter((row) => predicate(row) === true).map((row) => row.id);

// ---------------------------------------------------------------------------------------------
// The case runner

const names = new Set();
let failed = 0;
let ran = 0;

class Expectations {
  failures = [];
  seen = [];

  /** Remembers a response, shown with the failures when the case fails. */
  saw(response) {
    this.seen.push(describeResponse(response));
    return response;
  }

  that(condition, what) {
    if (!condition) this.failures.push(what);
    return Boolean(condition);
  }

  equal(actual, expected, what) {
    return this.that(deepEqual(actual, expected), `${what}: expected ${show(expected)} but got ${show(actual)}`);
  }

  status(response, expected) {
    this.saw(response);
    return this.equal(response.status, expected, 'status');
  }

  /** A postgrest-js answer without an error, with this status. */
  success(response, status) {
    this.status(response, status);
    return this.equal(response.error, null, 'error');
  }

  /** A postgrest-js answer with a PostgREST error of this code: code, message, details, hint. */
  failure(response, status, code) {
    this.status(response, status);
    const { error } = response;
    if (!this.that(error && typeof error === 'object', `expected an error object with code ${code} but got ${show(error)}`)) {
      return false;
    }
    this.equal(error.code, code, 'error.code');
    this.errorShape(error);
    this.equal(response.data, null, 'data of a failed request');
    return true;
  }

  /** PostgREST's error body: message a string; details and hint present, strings or null. */
  errorShape(error) {
    this.that(typeof error.message === 'string' && error.message.length > 0, `error.message should be a non-empty string: ${show(error)}`);
    for (const key of ['details', 'hint']) {
      this.that(key in error && (error[key] === null || typeof error[key] === 'string'),
        `error.${key} should be present, a string or null: ${show(error)}`);
    }
  }

  ids(response, expected, what = 'ids') {
    const data = Array.isArray(response.data) ? response.data.map((row) => row.id) : response.data;
    return this.equal(data, expected, what);
  }
}

async function check(name, body) {
  if (names.has(name)) throw new Error(`two cases are named "${name}"`);
  names.add(name);
  if (ONLY && !ONLY.test(name)) return;
  const t = new Expectations();
  let timer;
  try {
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the case took longer than ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
    });
    await Promise.race([body(t), deadline]);
  } catch (e) {
    t.failures.push(`threw ${e?.stack ?? e}`);
  } finally {
    clearTimeout(timer);
  }
  const ok = t.failures.length === 0;
  ran += 1;
  if (!ok) failed += 1;
  const detail = ok ? '' : [...t.failures, ...t.seen.map((s) => `saw ${s}`)].join('\n');
  process.stdout.write(`${JSON.stringify({ case: name, ok, detail })}\n`);
}

function show(value) {
  if (value === undefined) return 'undefined';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  return text.length > 600 ? `${text.slice(0, 600)}…(${text.length} chars)` : text;
}

function describeResponse(r) {
  if (r && r.raw) {
    const headers = ['content-type', 'content-range', 'location']
      .filter((h) => r.headers.get(h) !== null)
      .map((h) => `${h}: ${r.headers.get(h)}`);
    return `HTTP ${r.status} [${headers.join('; ')}] ${show(r.text)}`;
  }
  return `status=${r?.status} count=${r?.count} error=${show(r?.error)} data=${show(r?.data)}`;
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/**
 * A row as values, whatever their JSON spelling: numerics by value (12.50 = 12.5), timestamps as
 * instants. The case on types checks the spelling itself.
 */
function comparable(row) {
  if (!row || typeof row !== 'object') return row;
  const out = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null) out[key] = null;
    else if (['id', 'qty', 'price'].includes(key)) out[key] = Number(value);
    else if (key === 'ts' || key === 'at') out[key] = Date.parse(value);
    else out[key] = value;
  }
  return out;
}

const comparableRows = (rows) => (Array.isArray(rows) ? rows.map(comparable) : rows);

/** A request postgrest-js cannot make, with the writer's key as both headers unless told. */
async function http(method, pathAndQuery, { key = WRITER_KEY, auth = 'both', headers = {}, body } = {}) {
  const sent = { ...headers };
  if (key && (auth === 'both' || auth === 'apikey')) sent.apikey = key;
  if (key && (auth === 'both' || auth === 'bearer')) sent.Authorization = `Bearer ${key}`;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const res = await fetch(`${REST}${pathAndQuery}`, {
    method,
    headers: sent,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { raw: true, status: res.status, headers: res.headers, text, json };
}

const q = (params) => `?${new URLSearchParams(params)}`;

async function readTrades(ids) {
  const res = await db.from(TRADE).select('*').in('id', ids).order('id');
  if (res.error) throw new Error(`reading back ids ${ids} failed: ${describeResponse(res)}`);
  return res.data;
}

// ---------------------------------------------------------------------------------------------
// Seed and reads

await check('insert: an array of 30 rows in one request answers 201 with no body (return=minimal)', async (t) => {
  const res = await db.from(TRADE).insert(SEED);
  t.success(res, 201);
  t.equal(res.data, null, 'data');
  t.equal(res.count, null, 'count');
});

await check('read-your-writes: a read right after the 201 sees every seeded row', async (t) => {
  const res = await db.from(TRADE).select('*').order('id');
  t.success(res, 200);
  t.equal(comparableRows(res.data), SEED.map(comparable), 'rows');
});

await check('select *: the table columns in definition order, without _tx/_seq', async (t) => {
  const res = await db.from(TRADE).select('*').eq('id', 1);
  t.success(res, 200);
  t.equal(res.data?.[0] && Object.keys(res.data[0]), TRADE_COLUMNS, 'keys in order');
});

await check('select absent: GET without select= gives the same columns in order', async (t) => {
  const res = t.saw(await http('GET', `/${TRADE}?id=eq.2`));
  t.equal(res.status, 200, 'status');
  t.equal(Array.isArray(res.json) && res.json[0] && Object.keys(res.json[0]), TRADE_COLUMNS, 'keys in order');
  t.equal(comparableRows(res.json), [comparable(byId.get(2))], 'rows');
});

await check('select: the internal _tx and _seq can be selected by name', async (t) => {
  const res = await db.from(TRADE).select('id,_tx,_seq').eq('id', 1);
  t.success(res, 200);
  const row = res.data?.[0];
  t.equal(row && Object.keys(row), ['id', '_tx', '_seq'], 'keys');
  t.that(row && row._tx !== null && row._tx !== undefined, '_tx should have a value');
  t.that(row && row._seq !== null && row._seq !== undefined, '_seq should have a value');
});

await check('types: bigint and numeric as JSON numbers, timestamp ISO-8601 ending in Z, date YYYY-MM-DD, boolean', async (t) => {
  const res = await db.from(TRADE).select('*').order('id');
  t.success(res, 200);
  for (const row of res.data ?? []) {
    const seed = byId.get(row.id);
    const at = `row ${row.id}`;
    if (!t.that(seed, `${at} was not seeded`)) continue;
    t.that(typeof row.id === 'number' && Number.isInteger(row.id), `${at}: id should be an integer number: ${show(row.id)}`);
    t.that(row.qty === null ? seed.qty === null : typeof row.qty === 'number' && row.qty === seed.qty, `${at}: qty ${show(row.qty)} != ${show(seed.qty)}`);
    t.that(row.price === null ? seed.price === null : typeof row.price === 'number' && row.price === seed.price,
      `${at}: price should be the number ${show(seed.price)}: ${show(row.price)}`);
    t.that(row.flag === seed.flag, `${at}: flag ${show(row.flag)} != ${show(seed.flag)}`);
    t.that(row.ts === null ? seed.ts === null
      : typeof row.ts === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(row.ts) && Date.parse(row.ts) === Date.parse(seed.ts),
    `${at}: ts should be the instant ${seed.ts} written as ISO-8601 ending in Z: ${show(row.ts)}`);
    t.that(row.day === seed.day, `${at}: day ${show(row.day)} != ${show(seed.day)}`);
    t.that(row.account === seed.account && row.note === seed.note, `${at}: text ${show([row.account, row.note])} != ${show([seed.account, seed.note])}`);
  }
});

await check('content type: Accept application/json gives application/json; charset=utf-8', async (t) => {
  const res = t.saw(await http('GET', `/${TRADE}?select=id&limit=1`, { headers: { Accept: 'application/json' } }));
  t.equal(res.status, 200, 'status');
  t.equal((res.headers.get('content-type') ?? '').toLowerCase().replace(/\s/g, ''), 'application/json;charset=utf-8', 'content-type');
});

await check('content type: Accept */* (what fetch sends for postgrest-js) gives JSON', async (t) => {
  const res = t.saw(await http('GET', `/${TRADE}?select=id&limit=1`, { headers: { Accept: '*/*' } }));
  t.equal(res.status, 200, 'status');
  t.that((res.headers.get('content-type') ?? '').startsWith('application/json'), 'content-type should be application/json');
  t.that(Array.isArray(res.json), 'the body should be a JSON array');
});

// [name, what the application writes, the same condition in SQL's three-valued logic]
const FILTERS = [
  ['eq on text', (x) => x.eq('account', 'bob'), (r) => known(r.account, (a) => a === 'bob')],
  ['eq on text holding a comma and a quote', (x) => x.eq('account', OHARA), (r) => r.account === OHARA],
  ['neq on text', (x) => x.neq('account', 'alice'), (r) => r.account !== 'alice'],
  ['gt on bigint leaves nulls out', (x) => x.gt('qty', 5), (r) => known(r.qty, (v) => v > 5)],
  ['gte on bigint', (x) => x.gte('qty', 5), (r) => known(r.qty, (v) => v >= 5)],
  ['lt on numeric', (x) => x.lt('price', 12.5), (r) => known(r.price, (v) => v < 12.5)],
  ['lte on numeric compares by value (12.50 = 12.5)', (x) => x.lte('price', '12.50'), (r) => known(r.price, (v) => v <= 12.5)],
  ['eq on numeric with three decimals', (x) => x.eq('price', 0.001), (r) => known(r.price, (v) => v === 0.001)],
  ['gt on timestamp', (x) => x.gt('ts', '2026-11-25T00:00:00Z'), (r) => known(r.ts, (v) => Date.parse(v) > Date.parse('2026-11-25T00:00:00Z'))],
  ['lte on timestamp written with an offset', (x) => x.lte('ts', '2026-11-25T12:00:00+02:00'),
    (r) => known(r.ts, (v) => Date.parse(v) <= Date.parse('2026-11-25T12:00:00+02:00'))],
  ['eq on date', (x) => x.eq('day', '2026-11-10'), (r) => known(r.day, (v) => v === '2026-11-10')],
  ['gte on date', (x) => x.gte('day', '2026-11-20'), (r) => known(r.day, (v) => v >= '2026-11-20')],
  ['eq on boolean', (x) => x.eq('flag', true), (r) => known(r.flag, (v) => v === true)],
  ['like is case-sensitive, * is the wildcard', (x) => x.like('note', '*hi*'), (r) => known(r.note, (v) => likeRegex('*hi*').test(v))],
  ['like on text with a quote', (x) => x.like('account', "o'*"), (r) => known(r.account, (v) => likeRegex("o'*").test(v))],
  ['ilike ignores case', (x) => x.ilike('note', '*APPLE*'), (r) => known(r.note, (v) => likeRegex('*APPLE*', true).test(v))],
  ['ilike with a wildcard in the middle', (x) => x.ilike('account', 'A*E'), (r) => known(r.account, (v) => likeRegex('A*E', true).test(v))],
  ['in on text quotes a value holding a comma', (x) => x.in('account', ['alice', OHARA]), (r) => ['alice', OHARA].includes(r.account)],
  ['in on bigint', (x) => x.in('id', [1, 2, 3, 99]), (r) => [1, 2, 3, 99].includes(r.id)],
  ['is null', (x) => x.is('note', null), (r) => r.note === null],
  ['is true', (x) => x.is('flag', true), (r) => r.flag === true],
  ['is false', (x) => x.is('flag', false), (r) => r.flag === false],
  ['not is null', (x) => x.not('qty', 'is', null), (r) => r.qty !== null],
  ['not eq leaves nulls out', (x) => x.not('note', 'eq', 'plain'), (r) => not3(known(r.note, (v) => v === 'plain'))],
  ['not in', (x) => x.not('qty', 'in', '(1,2,3)'), (r) => not3(known(r.qty, (v) => [1, 2, 3].includes(v)))],
  ['notIn', (x) => x.notIn('account', ['alice', 'bob']), (r) => !['alice', 'bob'].includes(r.account)],
  ['match ANDs equalities', (x) => x.match({ account: 'carol', flag: false }), (r) => and3(r.account === 'carol', known(r.flag, (v) => v === false))],
  ['two filters on one column are ANDed', (x) => x.filter('qty', 'gte', '3').filter('qty', 'lte', '8'),
    (r) => known(r.qty, (v) => v >= 3 && v <= 8)],
  ['filter() with in', (x) => x.filter('account', 'in', '(bob,carol)'), (r) => ['bob', 'carol'].includes(r.account)],
  ['or of two conditions', (x) => x.or('qty.gt.5,note.is.null'), (r) => or3(known(r.qty, (v) => v > 5), r.note === null)],
  ['or with a nested and', (x) => x.or('account.eq.alice,and(qty.gte.3,flag.is.true)'),
    (r) => or3(r.account === 'alice', and3(known(r.qty, (v) => v >= 3), r.flag === true))],
  ['or with a double-quoted value holding a comma', (x) => x.or(`account.eq."${OHARA}",qty.eq.0`),
    (r) => or3(r.account === OHARA, known(r.qty, (v) => v === 0))],
  ['or with a nested not.and', (x) => x.or('account.eq.bob,not.and(qty.gte.3,flag.is.true)'),
    (r) => or3(r.account === 'bob', not3(and3(known(r.qty, (v) => v >= 3), r.flag === true)))],
  ['or with in and not.is inside an and', (x) => x.or('id.in.(1,2,3),and(note.not.is.null,price.lt.1)'),
    (r) => or3([1, 2, 3].includes(r.id), and3(r.note !== null, known(r.price, (v) => v < 1)))],
  ['or ANDed with a column filter', (x) => x.eq('account', 'alice').or('qty.lt.3,qty.gt.10'),
    (r) => and3(r.account === 'alice', or3(known(r.qty, (v) => v < 3), known(r.qty, (v) => v > 10)))],
  ['two or trees are ANDed', (x) => x.or('qty.lt.3,qty.gt.10').or('flag.is.true,flag.is.null'),
    (r) => and3(or3(known(r.qty, (v) => v < 3), known(r.qty, (v) => v > 10)), or3(r.flag === true, r.flag === null))],
  ['or with like and ilike', (x) => x.or('note.like.*hi*,account.ilike.CAR*'),
    (r) => or3(known(r.note, (v) => likeRegex('*hi*').test(v)), known(r.account, (v) => likeRegex('CAR*', true).test(v)))],
];

for (const [name, build, predicate] of FILTERS) {
  await check(`filter: ${name}`, async (t) => {
    const expected = idsWhere(predicate);
    t.that(expected.length > 0 && expected.length < SEED.length, `the seed makes this filter trivial (${expected.length} rows)`);
    const res = await build(db.from(TRADE).select('id')).order('id');
    t.success(res, 200);
    t.ids(res, expected);
  });
}

// Top-level and=, not.or=, not.and=: postgrest-js has no method that writes these keys.
const RAW_TREES = [
  ['and=(…) with an or inside', 'and', '(qty.gte.2,qty.lte.6,or(flag.is.true,note.is.null))',
    (r) => and3(known(r.qty, (v) => v >= 2), known(r.qty, (v) => v <= 6), or3(r.flag === true, r.note === null))],
  ['not.or=(…)', 'not.or', '(account.eq.alice,qty.is.null)', (r) => not3(or3(r.account === 'alice', r.qty === null))],
  ['not.and=(…)', 'not.and', '(account.eq.bob,flag.is.true)', (r) => not3(and3(r.account === 'bob', r.flag === true))],
];

for (const [name, key, tree, predicate] of RAW_TREES) {
  await check(`filter: ${name} (query string through fetch)`, async (t) => {
    const expected = idsWhere(predicate);
    t.that(expected.length > 0 && expected.length < SEED.length, `the seed makes this filter trivial (${expected.length} rows)`);
    const res = t.saw(await http('GET', `/${TRADE}${q({ select: 'id', order: 'id', [key]: tree })}`));
    t.equal(res.status, 200, 'status');
    t.equal(Array.isArray(res.json) ? res.json.map((r) => r.id) : res.json, expected, 'ids');
  });
}

// Operators PostgREST has and the mesh does not offer answer PostgREST's "feature not implemented"
// (PGRST127); a name that is no operator at all is a parse error (PGRST100), as in PostgREST.
const NOT_OFFERED = [
  ['fts (textSearch)', (x) => x.textSearch('note', 'hi')],
  ['plfts (textSearch plain)', (x) => x.textSearch('note', 'hi', { type: 'plain' })],
  ['phfts (textSearch phrase)', (x) => x.textSearch('note', 'hi there', { type: 'phrase' })],
  ['wfts (textSearch websearch)', (x) => x.textSearch('note', 'hi', { type: 'websearch' })],
  ['cs (contains)', (x) => x.contains('note', ['hi'])],
  ['cd (containedBy)', (x) => x.containedBy('note', ['hi'])],
  ['ov (overlaps)', (x) => x.overlaps('note', ['hi'])],
  ['sl (rangeLt)', (x) => x.rangeLt('qty', '[1,5)')],
  ['sr (rangeGt)', (x) => x.rangeGt('qty', '[1,5)')],
  ['nxl (rangeGte)', (x) => x.rangeGte('qty', '[1,5)')],
  ['nxr (rangeLte)', (x) => x.rangeLte('qty', '[1,5)')],
  ['adj (rangeAdjacent)', (x) => x.rangeAdjacent('qty', '[1,5)')],
  ['match (regexMatch)', (x) => x.regexMatch('note', '^a')],
  ['imatch (regexIMatch)', (x) => x.regexIMatch('note', '^a')],
  ['isdistinct (isDistinct)', (x) => x.isDistinct('note', null)],
  ['like(any) (likeAnyOf)', (x) => x.likeAnyOf('note', ['a*', 'b*'])],
  ['like(all) (likeAllOf)', (x) => x.likeAllOf('note', ['a*', '*e'])],
  ['ilike(any) (ilikeAnyOf)', (x) => x.ilikeAnyOf('note', ['a*', 'b*'])],
  ['ilike(all) (ilikeAllOf)', (x) => x.ilikeAllOf('note', ['a*', '*e'])],
  ['fts inside an or', (x) => x.or('note.fts.hi,id.eq.1')],
];

for (const [name, build] of NOT_OFFERED) {
  await check(`operator ${name}, not offered by the mesh, answers 400 PGRST127`, async (t) => {
    t.failure(await build(db.from(TRADE).select('id')), 400, 'PGRST127');
  });
}

await check('an operator that does not exist answers 400 PGRST100', async (t) => {
  t.failure(await db.from(TRADE).select('id').filter('qty', 'foo', '1'), 400, 'PGRST100');
});

// ---- select: aliases, aggregates, errors

await check('select: an alias renames a column (total:qty)', async (t) => {
  const res = await db.from(TRADE).select('id, total:qty').eq('id', 2);
  t.success(res, 200);
  t.equal(res.data, [{ id: 2, total: byId.get(2).qty }], 'data');
  t.equal(res.data?.[0] && Object.keys(res.data[0]), ['id', 'total'], 'keys in order');
});

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const present = (rows, column) => rows.map((r) => r[column]).filter((v) => v !== null);
const closeTo = (a, b) => typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

await check('aggregates: count(), sum, avg, min, max under aliases over the whole table', async (t) => {
  const res = await db.from(TRADE).select('n:count(), total:qty.sum(), mean:price.avg(), lo:qty.min(), hi:qty.max(), money:price.sum()');
  t.success(res, 200);
  const row = res.data?.[0] ?? {};
  t.equal(res.data?.length, 1, 'one row');
  t.equal(Object.keys(row), ['n', 'total', 'mean', 'lo', 'hi', 'money'], 'keys');
  t.equal(row.n, SEED.length, 'n');
  t.equal(row.total, sum(present(SEED, 'qty')), 'total');
  t.that(closeTo(row.mean, sum(present(SEED, 'price')) / present(SEED, 'price').length),
    `mean should be the number ${sum(present(SEED, 'price')) / present(SEED, 'price').length}: ${show(row.mean)}`);
  t.that(closeTo(row.money, sum(present(SEED, 'price'))), `money should be the number ${sum(present(SEED, 'price'))}: ${show(row.money)}`);
  t.equal(row.lo, Math.min(...present(SEED, 'qty')), 'lo');
  t.equal(row.hi, Math.max(...present(SEED, 'qty')), 'hi');
});

await check('aggregates: without aliases the keys are the function names', async (t) => {
  const res = await db.from(TRADE).select('count(), qty.sum(), qty.max()').eq('account', 'bob');
  t.success(res, 200);
  const bob = SEED.filter((r) => r.account === 'bob');
  t.equal(res.data, [{ count: bob.length, sum: sum(present(bob, 'qty')), max: Math.max(...present(bob, 'qty')) }], 'data');
});

await check('aggregates: grouped by the plain columns selected', async (t) => {
  const res = await db.from(TRADE).select('account, n:count(), total:qty.sum()').order('account');
  t.success(res, 200);
  const accounts = [...new Set(SEED.map((r) => r.account))].sort(bytes);
  const expected = accounts.map((account) => {
    const rows = SEED.filter((r) => r.account === account);
    const qtys = present(rows, 'qty');
    return { account, n: rows.length, total: qtys.length ? sum(qtys) : null };
  });
  t.equal(res.data, expected, 'groups');
});

await check('select: an embedded resource answers 400 PGRST200 (no relationships)', async (t) => {
  t.failure(await db.from(TRADE).select('*, other(*)'), 400, 'PGRST200');
});

await check('select: an unknown column answers 400 42703', async (t) => {
  t.failure(await db.from(TRADE).select('id, nope'), 400, '42703');
});

await check('filter: an unknown column answers 400 42703', async (t) => {
  t.failure(await db.from(TRADE).select('id').eq('nope', 1), 400, '42703');
});

await check('order: an unknown column answers 400 42703', async (t) => {
  t.failure(await db.from(TRADE).select('id').order('nope'), 400, '42703');
});

await check('filter: a value that is not a bigint answers 400 22P02 (as PostgreSQL does)', async (t) => {
  t.failure(await db.from(TRADE).select('id').eq('qty', 'abc'), 400, '22P02');
});

await check('table: an unknown table answers 404 PGRST205', async (t) => {
  t.failure(await db.from('no_such_table_here').select('*'), 404, 'PGRST205');
});

// ---- order

const ORDERS = [
  ['descending puts nulls first by default', [['qty', { ascending: false }], ['id']]],
  ['ascending with nullsFirst, then id descending', [['qty', { ascending: true, nullsFirst: true }], ['id', { ascending: false }]]],
  ['text by byte order, nulls last', [['note'], ['id']]],
  ['descending with nullsFirst false puts nulls last', [['ts', { ascending: false, nullsFirst: false }], ['id']]],
  ['several columns', [['account'], ['price', { ascending: false }], ['id']]],
  ['numeric by value', [['price'], ['id']]],
  ['date descending', [['day', { ascending: false }], ['id']]],
  ['boolean', [['flag'], ['id']]],
];

for (const [name, orders] of ORDERS) {
  await check(`order: ${name}`, async (t) => {
    let query = db.from(TRADE).select('id');
    for (const [column, options] of orders) query = query.order(column, options);
    const res = await query;
    t.success(res, 200);
    t.ids(res, sortRows(SEED, orders).map((r) => r.id));
  });
}

// ---- paging and counts

const ALL = SEED.length;
const idsInOrder = SEED.map((r) => r.id).sort((a, b) => a - b);

await check('limit: .limit(5) gives the first five', async (t) => {
  const res = await db.from(TRADE).select('id').order('id').limit(5);
  t.success(res, 200);
  t.ids(res, idsInOrder.slice(0, 5));
  t.equal(res.count, null, 'count without a count preference');
});

await check('range: .range(5,9) gives rows 6..10; with count exact 206 and count 30', async (t) => {
  const res = await db.from(TRADE).select('id', { count: 'exact' }).order('id').range(5, 9);
  t.success(res, 206);
  t.ids(res, idsInOrder.slice(5, 10));
  t.equal(res.count, ALL, 'count');
});

await check('range: the Range and Range-Unit request headers page as offset/limit do', async (t) => {
  const res = t.saw(await http('GET', `/${TRADE}?select=id&order=id`, { headers: { Range: '5-9', 'Range-Unit': 'items' } }));
  t.equal(res.status, 200, 'status without a count');
  t.equal(res.json?.map?.((r) => r.id), idsInOrder.slice(5, 10), 'ids');
  t.equal(res.headers.get('content-range'), '5-9/*', 'content-range');
});

await check('range: Range header with Prefer count=exact answers 206 and 5-9/30', async (t) => {
  const res = t.saw(await http('GET', `/${TRADE}?select=id&order=id`, {
    headers: { Range: '5-9', 'Range-Unit': 'items', Prefer: 'count=exact' },
  }));
  t.equal(res.status, 206, 'status');
  t.equal(res.json?.map?.((r) => r.id), idsInOrder.slice(5, 10), 'ids');
  t.equal(res.headers.get('content-range'), `5-9/${ALL}`, 'content-range');
});

await check('count: Content-Range is 0-9/30 with a count and 0-9/* without', async (t) => {
  const counted = t.saw(await http('GET', `/${TRADE}?select=id&order=id&limit=10`, { headers: { Prefer: 'count=exact' } }));
  t.equal(counted.status, 206, 'status with a count');
  t.equal(counted.headers.get('content-range'), `0-9/${ALL}`, 'content-range with a count');
  const plain = t.saw(await http('GET', `/${TRADE}?select=id&order=id&limit=10`));
  t.equal(plain.status, 200, 'status without a count');
  t.equal(plain.headers.get('content-range'), '0-9/*', 'content-range without a count');
});

// exact counts; estimated counts exactly while the total is within a page (db-max-rows in PostgREST).
for (const mode of ['exact', 'estimated']) {
  await check(`count: {count:'${mode}'} gives the number of matching rows`, async (t) => {
    const res = await db.from(TRADE).select('id', { count: mode }).order('id').limit(10);
    t.success(res, 206);
    t.equal(res.count, ALL, 'count');
    t.ids(res, idsInOrder.slice(0, 10));
  });
}

// planned is the planner's estimate, as PostgREST documents it: a whole number, not a count.
await check("count: {count:'planned'} gives the planners' estimate and a status that agrees with it", async (t) => {
  const res = await db.from(TRADE).select('id', { count: 'planned' }).order('id').limit(10);
  t.that(Number.isInteger(res.count) && res.count >= 0, `count should be a whole number: ${show(res.count)}`);
  t.success(res, res.count > 10 ? 206 : 200);
  t.ids(res, idsInOrder.slice(0, 10));
});

await check('count: a filtered read that fits one page answers 200 with its count', async (t) => {
  const res = await db.from(TRADE).select('id', { count: 'exact' }).eq('account', 'bob').order('id');
  const expected = idsWhere((r) => r.account === 'bob');
  t.success(res, 200);
  t.equal(res.count, expected.length, 'count');
  t.ids(res, expected);
});

await check('count: an empty result answers 200, [] and count 0 (Content-Range */0)', async (t) => {
  const res = await db.from(TRADE).select('id', { count: 'exact' }).eq('account', 'nobody');
  t.success(res, 200);
  t.equal(res.data, [], 'data');
  t.equal(res.count, 0, 'count');
  const raw = t.saw(await http('GET', `/${TRADE}?select=id&account=eq.nobody`, { headers: { Prefer: 'count=exact' } }));
  t.equal(raw.headers.get('content-range'), '*/0', 'content-range with a count');
  const plain = t.saw(await http('GET', `/${TRADE}?select=id&account=eq.nobody`));
  t.equal(plain.headers.get('content-range'), '*/*', 'content-range without a count');
});

await check('count: an offset beyond the total with a count answers 416 PGRST103', async (t) => {
  t.failure(await db.from(TRADE).select('id', { count: 'exact' }).order('id').range(100, 109), 416, 'PGRST103');
});

await check('range: an offset beyond the end without a count answers 200 and []', async (t) => {
  const res = await db.from(TRADE).select('id').order('id').range(100, 109);
  t.success(res, 200);
  t.equal(res.data, [], 'data');
});

await check("head: {count:'exact', head:true} gives no data, the count and 200", async (t) => {
  const res = await db.from(TRADE).select('*', { count: 'exact', head: true });
  t.success(res, 200);
  t.equal(res.data, null, 'data');
  t.equal(res.count, ALL, 'count');
});

await check('head: a filtered HEAD with a limit below the count answers 206', async (t) => {
  const res = await db.from(TRADE).select('id', { count: 'exact', head: true }).not('qty', 'is', null).limit(3);
  t.success(res, 206);
  t.equal(res.count, idsWhere((r) => r.qty !== null).length, 'count');
});

await check('limit: a page over the mesh limit (limit=10001) answers 416 PGRST103', async (t) => {
  t.failure(await db.from(TRADE).select('id').limit(MESH_MAX_PAGE_ROWS + 1), 416, 'PGRST103');
});

// ---- single, maybeSingle, csv

await check('single: one row comes as an object', async (t) => {
  const res = await db.from(TRADE).select('*').eq('id', 3).single();
  t.success(res, 200);
  t.that(res.data && !Array.isArray(res.data), `data should be an object: ${show(res.data)}`);
  t.equal(comparable(res.data), comparable(byId.get(3)), 'row');
});

await check('single: zero rows answer 406 PGRST116, "The result contains 0 rows"', async (t) => {
  const res = await db.from(TRADE).select('*').eq('id', -1).single();
  if (t.failure(res, 406, 'PGRST116')) t.equal(res.error.details, 'The result contains 0 rows', 'details');
});

await check('single: several rows answer 406 PGRST116 saying how many', async (t) => {
  const n = idsWhere((r) => r.account === 'alice').length;
  const res = await db.from(TRADE).select('*').eq('account', 'alice').single();
  if (t.failure(res, 406, 'PGRST116')) t.equal(res.error.details, `The result contains ${n} rows`, 'details');
});

await check('maybeSingle: one row comes as an object', async (t) => {
  const res = await db.from(TRADE).select('id, account').eq('id', 4).maybeSingle();
  t.success(res, 200);
  t.equal(res.data, { id: 4, account: byId.get(4).account }, 'data');
});

await check('maybeSingle: zero rows give data null and no error', async (t) => {
  const res = await db.from(TRADE).select('id').eq('id', -1).maybeSingle();
  t.success(res, 200);
  t.equal(res.data, null, 'data');
});

await check('maybeSingle: several rows give error PGRST116 and 406 (postgrest-js decides)', async (t) => {
  const res = await db.from(TRADE).select('id').eq('account', 'bob').maybeSingle();
  t.saw(res);
  t.equal(res.status, 406, 'status');
  t.equal(res.error?.code, 'PGRST116', 'error.code');
  t.equal(res.data, null, 'data');
});

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || wasQuoted || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

await check('csv: a header line, then rows; commas, quotes and newlines quoted; null empty, "" for empty text', async (t) => {
  const ids = SEED.filter((r) => r.note === null || /[",\n]/.test(r.note) || r.note === '' || r.account === OHARA).map((r) => r.id).slice(0, 12);
  const res = await db.from(TRADE).select('id,account,note').in('id', ids).order('id').csv();
  t.success(res, 200);
  t.that(typeof res.data === 'string', `data should be the CSV text: ${show(res.data)}`);
  const parsed = typeof res.data === 'string' ? parseCsv(res.data) : [];
  t.equal(parsed[0], ['id', 'account', 'note'], 'header line');
  const expected = ids.sort((a, b) => a - b).map((id) => [String(id), byId.get(id).account, byId.get(id).note]);
  t.equal(parsed.slice(1), expected, 'rows');
  const raw = t.saw(await http('GET', `/${TRADE}${q({ select: 'id', id: 'eq.1' })}`, { headers: { Accept: 'text/csv' } }));
  t.that((raw.headers.get('content-type') ?? '').startsWith('text/csv'), 'content-type should be text/csv');
});

// ---- the page limit, on a table of more rows than a page holds

const LOG_ROWS = MESH_MAX_PAGE_ROWS + 50;
const LOG_CHUNK = 2_010;

await check(`insert: ${LOG_ROWS} rows into a table without primary key, in chunks of ${LOG_CHUNK}`, async (t) => {
  const levels = ['INFO', 'WARN', 'ERROR'];
  for (let from = 0; from < LOG_ROWS; from += LOG_CHUNK) {
    const rows = [];
    for (let i = from; i < Math.min(from + LOG_CHUNK, LOG_ROWS); i++) {
      rows.push({ at: new Date(BASE_TS + i * 1000).toISOString(), level: levels[i % 3], msg: `event ${i}` });
    }
    const res = await db.from(LOG).insert(rows, { count: 'exact' });
    if (!t.success(res, 201)) return;
    t.equal(res.count, rows.length, `count of the chunk from ${from}`);
  }
});

await check(`limit: without a limit at most ${MESH_MAX_PAGE_ROWS} rows come back; the count says ${LOG_ROWS}, 206`, async (t) => {
  const res = await db.from(LOG).select('*', { count: 'exact' });
  t.success(res, 206);
  t.equal(res.data?.length, MESH_MAX_PAGE_ROWS, 'rows');
  t.equal(res.count, LOG_ROWS, 'count');
  t.equal(res.data?.[0] && Object.keys(res.data[0]), LOG_COLUMNS, 'keys in order');
  const raw = t.saw(await http('HEAD', `/${LOG}`, { headers: { Prefer: 'count=exact' } }));
  t.equal(raw.headers.get('content-range'), `0-${MESH_MAX_PAGE_ROWS - 1}/${LOG_ROWS}`, 'content-range');
});

// Beyond a page, estimated is the planners' estimate, as in PostgREST beyond db-max-rows.
for (const mode of ['planned', 'estimated']) {
  await check(`count: {count:'${mode}'} over ${LOG_ROWS} rows is an estimate of about that many`, async (t) => {
    const res = await db.from(LOG).select('msg', { count: mode, head: true });
    t.that(Number.isInteger(res.count) && res.count > MESH_MAX_PAGE_ROWS / 2 && res.count < LOG_ROWS * 2,
      `count should be an estimate near ${LOG_ROWS}: ${show(res.count)}`);
    t.success(res, res.count > MESH_MAX_PAGE_ROWS ? 206 : 200);
  });
}

// ---------------------------------------------------------------------------------------------
// Writes

await check('insert: one object answers 201, data null; a read sees it at once', async (t) => {
  const row = trade(1001);
  const res = await db.from(TRADE).insert(row);
  t.success(res, 201);
  t.equal(res.data, null, 'data');
  t.equal(res.count, null, 'count');
  t.equal(comparableRows(await readTrades([1001])), [comparable(row)], 'read back');
});

await check('insert: .select() returns the inserted rows with the table columns (return=representation)', async (t) => {
  const rows = [trade(1002, { note: 'first, of two' }), trade(1003, { qty: null, price: 0.001 })];
  const res = await db.from(TRADE).insert(rows).select();
  t.success(res, 201);
  const data = Array.isArray(res.data) ? sortRows(res.data, [['id']]) : res.data;
  t.equal(comparableRows(data), rows.map(comparable), 'data');
  t.equal(data?.[0] && Object.keys(data[0]), TRADE_COLUMNS, 'keys in order');
});

await check('insert: .select("id,qty") narrows the representation', async (t) => {
  const res = await db.from(TRADE).insert(trade(1004, { qty: 44 })).select('id,qty');
  t.success(res, 201);
  t.equal(res.data, [{ id: 1004, qty: 44 }], 'data');
});

await check('insert: .select().single() returns one object', async (t) => {
  const row = trade(1005);
  const res = await db.from(TRADE).insert(row).select().single();
  t.success(res, 201);
  t.equal(comparable(res.data), comparable(row), 'data');
});

await check("insert: {count:'exact'} counts the rows inserted", async (t) => {
  const res = await db.from(TRADE).insert([trade(1006), trade(1007), trade(1008)], { count: 'exact' });
  t.success(res, 201);
  t.equal(res.count, 3, 'count');
  t.equal(res.data, null, 'data');
});

await check('insert: count and representation together', async (t) => {
  const res = await db.from(TRADE).insert([trade(1009), trade(1010)], { count: 'exact' }).select('id');
  t.success(res, 201);
  t.equal(res.count, 2, 'count');
  t.equal(Array.isArray(res.data) ? sortRows(res.data, [['id']]) : res.data, [{ id: 1009 }, { id: 1010 }], 'data');
});

await check('insert: Prefer return=headers-only answers 201, no body, Location /table?id=eq.N', async (t) => {
  const res = t.saw(await http('POST', `/${TRADE}`, { body: trade(1011), headers: { Prefer: 'return=headers-only' } }));
  t.equal(res.status, 201, 'status');
  t.equal(res.text, '', 'body');
  t.equal(res.headers.get('location'), `/${TRADE}?id=eq.1011`, 'location');
  t.equal((await readTrades([1011])).length, 1, 'rows read back');
});

await check('insert: keys missing from some rows of an array become null', async (t) => {
  const res = await db.from(TRADE).insert([{ id: 1012, account: 'x', qty: 5 }, { id: 1013, account: 'y', note: 'only a note' }]);
  t.success(res, 201);
  t.equal(comparableRows(await readTrades([1012, 1013])), [
    { id: 1012, account: 'x', qty: 5, price: null, note: null, flag: null, ts: null, day: null },
    { id: 1013, account: 'y', qty: null, price: null, note: 'only a note', flag: null, ts: null, day: null },
  ], 'read back');
});

await check('insert: defaultToNull:false (Prefer missing=default) gives missing columns their default, null', async (t) => {
  const res = await db.from(TRADE).insert([{ id: 1014, account: 'x', qty: 5 }, { id: 1015, account: 'y', flag: true }], { defaultToNull: false });
  t.success(res, 201);
  t.equal(comparableRows(await readTrades([1014, 1015])), [
    { id: 1014, account: 'x', qty: 5, price: null, note: null, flag: null, ts: null, day: null },
    { id: 1015, account: 'y', qty: null, price: null, note: null, flag: true, ts: null, day: null },
  ], 'read back');
});

await check('insert: columns= takes only the keys it names from the body', async (t) => {
  const res = t.saw(await http('POST', `/${TRADE}${q({ columns: '"id","account"' })}`, {
    body: [{ id: 1016, account: 'z', qty: 9, note: 'left out', colour: 'not a column either' }],
  }));
  t.equal(res.status, 201, 'status');
  t.equal(comparableRows(await readTrades([1016])), [{ id: 1016, account: 'z', qty: null, price: null, note: null, flag: null, ts: null, day: null }], 'read back');
});

await check('insert: an array with one invalid row inserts none (22P02, all or nothing)', async (t) => {
  const res = await db.from(TRADE).insert([trade(1017), trade(1018, { qty: 'abc' }), trade(1019)]);
  t.failure(res, 400, '22P02');
  t.equal(await readTrades([1017, 1018, 1019]), [], 'rows read back');
});

await check('insert: text into a bigint answers 400 22P02', async (t) => {
  t.failure(await db.from(TRADE).insert(trade(1020, { qty: 'abc' })), 400, '22P02');
  t.equal(await readTrades([1020]), [], 'rows read back');
});

await check('insert: a missing not-null column answers 400 23502', async (t) => {
  t.failure(await db.from(TRADE).insert({ id: 1021, qty: 1 }), 400, '23502');
  t.equal(await readTrades([1021]), [], 'rows read back');
});

await check('insert: an unknown column answers 400 PGRST204', async (t) => {
  t.failure(await db.from(TRADE).insert({ id: 1022, account: 'a', colour: 'red' }), 400, 'PGRST204');
  t.equal(await readTrades([1022]), [], 'rows read back');
});

await check('insert: an existing primary key answers 409 23505 and the row keeps its values', async (t) => {
  t.failure(await db.from(TRADE).insert(trade(5, { account: 'mallory' })), 409, '23505');
  t.equal(comparableRows(await readTrades([5])), [comparable(byId.get(5))], 'row 5');
});

await check('insert: a key twice in one request answers 409 23505 and inserts neither', async (t) => {
  t.failure(await db.from(TRADE).insert([trade(1023, { qty: 1 }), trade(1024), trade(1023, { qty: 2 })]), 409, '23505');
  t.equal(await readTrades([1023, 1024]), [], 'rows read back');
});

await check('upsert ignoreDuplicates: existing and repeated keys skipped, the others inserted, 201', async (t) => {
  const res = await db.from(TRADE).upsert(
    [trade(1, { account: 'mallory', qty: 999 }), trade(1025, { qty: 1 }), trade(1025, { qty: 2 }), trade(1026)],
    { ignoreDuplicates: true });
  t.success(res, 201);
  const rows = comparableRows(await readTrades([1, 1025, 1026]));
  t.equal(rows, [comparable(byId.get(1)), comparable(trade(1025, { qty: 1 })), comparable(trade(1026))], 'read back');
});

await check('upsert ignoreDuplicates with .select() returns only the rows inserted', async (t) => {
  const res = await db.from(TRADE).upsert([trade(2, { qty: 999 }), trade(1027)], { ignoreDuplicates: true }).select('id');
  t.success(res, 201);
  t.equal(res.data, [{ id: 1027 }], 'data');
  t.equal(comparableRows(await readTrades([2])), [comparable(byId.get(2))], 'row 2');
});

const insertOnly = (t, res) => {
  if (t.failure(res, 405, 'PGRST117')) {
    t.that(/insert[- ]only/i.test(res.error.message ?? ''), `the message should say rows are insert-only: ${show(res.error.message)}`);
  }
};

await check('upsert (merge-duplicates) answers 405 PGRST117 and changes nothing', async (t) => {
  insertOnly(t, await db.from(TRADE).upsert([trade(3, { qty: 777 }), trade(1028)]));
  t.equal(comparableRows(await readTrades([3, 1028])), [comparable(byId.get(3))], 'rows read back');
});

await check('update (PATCH) answers 405 PGRST117 and changes nothing', async (t) => {
  insertOnly(t, await db.from(TRADE).update({ qty: 555 }).eq('id', 4));
  t.equal(comparableRows(await readTrades([4])), [comparable(byId.get(4))], 'row 4');
});

await check('delete answers 405 PGRST117 and removes nothing', async (t) => {
  insertOnly(t, await db.from(TRADE).delete().eq('id', 6));
  t.equal(comparableRows(await readTrades([6])), [comparable(byId.get(6))], 'row 6');
});

await check('PUT answers 405 PGRST117 and changes nothing', async (t) => {
  const res = t.saw(await http('PUT', `/${TRADE}?id=eq.7`, { body: trade(7, { qty: 111 }) }));
  t.equal(res.status, 405, 'status');
  t.equal(res.json?.code, 'PGRST117', 'code');
  t.equal(comparableRows(await readTrades([7])), [comparable(byId.get(7))], 'row 7');
});

await check('insert: a body over the limit answers 413 with an error', async (t) => {
  const res = await db.from(TRADE).insert(trade(1029, { note: 'x'.repeat(MESH_MAX_BODY_BYTES + 1024 * 1024) }));
  t.status(res, 413);
  t.that(res.error && typeof res.error.message === 'string', `an error with a message: ${show(res.error)}`);
  t.equal(await readTrades([1029]), [], 'rows read back');
});

await check('errors: a JSON body {code, message, details, hint} with Content-Type application/json', async (t) => {
  const res = t.saw(await http('POST', `/${TRADE}`, { body: { id: 1030, account: 'a', colour: 'red' } }));
  t.equal(res.status, 400, 'status');
  t.that((res.headers.get('content-type') ?? '').startsWith('application/json'), 'content-type should be application/json');
  t.equal(res.json && Object.keys(res.json).sort(), ['code', 'details', 'hint', 'message'], 'keys');
});

await check('read-your-writes: 20 rows answered 201 are all counted by the next read', async (t) => {
  const rows = Array.from({ length: 20 }, (_, k) => trade(1100 + k));
  t.success(await db.from(TRADE).insert(rows), 201);
  const res = await db.from(TRADE).select('id', { count: 'exact', head: true }).gte('id', 1100).lte('id', 1119);
  t.success(res, 200);
  t.equal(res.count, 20, 'count');
});

// ---------------------------------------------------------------------------------------------
// Auth

// ---- the other types, on a table every peer holds whole (REPLICATED)

const KIND_ROWS = [
  { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e01', n: 2147483647, r: 1.5, doc: { a: [1, 'two', null], b: { c: true } } },
  { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e02', n: -2147483648, r: -0.25, doc: [1, 2, 3] },
  { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e03', n: null, r: 1e300, doc: null },
  { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e04', n: 0, r: null, doc: 'just text' },
];

await check('types: uuid, integer at its limits, double and json round-trip through insert and select', async (t) => {
  const res = await db.from(KINDS).insert(KIND_ROWS).select();
  t.success(res, 201);
  t.equal(res.data, KIND_ROWS, 'representation');
  const read = await db.from(KINDS).select('*').order('id');
  t.success(read, 200);
  t.equal(read.data, KIND_ROWS, 'read back');
});

await check('types: a uuid matches whatever its letter case; double, integer and json filters', async (t) => {
  const byId = await db.from(KINDS).select('n').eq('id', KIND_ROWS[1].id.toUpperCase());
  t.equal(byId.data, [{ n: -2147483648 }], 'uuid eq in upper case');
  const big = await db.from(KINDS).select('id').gt('r', 1).order('id');
  t.equal(big.data?.map((r) => r.id), [KIND_ROWS[0].id, KIND_ROWS[2].id], 'double gt');
  const noDoc = await db.from(KINDS).select('id').is('doc', null);
  t.equal(noDoc.data?.map((r) => r.id), [KIND_ROWS[2].id], 'json is null');
  const ints = await db.from(KINDS).select('id').in('n', [0, 2147483647]).order('id');
  t.equal(ints.data?.map((r) => r.id), [KIND_ROWS[0].id, KIND_ROWS[3].id], 'integer in');
  t.failure(await db.from(KINDS).select('id').eq('doc', '{}'), 400, 'PGRST100');
});

await check('types: values their columns cannot hold answer 400 with a data exception, and store nothing', async (t) => {
  const bad = [
    { id: 'not-a-uuid' },
    { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e09', n: 2147483648 },
    { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e09', n: 1.5 },
    { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e09', r: 'NaN' },
    { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e09', r: '1e999' },
  ];
  for (const row of bad) {
    const res = await db.from(KINDS).insert(row);
    t.equal(res.status, 400, `status for ${JSON.stringify(row)}`);
    t.that(/^22/.test(res.error?.code ?? ''), `a data exception (22xxx) for ${JSON.stringify(row)}: ${show(res.error)}`);
  }
  const stored = await db.from(KINDS).select('id', { count: 'exact', head: true });
  t.equal(stored.count, KIND_ROWS.length, 'rows stored');
});

await check('types: ignore-duplicates on a replicated table leaves existing keys as they were on every peer', async (t) => {
  const again = { ...KIND_ROWS[3], n: 99 };
  const fresh = { id: '3f0c8a4e-1b2d-4c5e-8f70-9a1b2c3d4e05', n: 5, r: 5.5, doc: { k: 'v' } };
  const res = await db.from(KINDS).upsert([again, fresh], { ignoreDuplicates: true }).select('id, n');
  t.success(res, 201);
  t.equal(res.data, [{ id: fresh.id, n: 5 }], 'only the row stored');
  // Any one replica answers a read of a replicated table: read it several times.
  for (let i = 0; i < 6; i++) {
    const kept = await db.from(KINDS).select('n').eq('id', KIND_ROWS[3].id).single();
    t.equal(kept.data, { n: 0 }, `the existing row, read ${i + 1}`);
  }
});

// ---- supabase-js: the Supabase client finds tables at {url}/rest/v1 and sends the key both ways

// Before Node 22 there is no WebSocket built in, and supabase-js wants one for its realtime client
// (never used here) as soon as it is made: a Node 20 application hands it ws, as this does.
const supabase = createClient(MESH_URL, WRITER_KEY, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: WebSocket },
});

await check('supabase-js: createClient(url, key) reads with filters, order and an exact count', async (t) => {
  const res = await supabase.from(TRADE).select('id, account', { count: 'exact' }).eq('account', 'bob').order('id');
  const expected = idsWhere((r) => r.account === 'bob');
  t.success(res, 200);
  t.equal(res.count, expected.length, 'count');
  t.ids(res, expected);
});

await check('supabase-js: an insert with .select().single() answers the stored row; a repeat is 23505', async (t) => {
  const row = { id: 990101, account: 'supabase', qty: 3, price: 1.25 };
  const res = await supabase.from(TRADE).insert(row).select('id, account, qty, price').single();
  t.success(res, 201);
  t.equal(res.data, row, 'data');
  const again = await supabase.from(TRADE).insert(row);
  t.failure(again, 409, '23505');
});

await check('supabase-js: update and delete are refused as insert-only (405 PGRST117)', async (t) => {
  t.failure(await supabase.from(TRADE).update({ qty: 4 }).eq('id', 990101), 405, 'PGRST117');
  t.failure(await supabase.from(TRADE).delete().eq('id', 990101), 405, 'PGRST117');
  const kept = await supabase.from(TRADE).select('qty').eq('id', 990101).single();
  t.equal(kept.data, { qty: 3 }, 'the row as inserted');
});

// ---- schemas: every mesh table is in one, public

await check("schema: .schema('public') reads as without it", async (t) => {
  const res = await db.schema('public').from(TRADE).select('id').eq('id', 3);
  t.success(res, 200);
  t.ids(res, [3]);
});

await check("schema: another schema answers 406 PGRST106, for reads and for inserts", async (t) => {
  t.failure(await db.schema('private').from(TRADE).select('id').limit(1), 406, 'PGRST106');
  t.failure(await db.schema('private').from(TRADE).insert({ id: 990001, account: 'schema' }), 406, 'PGRST106');
  const after = await db.from(TRADE).select('id').eq('id', 990001);
  t.equal(after.data, [], 'nothing stored');
});

await check('auth: no key answers 401 PGRST302 (anonymous access is disabled)', async (t) => {
  t.failure(await client({}).from(TRADE).select('id').limit(1), 401, 'PGRST302');
});

await check('auth: an unknown key answers 401 PGRST301', async (t) => {
  t.failure(await withKey(`mesh_${randomUUID()}`).from(TRADE).select('id').limit(1), 401, 'PGRST301');
});

await check('auth: HEAD without a key answers 401', async (t) => {
  const res = await client({}).from(TRADE).select('id', { count: 'exact', head: true });
  t.status(res, 401);
  t.that(res.error !== null, 'an error');
});

await check('auth: the key in the apikey header alone is enough', async (t) => {
  const res = await client({ apikey: READER_KEY }).from(TRADE).select('id').eq('id', 1);
  t.success(res, 200);
  t.ids(res, [1]);
});

await check('auth: the key as a Bearer token alone is enough', async (t) => {
  const res = await client({ Authorization: `Bearer ${READER_KEY}` }).from(TRADE).select('id').eq('id', 1);
  t.success(res, 200);
  t.ids(res, [1]);
});

await check('auth: a READER key reads', async (t) => {
  const res = await withKey(READER_KEY).from(TRADE).select('id', { count: 'exact', head: true });
  t.success(res, 200);
});

await check('auth: a READER key inserting answers 403 42501 and inserts nothing', async (t) => {
  t.failure(await withKey(READER_KEY).from(TRADE).insert(trade(1031)), 403, '42501');
  t.equal(await readTrades([1031]), [], 'rows read back');
});

await check('auth: a key limited to other tables reading this one answers 403 42501', async (t) => {
  t.failure(await withKey(LOG_ONLY_KEY).from(TRADE).select('id').limit(1), 403, '42501');
});

await check('auth: a key limited to a table reads that table', async (t) => {
  const res = await withKey(LOG_ONLY_KEY).from(LOG).select('level').limit(1);
  t.success(res, 200);
  t.equal(res.data?.length, 1, 'rows');
});

console.error(`interop.mjs: ${ran} cases ran, ${failed} failed`);
// Requests abandoned by a timed-out case may still hold the event loop.
process.stdout.write('', () => process.exit(0));

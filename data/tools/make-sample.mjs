// Derive the committed sample (data/sample) from the full vega-datasets files.
// Run through data/make-sample.sh, which installs the pinned npm dependencies.
//
// Usage: node make-sample.mjs <full-dir> <out-dir>
//
// Time zones: flights-3m.parquet stores `date` as TIMESTAMP(MICROS,
// isAdjustedToUTC=false), i.e. a local wall-clock time with no zone. hyparquet
// returns it as a JS Date whose *UTC* fields are that wall-clock time, so all
// formatting below uses getUTC* only and never the process time zone.
import fs from 'node:fs'
import path from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const CSV_DAYS = ['2001-01-01', '2001-01-02', '2001-01-03', '2001-01-04', '2001-01-05']
const JSON_DAYS = ['2001-01-06', '2001-01-07']

const [fullDir, outDir] = process.argv.slice(2)
if (!fullDir || !outDir) {
  console.error('usage: node make-sample.mjs <full-dir> <out-dir>')
  process.exit(2)
}
const fail = msg => { throw new Error(msg) }

const parquetPath = path.join(fullDir, 'flights-3m.parquet')
const file = await asyncBufferFromFile(parquetPath)
const md = await parquetMetadataAsync(file)

// --- check the schema is what the formatting below assumes ---------------
const cols = Object.fromEntries(md.schema.slice(1).map(s => [s.name, s]))
const dateLt = cols.date?.logical_type
if (!(dateLt && dateLt.type === 'TIMESTAMP' && dateLt.isAdjustedToUTC === false)) {
  fail(`unexpected type for column date: ${JSON.stringify(dateLt)}`)
}
for (const c of ['delay', 'distance']) if (cols[c]?.type !== 'INT64' && cols[c]?.type !== 'INT32') fail(`unexpected type for ${c}`)
for (const c of ['origin', 'destination']) if (cols[c]?.type !== 'BYTE_ARRAY') fail(`unexpected type for ${c}`)

// --- read all rows --------------------------------------------------------
const rows = await parquetReadObjects({
  file, compressors,
  columns: ['date', 'delay', 'distance', 'origin', 'destination'],
})
if (rows.length !== Number(md.num_rows)) fail(`read ${rows.length} rows, metadata says ${md.num_rows}`)

const pad = n => String(n).padStart(2, '0')
const dayOf = d => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
const hm = d => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
const toInt = v => {
  const n = Number(v)
  if (!Number.isSafeInteger(n)) fail(`not an integer: ${v}`)
  return n
}
const CODE = /^[A-Z0-9]{3}$/

const wanted = new Set([...CSV_DAYS, ...JSON_DAYS])
const byDay = new Map([...wanted].map(d => [d, []]))
for (const r of rows) {
  if (!(r.date instanceof Date) || Number.isNaN(r.date.getTime())) fail(`bad date value: ${r.date}`)
  const day = dayOf(r.date)
  if (!wanted.has(day)) continue
  if (r.date.getUTCSeconds() !== 0 || r.date.getUTCMilliseconds() !== 0) fail(`date with seconds: ${r.date.toISOString()}`)
  for (const c of ['delay', 'distance', 'origin', 'destination']) if (r[c] == null) fail(`null ${c} on ${day}`)
  if (!CODE.test(r.origin) || !CODE.test(r.destination)) fail(`unexpected airport code: ${r.origin} ${r.destination}`)
  byDay.get(day).push({
    t: r.date.getTime(), day, hm: hm(r.date),
    delay: toInt(r.delay), distance: toInt(r.distance),
    origin: r.origin, destination: r.destination,
  })
}

// Total order: date, origin, destination, delay, distance (codes compared by code point).
const cmpStr = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const cmp = (a, b) => (a.t - b.t) || cmpStr(a.origin, b.origin) || cmpStr(a.destination, b.destination)
  || (a.delay - b.delay) || (a.distance - b.distance)

// --- independent count check: numeric wall-clock bounds, no string formatting
const dayStartMs = day => { const [y, m, d] = day.split('-').map(Number); return Date.UTC(y, m - 1, d) }
const allDays = [...wanted].sort()
const lo = dayStartMs(allDays[0]), hi = dayStartMs(allDays[allDays.length - 1]) + 86400000
let rangeCount = 0
for (const r of rows) { const t = r.date.getTime(); if (t >= lo && t < hi) rangeCount++ }
let sum = 0
for (const [day, list] of byDay) {
  const s = dayStartMs(day)
  for (const f of list) if (f.t < s || f.t >= s + 86400000) fail(`row outside its day: ${day}`)
  sum += list.length
}
if (sum !== rangeCount) fail(`per-day counts sum to ${sum}, parquet range count is ${rangeCount}`)

// --- write -----------------------------------------------------------------
fs.mkdirSync(path.join(outDir, 'flights'), { recursive: true })
fs.mkdirSync(path.join(outDir, 'flights-json'), { recursive: true })
fs.mkdirSync(path.join(outDir, 'airports'), { recursive: true })

for (const day of CSV_DAYS) {
  const list = byDay.get(day).sort(cmp)
  const lines = ['date,delay,distance,origin,destination']
  for (const f of list) lines.push(`${f.day} ${f.hm},${f.delay},${f.distance},${f.origin},${f.destination}`)
  fs.writeFileSync(path.join(outDir, 'flights', `flights-${day}.csv`), lines.join('\n') + '\n')
  console.log(`flights/flights-${day}.csv: ${list.length} rows, first ${f0(list)}, last ${fN(list)}`)
}
for (const day of JSON_DAYS) {
  const list = byDay.get(day).sort(cmp)
  // vega style: {"date":"2001/01/06 06:55","delay":-3,"distance":405,"origin":"ABQ","destination":"PHX"}
  const objs = list.map(f => JSON.stringify({
    date: `${f.day.replaceAll('-', '/')} ${f.hm}`, delay: f.delay, distance: f.distance,
    origin: f.origin, destination: f.destination,
  }))
  fs.writeFileSync(path.join(outDir, 'flights-json', `flights-${day}.json`), '[\n' + objs.join(',\n') + '\n]\n')
  console.log(`flights-json/flights-${day}.json: ${list.length} rows, first ${f0(list)}, last ${fN(list)}`)
}
fs.copyFileSync(path.join(fullDir, 'airports.csv'), path.join(outDir, 'airports', 'airports.csv'))
console.log(`parquet rows with ${allDays[0]} 00:00 <= date < ${dayOf(new Date(hi))} 00:00: ${rangeCount} (= sum of the sample files)`)

function f0(list) { return list.length ? `${list[0].day} ${list[0].hm}` : '-' }
function fN(list) { const l = list[list.length - 1]; return l ? `${l.day} ${l.hm}` : '-' }

// Print the statistics quoted in data/README.md, computed from the sample files
// themselves (what consumers read), not from the parquet.
// Usage: node sample-stats.mjs <sample-dir>
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

const dir = process.argv[2] || fail('usage: node sample-stats.mjs <sample-dir>')
function fail(m) { throw new Error(m) }

const listDir = sub => fs.readdirSync(path.join(dir, sub)).sort().map(f => path.join(sub, f))
const files = [...listDir('flights'), ...listDir('flights-json'), ...listDir('airports')]
const sha = p => crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')

const flights = [] // {date:'yyyy-MM-dd HH:mm', delay, distance, origin, destination}
const perFile = []
let nulls = 0
for (const rel of files) {
  const p = path.join(dir, rel)
  const text = fs.readFileSync(p, 'utf8')
  let rows = 0
  if (rel.startsWith('flights/')) {
    const lines = text.split('\n')
    if (lines.pop() !== '') fail(`${rel}: no final newline`)
    if (lines[0] !== 'date,delay,distance,origin,destination') fail(`${rel}: bad header`)
    for (const line of lines.slice(1)) {
      const v = line.split(',')
      if (v.length !== 5) fail(`${rel}: bad line ${line}`)
      if (v.some(x => x === '')) nulls++
      flights.push({ date: v[0], delay: Number(v[1]), distance: Number(v[2]), origin: v[3], destination: v[4] })
      rows++
    }
  } else if (rel.startsWith('flights-json/')) {
    for (const o of JSON.parse(text)) {
      for (const k of ['date', 'delay', 'distance', 'origin', 'destination']) if (o[k] == null || o[k] === '') nulls++
      flights.push({ ...o, date: o.date.replaceAll('/', '-') })
      rows++
    }
  } else {
    rows = text.split('\n').filter(l => l !== '').length - 1
  }
  perFile.push({ rel, rows, bytes: fs.statSync(p).size, sha: sha(p) })
}

// airports: first field of each record (quoted fields may contain commas, not newlines)
const airportsText = fs.readFileSync(path.join(dir, 'airports', 'airports.csv'), 'utf8')
const airportLines = airportsText.split('\n').filter(l => l !== '')
const header = airportLines[0]
const iata = new Set(airportLines.slice(1).map(l => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.split(',')[0])))

const n = flights.length
const delayed = flights.filter(f => f.delay > 15).length
const min = k => flights.reduce((m, f) => Math.min(m, f[k]), Infinity)
const max = k => flights.reduce((m, f) => Math.max(m, f[k]), -Infinity)

const groups = new Map()
for (const f of flights) {
  const k = `${f.date}|${f.origin}|${f.destination}|${f.distance}`
  groups.set(k, (groups.get(k) || 0) + 1)
}
const dupGroups = [...groups.values()].filter(c => c > 1)
const fullRows = new Map()
for (const f of flights) {
  const k = `${f.date}|${f.delay}|${f.distance}|${f.origin}|${f.destination}`
  fullRows.set(k, (fullRows.get(k) || 0) + 1)
}
const fullDupGroups = [...fullRows.values()].filter(c => c > 1)

const codes = new Set(flights.flatMap(f => [f.origin, f.destination]))
const missing = [...codes].filter(c => !iata.has(c)).sort()
const missingRows = flights.filter(f => !iata.has(f.origin) || !iata.has(f.destination)).length
const midnight = flights.filter(f => f.date.endsWith(' 00:00')).length

const totalBytes = perFile.reduce((s, f) => s + f.bytes, 0)
console.log('| file | rows | bytes | sha256 |')
console.log('| --- | ---: | ---: | --- |')
for (const f of perFile) console.log(`| sample/${f.rel} | ${f.rows} | ${f.bytes} | \`${f.sha}\` |`)
console.log(`| total | ${n} flights | ${totalBytes} | |`)
console.log()
console.log(`flights: ${n}`)
console.log(`delay > 15: ${delayed} (${(100 * delayed / n).toFixed(2)} %)`)
console.log(`delay min/max: ${min('delay')} / ${max('delay')}`)
console.log(`distance min/max: ${min('distance')} / ${max('distance')}`)
console.log(`nulls/empty values: ${nulls}`)
console.log(`(date, origin, destination, distance) groups with >1 row: ${dupGroups.length} (rows in them: ${dupGroups.reduce((a, b) => a + b, 0)}, largest: ${Math.max(0, ...dupGroups)})`)
console.log(`fully identical rows: ${fullDupGroups.length} groups (rows in them: ${fullDupGroups.reduce((a, b) => a + b, 0)})`)
console.log(`distinct airport codes: ${codes.size}; not in airports.csv: ${missing.length} ${JSON.stringify(missing)} (flights touching them: ${missingRows})`)
console.log(`flights at exactly 00:00: ${midnight}`)
console.log(`airports.csv header: ${header}`)
console.log(`airports.csv records: ${airportLines.length - 1}, distinct iata: ${iata.size}`)

// The ids of the manifest's controls: what `commandId` may name (Microsoft: it must match
// the id of the task pane or function control in the add-in only manifest).
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const manifest = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'manifest.xml'), 'utf8')

export const CONTROLS = [...manifest.matchAll(/<Control\b[^>]*\bid="([^"]+)"/g)].map((match) => match[1])

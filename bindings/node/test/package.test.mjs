// The package as users receive it: the TypeScript declarations type-check a usage
// file, and `npm pack` gives a tarball that installs into an empty folder with no
// network and works.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' })
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

test('the type declarations type-check a usage file', () => {
  run(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', join(root, 'test', 'tsconfig.json')], root)
})

test('the packed tarball installs offline into an empty folder and works', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'presend-pack-'))
  try {
    run('npm', ['pack', '--silent', '--pack-destination', scratch], root)
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'))
    assert.ok(tarball, 'npm pack wrote a tarball')
    const project = join(scratch, 'app')
    run('mkdir', ['-p', project], scratch)
    writeFileSync(join(project, 'package.json'), '{"name": "app", "private": true}')
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(scratch, tarball)], project)
    const output = run(
      process.execPath,
      ['-e', "const {Checker}=require('presend');console.log(new Checker().check({from:'x@gmail.com'}).verdict)"],
      project,
    )
    assert.equal(output.trim(), 'block')
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
})

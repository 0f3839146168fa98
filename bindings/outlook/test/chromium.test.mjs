// The browser-runtime page (commands.html, as Outlook on the web, new Outlook and Mac
// load it) and the task pane, in real headless Chromium (Debian's chromium, driven by
// puppeteer-core) with the Office.js stand-in served in place of office.js. A blocking
// draft is cancelled there too, a clean one allowed; the task pane lists the findings;
// the practice policy is read from policy.json beside the pages, and a broken one is
// shown, not silently replaced.
// PRESEND_SCREENSHOT=path saves the task pane as the documentation's picture.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { readFileSync, existsSync } from 'node:fs'
import { join, dirname, extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import puppeteer from 'puppeteer-core'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const FOOTER =
  'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.'

// The stand-in, as a classic script: fake-office.mjs without its exports, exposing
// window.__fake for the draft the test put in window.__presendDraft.
const standIn = `(function () {
${readFileSync(join(here, 'fake-office.mjs'), 'utf8').replace(/^export /gm, '')}
window.__fake = fakeOffice(window.__presendDraft);
window.Office = window.__fake.Office;
})();`

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' }
let server, origin, browser
/** What the host serves as policy.json: the build's own, unless a test replaces it. */
let servedPolicy = null

before(async () => {
  server = http.createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname
    if (path === '/policy.json' && servedPolicy !== null) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(servedPolicy)
      return
    }
    const file = join(dist, path)
    if (!file.startsWith(dist) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${server.address().port}`
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

after(async () => {
  await browser?.close()
  server?.close()
})

async function open(page, path, draft) {
  page.on('pageerror', (error) => console.error(`page error in ${path}: ${error.message}`))
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    if (request.url().endsWith('/office.js')) request.respond({ status: 200, contentType: 'text/javascript', body: standIn })
    else if (request.url().startsWith(origin)) request.continue()
    else request.abort() // nothing leaves the machine
  })
  await page.evaluateOnNewDocument((value) => {
    window.__presendDraft = value
  }, draft)
  await page.goto(`${origin}/${path}`, { waitUntil: 'load' })
}

async function sendIn(draft) {
  const page = await browser.newPage()
  try {
    await open(page, 'commands.html', draft)
    await page.waitForFunction(() => window.__fake && window.__fake.handlers.onMessageSendHandler, { timeout: 20000 })
    return await page.evaluate(() => window.__fake.send())
  } finally {
    await page.close()
  }
}

const flu = {
  from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
  to: ['Jane Doe <jane.doe@gmail.com>', 'bob.roe@hotmail.co.uk'],
  subject: 'Flu clinic 2moro',
  body: { text: `Dear all,\n\nThe flu clinic is on Saturday. NHS number 943 476 5919.\n\n${FOOTER}\n` },
}

test('in Chromium the handler cancels a blocking draft and allows a clean one', async () => {
  const stopped = await sendIn(flu)
  assert.equal(stopped.allowEvent, false)
  assert.match(stopped.errorMessage, /presend stopped this email/)
  const clean = { from: 'reception.meadowbank@nhs.net', to: ['sarah.patel@nhs.net'], subject: 'Notes', body: { text: `Hello.\n\n${FOOTER}` } }
  assert.deepEqual(await sendIn(clean), { allowEvent: true })
})

test('the task pane lists every finding with its fix, and a fix clears it', async () => {
  const page = await browser.newPage()
  await page.setViewport({ width: 380, height: 640 })
  try {
    await open(page, 'taskpane.html', flu)
    await page.waitForFunction(() => document.querySelectorAll('#findings li').length > 0, { timeout: 20000 })
    const items = await page.$$eval('#findings li', (nodes) => nodes.map((node) => node.textContent))
    assert.ok(items.some((text) => text.includes('Move 2 recipients to Bcc')))
    assert.ok(items.some((text) => text.includes('*** *** 5919')), 'patient data masked in the pane')
    if (process.env.PRESEND_SCREENSHOT) await page.screenshot({ path: process.env.PRESEND_SCREENSHOT })
    const before = items.length
    await page.evaluate(() => [...document.querySelectorAll('#findings button')].find((b) => b.textContent.includes('Bcc')).click())
    await page.waitForFunction((count) => document.querySelectorAll('#findings li').length < count, { timeout: 20000 }, before)
    const bcc = await page.evaluate(() => window.__fake.state.bcc.map((r) => r.emailAddress))
    assert.deepEqual(bcc, ['jane.doe@gmail.com', 'bob.roe@hotmail.co.uk'])
  } finally {
    await page.close()
  }
})

test('the pane fixes the message as it is when clicked: the footer above history the user typed before', async () => {
  const page = await browser.newPage()
  try {
    const reply = {
      from: 'reception.meadowbank@nhs.net',
      to: ['sarah.patel@nhs.net'],
      subject: 'Re: Notes',
      body: { html: '<html><body><p>Thanks.</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: Sarah</div><p>old</p></body></html>' },
    }
    const footerButton = () => [...document.querySelectorAll('#findings button')].find((button) => button.textContent.includes('footer'))
    await open(page, 'taskpane.html', reply)
    await page.waitForFunction(footerButton, { timeout: 20000 })
    // Typed after the pane was shown: where the first check placed the footer is now mid-word.
    await page.evaluate(() => {
      window.__fake.state.html = window.__fake.state.html.replace('<p>Thanks.</p>', '<p>Thanks, and see you at 3pm.</p>')
    })
    await (await page.evaluateHandle(footerButton)).evaluate((button) => button.click())
    await page.waitForFunction(() => /confidential/i.test(window.__fake.state.html), { timeout: 20000 })
    const html = await page.evaluate(() => window.__fake.state.html)
    assert.match(html, /<p>Thanks, and see you at 3pm\.<\/p><p>[^<]*confidential[^<]*<\/p><div id="appendonsend">/)
    assert.equal(await page.$eval('#problem', (node) => node.hidden), true, 'no error shown')
  } finally {
    await page.close()
  }
})

test('a broken policy.json is named in the pane and at send time, and the send can go on', async () => {
  servedPolicy = '{"organisation_domains": "meadowbank-practice.nhs.uk"}'
  const page = await browser.newPage()
  try {
    const clean = { from: 'reception.meadowbank@nhs.net', to: ['sarah.patel@nhs.net'], subject: 'Notes', body: { text: `Hello.\n\n${FOOTER}` } }
    const stopped = await sendIn(clean)
    assert.equal(stopped.sendModeOverride, 'promptUser')
    assert.match(stopped.errorMessage, /policy\.json\) is not valid: invalid policy at `organisation_domains`/)
    await open(page, 'taskpane.html', clean)
    await page.waitForFunction(() => document.querySelectorAll('#notes li').length > 0, { timeout: 20000 })
    const notes = await page.$$eval('#notes li', (nodes) => nodes.map((node) => node.textContent))
    assert.match(notes[0], /is not valid: invalid policy at `organisation_domains`.*tell your practice manager/)
  } finally {
    servedPolicy = null
    await page.close()
  }
})

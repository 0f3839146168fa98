// presend e2e test driver (test-only MailExtension, sideloaded next to the
// add-on under test by run.mjs).
//
// It behaves like a user: for each message in scenario.json it opens a plain
// text compose window, presses "send now", and if some other add-on opens a
// popup window while that send is in flight it closes the popup (which the
// presend add-on must treat as "Go back and edit"), or, for a message with "fix",
// presses that fix and "Send" by sending the add-on's end-to-end build the same
// messages its window sends. Otherwise it only sees windows appear and sends
// resolve/reject.
//
// Every result goes to Thunderbird's stdout as one line:
//   PRESEND-E2E {"name": ..., "send": "rejected"|"resolved"|"timeout", ...}
// and the run ends with PRESEND-E2E {"done": true}.

"use strict";

let startupDelayMs = 3000; // let the add-on under test start and register onBeforeSend (config.json overrides)
const POPUP_LOAD_WAIT_MS = 5000; // how long to wait for a popup's page to load before closing it
const POPUP_LINGER_MS = 500; // a user glances at the popup before closing it
let sendTimeoutMs = 45000; // a send that neither resolves nor rejects by then is reported as "timeout" (config.json overrides)
const CLOSE_TIMEOUT_MS = 5000; // closing a compose window stuck mid-send may never finish
const AFTER_SEND_GRACE_MS = 750; // catch a popup that shows up just after the send settles

function report(obj) {
  dump("PRESEND-E2E " + JSON.stringify(obj) + "\n");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- popup watching -------------------------------------------------------

const ownWindowIds = new Set(); // compose windows this driver opened
let current = null; // {name, popups: [], pending: Set<Promise>} while a message is being sent
const stray = []; // popups seen with no message in flight

async function describeAndClose(win, lingerMs) {
  const info = { windowId: win.id, type: win.type, title: win.title || null, url: null };
  // Wait (briefly) for the popup's page to finish loading so its title is known.
  const deadline = Date.now() + POPUP_LOAD_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const w = await browser.windows.get(win.id, { populate: true });
      const tab = (w.tabs || [])[0];
      if (w.title) info.title = w.title;
      if (tab) {
        if (tab.url) info.url = tab.url;
        if (tab.title) info.title = tab.title;
        if (tab.status === "complete" && tab.url && tab.url !== "about:blank") break;
      }
    } catch (e) {
      info.closedBeforeDriver = true; // the add-on (or Thunderbird) closed it already
      return info;
    }
    await sleep(100);
  }
  await sleep(lingerMs);
  try {
    await browser.windows.remove(win.id); // the user closes the dialog
    info.closedByDriver = true;
  } catch (e) {
    info.closedBeforeDriver = true;
    info.closeError = String(e && e.message ? e.message : e);
  }
  return info;
}

let addonId = null; // the add-on under test (config.json)

// A user who presses a fix in the warning window and then "Send": the driver sends the
// add-on the same messages its window would (the end-to-end build of the add-on
// accepts them from this driver only), and leaves the window to the add-on to close.
async function fixAndSend(win, rule) {
  const info = { windowId: win.id, type: win.type, title: null, url: null, fixed: null };
  const deadline = Date.now() + POPUP_LOAD_WAIT_MS;
  while (Date.now() < deadline && !(info.url && info.url.includes("session="))) {
    try {
      const tab = ((await browser.windows.get(win.id, { populate: true })).tabs || [])[0];
      if (tab) Object.assign(info, { url: tab.url || null, title: tab.title || null });
    } catch (e) {
      info.closedBeforeDriver = true;
      return info;
    }
    await sleep(100);
  }
  const session = new URL(info.url).searchParams.get("session");
  const view = await browser.runtime.sendMessage(addonId, { type: "view", session });
  const index = view.report.findings.findIndex((finding) => finding.rule === rule);
  if (index < 0) {
    info.fixError = `no ${rule} finding to fix`;
    await browser.runtime.sendMessage(addonId, { type: "decide", session, decision: "edit" });
    return info;
  }
  const after = await browser.runtime.sendMessage(addonId, { type: "fix", session, index });
  info.fixed = rule;
  info.left = after.report ? after.report.findings.map((finding) => finding.rule) : null;
  await browser.runtime.sendMessage(addonId, { type: "decide", session, decision: "send" });
  info.decided = "send";
  return info;
}

browser.windows.onCreated.addListener((win) => {
  if (ownWindowIds.has(win.id)) return;
  if (win.type === "messageCompose" || win.type === "normal" || win.type === "messageDisplay") {
    // Not a dialog an add-on opens with windows.create({type: "popup"}); note it only.
    report({ event: "window", windowId: win.id, type: win.type, during: current ? current.name : null });
    return;
  }
  const target = current;
  const lingerMs = target && target.lingerMs >= 0 ? target.lingerMs : POPUP_LINGER_MS;
  const act = target && target.fix ? fixAndSend(win, target.fix) : describeAndClose(win, lingerMs);
  const p = act.catch((e) => ({ windowId: win.id, driverError: String(e && e.message ? e.message : e) })).then((info) => {
    report({ event: "popup", during: target ? target.name : null, ...info });
    if (target) target.popups.push(info);
    else stray.push(info);
  });
  if (target) target.pending.add(p);
});

// ---- sending ----------------------------------------------------------------

async function defaultIdentityId() {
  try {
    const account = await browser.accounts.getDefault();
    if (account && account.identities && account.identities.length) return account.identities[0].id;
  } catch (e) {
    // fall through: beginNew without identityId uses the default identity
  }
  return undefined;
}

// A mailing list in the user's first address book, made as a user would in the
// address book, for messages sent to `toList: {name, members}`. Thunderbird gives a
// list in To as "Name <Name>" at send time and expands it only after Send.
async function makeList({ name, members }) {
  const [book] = await browser.addressBooks.list();
  const listId = await browser.addressBooks.mailingLists.create(book.id, { name });
  for (const email of members) {
    const vCard = `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:${email}\r\nEMAIL;PREF=1:${email}\r\nEND:VCARD\r\n`;
    const contactId = await browser.addressBooks.contacts.create(book.id, vCard);
    await browser.addressBooks.mailingLists.addMember(listId, contactId);
  }
  report({ event: "mailing-list", name, members: members.length });
  return `${name} <${name}>`;
}

async function sendOne(msg, identityId) {
  const result = {
    name: msg.name,
    expect: msg.expect,
    subject: msg.subject,
    send: null,
    error: null,
    headerMessageId: null,
    popups: [],
  };
  // popupLingerMs (optional, per message): how long the "user" looks at the popup before closing it.
  current = { name: msg.name, popups: result.popups, pending: new Set(), lingerMs: msg.popupLingerMs, fix: msg.fix };
  const started = Date.now();
  let tab = null;
  try {
    const listEntry = msg.toList ? await makeList(msg.toList) : null;
    const details = {
      to: (msg.to || []).concat(listEntry ? [listEntry] : []),
      cc: msg.cc || [],
      bcc: msg.bcc || [],
      subject: msg.subject,
      plainTextBody: msg.body,
      isPlainText: true,
    };
    if (identityId) details.identityId = identityId;
    tab = await browser.compose.beginNew(details);
    if (tab && tab.windowId != null) ownWindowIds.add(tab.windowId);

    let timer;
    const limitMs = sendTimeoutMs + (msg.popupLingerMs > 0 ? msg.popupLingerMs : 0);
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), limitMs);
    });
    const send = browser.compose.sendMessage(tab.id, { mode: "sendNow" }).then(
      (value) => ({ value }),
      (error) => ({ error })
    );
    const outcome = await Promise.race([send, timeout]);
    clearTimeout(timer);
    if (outcome.timeout) {
      result.send = "timeout";
      result.error = `neither sent nor aborted after ${limitMs} ms`;
      report({ event: "send-timeout", name: msg.name });
    } else if (outcome.error) {
      result.send = "rejected";
      result.error = String(outcome.error && outcome.error.message ? outcome.error.message : outcome.error);
    } else {
      result.send = "resolved";
      const v = outcome.value || {};
      result.headerMessageId = v.headerMessageId || null;
      result.mode = v.mode || null;
    }
  } catch (e) {
    result.send = result.send || "error";
    result.error = String(e && e.message ? e.message : e);
  }
  result.ms = Date.now() - started;

  await sleep(AFTER_SEND_GRACE_MS);
  await Promise.all([...current.pending]); // popups still being closed
  current = null;

  // Close the compose window as the user would after giving up / after sending.
  if (tab) {
    result.composeClosed = await Promise.race([
      browser.tabs.remove(tab.id).then(
        () => "by-driver",
        () => "already" // a successful send closes it by itself
      ),
      sleep(CLOSE_TIMEOUT_MS).then(() => "stuck"),
    ]);
  }
  return result;
}

async function readPackaged(name) {
  return (await fetch(browser.runtime.getURL(name))).json();
}

// Is the add-on under test installed and enabled? (Read-only; a wrong --id or a
// manifest Thunderbird rejects would otherwise look like "the add-on let it through".)
async function addonState(id) {
  const state = { event: "addon-under-test", id, installed: false, enabled: false };
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const info = await browser.management.get(id);
      Object.assign(state, { installed: true, enabled: !!info.enabled, version: info.version, name: info.name });
      if (info.enabled) return state;
    } catch (e) {
      state.error = String(e && e.message ? e.message : e);
    }
    if (Date.now() > deadline) return state;
    await sleep(250);
  }
}

// Thunderbird 153 suspends an MV3 event page after 30 s without events or API
// calls (extensions.background.idle.timeout; the old ...idle.enabled pref is
// gone). Any parent API call resets that timer, so a heartbeat keeps this
// driver alive through slow sends without changing prefs that would also
// change how the add-on under test is treated.
function keepAlive() {
  const beat = () => browser.windows.getAll().catch(() => {});
  return setInterval(beat, 10000);
}

async function main() {
  keepAlive();
  report({ event: "driver-started" });
  const config = await readPackaged("config.json");
  addonId = config.addonId;
  if (config.sendTimeoutMs > 0) sendTimeoutMs = config.sendTimeoutMs;
  if (config.startupDelayMs >= 0) startupDelayMs = config.startupDelayMs;
  await sleep(startupDelayMs);
  report(await addonState(config.addonId));
  const scenario = await readPackaged("scenario.json");
  const identityId = await defaultIdentityId();
  report({ event: "scenario", messages: scenario.map((m) => m.name), identityId: identityId || null });
  for (const msg of scenario) {
    const result = await sendOne(msg, identityId);
    report(result);
  }
  if (stray.length) report({ event: "stray-popups", popups: stray });
}

main()
  .catch((e) => report({ event: "driver-error", error: String(e && e.stack ? e.stack : e) }))
  .finally(() => report({ done: true }));

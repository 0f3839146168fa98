// A minimal SMTP sink for the Thunderbird end-to-end test.
//
// Listens on 127.0.0.1 only, on a port the OS chooses, speaks just enough SMTP
// for Thunderbird (no AUTH, no STARTTLS), and saves every accepted message as
// <dir>/<n>.eml (1.eml, 2.eml, ...). No dependencies beyond node:net / node:fs.
//
//   const sink = await startSink(dir);
//   sink.port        // the port to put in Thunderbird's SMTP server prefs
//   sink.messages()  // [{file, from, to, data}] in arrival order
//   await sink.close()

import net from "node:net";
import fs from "node:fs";
import path from "node:path";

const MAX_LINE = 64 * 1024; // a command line longer than this ends the connection
const MAX_MESSAGE = 32 * 1024 * 1024; // so does a message bigger than this

export async function startSink(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const messages = [];
  const sockets = new Set();
  let count = 0;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // a peer reset is not our problem
    socket.setTimeout(60_000, () => socket.destroy());

    let buf = Buffer.alloc(0);
    let inData = false;
    let dataLines = [];
    let dataSize = 0;
    let from = null;
    let to = [];

    const reply = (text) => {
      if (!socket.destroyed) socket.write(text + "\r\n");
    };
    const reset = () => {
      from = null;
      to = [];
      dataLines = [];
      dataSize = 0;
    };

    const onLine = (lineBuf) => {
      if (inData) {
        const line = lineBuf.toString("latin1");
        if (line === ".") {
          inData = false;
          count += 1;
          const file = path.join(dir, `${count}.eml`);
          const data = Buffer.from(dataLines.join("\r\n") + "\r\n", "latin1");
          fs.writeFileSync(file, data);
          messages.push({ file, from, to: [...to], data: data.toString("utf8") });
          reset();
          reply(`250 2.0.0 Ok: queued as ${count}`);
          return;
        }
        // Dot-unstuffing (RFC 5321 4.5.2).
        const unstuffed = line.startsWith(".") ? line.slice(1) : line;
        dataSize += unstuffed.length + 2;
        if (dataSize > MAX_MESSAGE) {
          reply("552 5.3.4 Message too big");
          socket.destroy();
          return;
        }
        dataLines.push(unstuffed);
        return;
      }

      const line = lineBuf.toString("utf8");
      const verb = line.split(" ", 1)[0].toUpperCase();
      const arg = line.slice(verb.length).trim();
      switch (verb) {
        case "EHLO":
          reset();
          reply("250-localhost presend e2e sink");
          reply("250-8BITMIME");
          reply("250-SMTPUTF8");
          reply(`250 SIZE ${MAX_MESSAGE}`);
          break;
        case "HELO":
          reset();
          reply("250 localhost");
          break;
        case "MAIL": {
          const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
          if (!m) return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
          reset();
          from = m[1];
          reply("250 2.1.0 Ok");
          break;
        }
        case "RCPT": {
          const m = /^TO:\s*<([^>]*)>/i.exec(arg);
          if (!m) return reply("501 5.5.4 Syntax: RCPT TO:<address>");
          if (from === null) return reply("503 5.5.1 Need MAIL first");
          to.push(m[1]);
          reply("250 2.1.5 Ok");
          break;
        }
        case "DATA":
          if (from === null || to.length === 0) return reply("503 5.5.1 Need MAIL and RCPT first");
          inData = true;
          dataLines = [];
          dataSize = 0;
          reply("354 End data with <CR><LF>.<CR><LF>");
          break;
        case "RSET":
          reset();
          reply("250 2.0.0 Ok");
          break;
        case "NOOP":
          reply("250 2.0.0 Ok");
          break;
        case "QUIT":
          reply("221 2.0.0 Bye");
          socket.end();
          break;
        default:
          reply("502 5.5.2 Command not implemented");
      }
    };

    socket.on("data", (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let idx;
      while ((idx = buf.indexOf(0x0a)) !== -1) {
        let end = idx;
        if (end > 0 && buf[end - 1] === 0x0d) end -= 1;
        const line = buf.subarray(0, end);
        buf = buf.subarray(idx + 1);
        onLine(line);
        if (socket.destroyed) return;
      }
      if (buf.length > MAX_LINE) {
        reply("500 5.5.0 Line too long");
        socket.destroy();
      }
    });

    reply("220 localhost ESMTP presend e2e sink");
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    port: server.address().port,
    messages: () => messages.slice(),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A lean HTTP/1.1 client for the bench's open-loop sender: keep-alive sockets, one request at a time on each, the
 * request written as one buffer and the response read only as far as its status and length. `node:http`'s client
 * costs the bench process about twice as much CPU per request, which on this 2-core machine is taken from the
 * server being measured (the load generator shares the cores). It speaks just what the bench needs: responses with
 * Content-Length or chunked bodies.
 */
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/** One response off `socket`: resolves with its status once the whole body has arrived. */
class Reader {
  constructor() {
    this.buffer = Buffer.alloc(0);
    this.pending = null;
  }

  expect() {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.#parse();
    });
  }

  push(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.#parse();
  }

  fail(error) {
    const p = this.pending;
    this.pending = null;
    p?.reject(error);
  }

  #parse() {
    if (this.pending === null) return;
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const close = /\r\nconnection:\s*close/i.test(head);
    let total;
    if (length) {
      total = end + 4 + Number(length[1]);
      if (this.buffer.length < total) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      total = chunkedEnd(this.buffer, end + 4);
      if (total < 0) return;
    } else {
      total = end + 4; // no body (204, 304)
    }
    this.buffer = this.buffer.subarray(total);
    const p = this.pending;
    this.pending = null;
    p.resolve({ status, close });
  }
}

/** Where a chunked body that starts at `from` ends, or -1 when it has not all arrived. */
function chunkedEnd(buffer, from) {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    at = lineEnd + 2 + size + 2;
    if (buffer.length < at) return -1;
    if (size === 0) return at;
  }
}

export class HttpPool {
  /** @param {{ host: string, port: number, max?: number }} options */
  constructor({ host, port, max = 256 }) {
    this.host = host;
    this.port = port;
    this.max = max;
    this.idle = [];
    this.open = 0;
    this.waiting = [];
  }

  /** Send a request; resolves with the response's status (or rejects on a socket error). */
  async request({ method, path, headers, body }) {
    const payload = Buffer.from(body ?? '');
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nConnection: keep-alive\r\n`;
    for (const [name, value] of Object.entries(headers ?? {})) head += `${name}: ${value}\r\n`;
    head += `Content-Length: ${payload.length}\r\n\r\n`;
    const conn = await this.#take();
    try {
      const answered = conn.reader.expect();
      conn.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
      const { status, close } = await answered;
      if (close) conn.socket.destroy();
      else this.#give(conn);
      return status;
    } catch (error) {
      conn.socket.destroy();
      throw error;
    }
  }

  #take() {
    const conn = this.idle.pop();
    if (conn) return Promise.resolve(conn);
    if (this.open < this.max) return this.#connect();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  #give(conn) {
    const next = this.waiting.shift();
    if (next) next(conn);
    else this.idle.push(conn);
  }

  #connect() {
    this.open++;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
      const reader = new Reader();
      const conn = { socket, reader };
      socket.on('data', (chunk) => reader.push(chunk));
      socket.on('error', (error) => reader.fail(error));
      socket.on('close', () => {
        this.open--;
        this.idle = this.idle.filter((c) => c !== conn);
        reader.fail(new Error('connection closed'));
        // A request waiting for a socket gets a new one in its place.
        const next = this.waiting.shift();
        if (next) this.#connect().then(next, () => this.waiting.unshift(next));
      });
      socket.once('connect', () => resolve(conn));
      socket.once('error', reject);
    });
  }

  destroy() {
    for (const conn of this.idle) conn.socket.destroy();
    this.idle = [];
  }
}

import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { validateMessage } from './block-kit.js';

/**
 * Slack's Socket Mode side of the fake: `apps.connections.open` hands out a one-use
 * `ws://127.0.0.1:<port>/socket/<ticket>` URL, the app connects, the fake says `hello`, delivers
 * envelopes and records the acks the app sends back. The WebSocket protocol (RFC 6455) is spoken
 * here directly: the handshake, text frames, ping/pong and the close handshake are all Socket
 * Mode needs, and no WebSocket server package is installed (@slack/socket-mode 3 connects with
 * undici's client).
 */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What the app sends back for an envelope: its id, and for commands and modals the answer. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

interface Frame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  /** Bytes the frame took in the buffer. */
  size: number;
}

/** The first complete frame in `buf`, or undefined while more bytes are needed. */
function readFrame(buf: Buffer): Frame | undefined {
  if (buf.length < 2) return undefined;
  const fin = (buf[0]! & 0x80) !== 0;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let length = buf[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return undefined;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return undefined;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskSize = masked ? 4 : 0;
  const size = offset + maskSize + length;
  if (buf.length < size) return undefined;
  const mask = buf.subarray(offset, offset + maskSize);
  const payload = Buffer.from(buf.subarray(offset + maskSize, size));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { fin, opcode, masked, payload, size };
}

/** A single unmasked frame, as a server sends them. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (length < 126) head[1] = length;
  else if (length < 0x10000) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** One WebSocket connection the app opened. */
export class SocketModeConnection {
  /** Every ack the app sent on this connection, in order. */
  readonly acks: SocketAck[] = [];
  /** Resolves with the close code once the connection is closed (1000: the app said goodbye). */
  readonly closed: Promise<number>;
  private readonly pending = new Map<string, (ack: SocketAck) => void>();
  private readonly types = new Map<string, EnvelopeType>();
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closeSent = false;
  private markClosed!: (code: number) => void;

  constructor(
    /** The app-level token whose apps.connections.open call handed out this connection's URL. */
    readonly appToken: string,
    private readonly socket: Duplex,
    private readonly violations: string[],
    head: Buffer,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    if (head.length) this.onData(head);
    socket.on('close', () => this.markClosed(1006));
    socket.on('error', () => socket.destroy());
  }

  /**
   * Sends one envelope the way Slack does and resolves with the app's ack. Commands and
   * interactive payloads accept a response payload (the ephemeral reply, modal errors, options).
   */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    extra: { retry_attempt?: number; retry_reason?: string } = {},
  ): Promise<SocketAck> {
    const envelopeId = randomUUID();
    const acked = new Promise<SocketAck>((resolve) => this.pending.set(envelopeId, resolve));
    this.types.set(envelopeId, type);
    this.sendJson({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '', ...extra } : {}),
    });
    return acked;
  }

  /** Closes the connection as Slack does: a close frame (1000), then the TCP connection. */
  close(): void {
    if (!this.closeSent) {
      this.closeSent = true;
      const code = Buffer.alloc(2);
      code.writeUInt16BE(1000, 0);
      this.socket.write(encodeFrame(OP.close, code));
    }
    this.socket.end();
  }

  /** Drops the connection without a close handshake (the fake Slack is stopping). */
  destroy(): void {
    this.socket.destroy();
  }

  sendJson(message: Record<string, unknown>): void {
    this.socket.write(encodeFrame(OP.text, Buffer.from(JSON.stringify(message))));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let frame = readFrame(this.buffer); frame; frame = readFrame(this.buffer)) {
      this.buffer = this.buffer.subarray(frame.size);
      if (!frame.masked) this.violations.push('socket mode: a client frame was not masked');
      this.onFrame(frame);
    }
  }

  private onFrame({ fin, opcode, payload }: Frame): void {
    if (opcode === OP.text || opcode === OP.continuation) {
      this.fragments.push(payload);
      if (!fin) return;
      const text = Buffer.concat(this.fragments).toString('utf8');
      this.fragments = [];
      this.onMessage(text);
    } else if (opcode === OP.ping) {
      this.socket.write(encodeFrame(OP.pong, payload));
    } else if (opcode === OP.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      if (!this.closeSent) {
        this.closeSent = true;
        this.socket.write(encodeFrame(OP.close, payload.subarray(0, 2)));
      }
      this.markClosed(code);
      this.socket.end();
    } else if (opcode === OP.binary) {
      this.violations.push('socket mode: the app sent a binary frame');
    }
  }

  private onMessage(text: string): void {
    const ack = JSON.parse(text) as SocketAck;
    const resolve = this.pending.get(ack.envelope_id);
    if (!resolve) {
      this.violations.push(`socket mode: ack for an unknown envelope ${ack.envelope_id}`);
      return;
    }
    this.pending.delete(ack.envelope_id);
    this.acks.push(ack);
    if (this.types.get(ack.envelope_id) === 'slash_commands' && ack.payload) {
      const problems = Object.keys(ack.payload).length ? validateMessage(ack.payload) : [];
      this.violations.push(...problems.map((p) => `socket mode ack: ${p}`));
    }
    resolve(ack);
  }
}

/** The connections side: one-use tickets from apps.connections.open, upgrades, hello. */
export class FakeSocketMode {
  readonly connections: SocketModeConnection[] = [];
  /** Tickets not yet used, with the token that asked for each. */
  private readonly tickets = new Map<string, string>();
  private waiting: ((c: SocketModeConnection) => void)[] = [];
  /**
   * Connections Slack refuses once open, each with the reason of the `disconnect` it sends instead
   * of `hello` (`too_many_websockets`: the app has 10 connections already), then closes.
   */
  readonly refusals: string[] = [];
  /** The Slack app of the app-level tokens, as `hello` names it (connection_info.app_id). */
  appId = 'A0APP00001';

  constructor(private readonly violations: string[]) {}

  /** A fresh WebSocket URL on the fake's own port, good for one connection. */
  issueUrl(httpBase: string, appToken: string): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, appToken);
    return `${httpBase.replace(/^http/, 'ws')}socket/${ticket}`;
  }

  /** The latest connection, or the next one to open. */
  connection(): Promise<SocketModeConnection> {
    const last = this.connections.at(-1);
    if (last) return Promise.resolve(last);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Handles the HTTP upgrade of a `ws://.../socket/<ticket>` URL and says hello. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const [, kind, ticket] = new URL(req.url ?? '/', 'http://fake').pathname.split('/');
    const key = req.headers['sec-websocket-key'];
    const isWebSocket = req.headers.upgrade?.toLowerCase() === 'websocket';
    const appToken = ticket ? this.tickets.get(ticket) : undefined;
    if (kind !== 'socket' || !ticket || !appToken || !key || !isWebSocket) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.tickets.delete(ticket);
    const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    const connection = new SocketModeConnection(appToken, socket, this.violations, head);
    const refusal = this.refusals.shift();
    if (refusal) {
      connection.sendJson({
        type: 'disconnect',
        reason: refusal,
        debug_info: { host: 'fake-socket-mode' },
      });
      connection.close();
      return;
    }
    this.connections.push(connection);
    connection.sendJson({
      type: 'hello',
      num_connections: this.connections.length,
      debug_info: { host: 'fake-socket-mode', approximate_connection_time: 3600 },
      connection_info: { app_id: this.appId },
    });
    for (const resolve of this.waiting.splice(0)) resolve(connection);
  }

  /** Drops every connection (when the fake stops). */
  destroyAll(): void {
    for (const c of this.connections) c.destroy();
  }
}

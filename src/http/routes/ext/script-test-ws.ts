// 7.4 话术模板测试 — the script-test websocket: the operator plays the callee, the robot answers in `#` frames.
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../../../lib/app-error.js';
import type { ScriptTestConversation, TestFrame } from '../../../services/script/script-test.service.js';
import type { Services } from '../../services.js';
import { readCookie, SESSION_COOKIE } from '../../pipeline/console-cookie.js';
import { errorFrame, formatFrame, parseClientMessage, type ClientMessage } from './script-test-protocol.js';

/** Largest accepted client message; callee lines are short. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** A test left idle this long is closed. */
const IDLE_MS = 10 * 60_000;

/** Close codes (RFC 6455 §7.4.1): 1000 normal (call ended), 1008 policy (bad start / auth), 1011 server fault. */
const Close = { normal: 1000, policy: 1008, fault: 1011 } as const;

/** The part of a `ws` socket this channel uses (the package ships no types here). */
interface TestSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
}

function messageText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

/** Who the caller is connecting from: the client address and the console session cookie, if any. */
interface Caller {
  readonly address: string;
  readonly consoleToken: string | undefined;
}

/**
 * The start message's account: its api_key/user_sn, or (without a key) the console session of the upgrade
 * request with the CSRF token echoed in the message — a page of another site cannot read that token.
 */
function authenticate(services: Services, msg: Extract<ClientMessage, { kind: 'start' }>, caller: Caller) {
  if (msg.apiKey === '' && caller.consoleToken) {
    return services.consoleSession.authenticate(caller.consoleToken, msg.csrf);
  }
  return services.auth.authenticate(msg.apiKey, msg.userSn, caller.address);
}

/** Runs one test connection: messages are handled strictly in order (the start message waits on the database). */
function serve(socket: TestSocket, services: Services, log: FastifyBaseLogger, caller: Caller): void {
  let conversation: ScriptTestConversation | undefined;
  let closed = false;
  let queue = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;

  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    clearTimeout(idle);
    socket.close(code, reason);
  };
  const sendFrames = (frames: readonly TestFrame[]) => {
    for (const f of frames) socket.send(formatFrame(f));
  };
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => close(Close.normal, 'idle'), IDLE_MS);
    idle.unref();
  };

  const handle = async (raw: string) => {
    const msg = parseClientMessage(raw);
    if (msg.kind === 'start') {
      const tenant = await authenticate(services, msg, caller);
      await services.auth.requirePermission(tenant, 'script.view');
      conversation = await services.scriptTest.open(tenant, {
        project_sn: msg.projectSn,
        question_sn: msg.questionSn,
        version: msg.version,
        variables: msg.variables,
      });
      sendFrames(conversation.start());
    } else {
      if (!conversation) {
        throw new AppError(
          ErrorCode.WrongDataFormat,
          '请先发送开始消息(processs_type=2, project_sn, question_sn)',
        );
      }
      sendFrames(msg.kind === 'dtmf' ? conversation.dtmf(msg.digit) : conversation.hear(msg.text));
    }
    if (conversation?.ended) close(Close.normal, conversation.endReason ?? 'hangup');
  };

  const fail = (err: unknown) => {
    if (closed) return;
    if (err instanceof AppError) {
      socket.send(errorFrame(err.code, err.message));
      // Without a running test (bad start, bad key) or past the turn limit there is nothing to continue.
      if (!conversation || err.code === ErrorCode.LimitExceeded) close(Close.policy, 'error');
      return;
    }
    log.error({ err }, 'script test channel failed');
    socket.send(errorFrame(ErrorCode.Internal, '服务器内部错误'));
    close(Close.fault, 'error');
  };

  touch();
  socket.on('message', (data) => {
    const raw = messageText(data);
    touch();
    queue = queue.then(() => (closed ? undefined : handle(raw))).catch(fail);
  });
  socket.on('close', () => {
    closed = true;
    clearTimeout(idle);
  });
}

/**
 * Registers the test channel at `paths` on a Fastify instance (the API server, or the separate port's).
 * @example extensions: [scriptTestWsRoutes(services, ['/ws/script-test'])]
 */
export function scriptTestWsRoutes(services: Services, paths: readonly string[]) {
  return async (app: FastifyInstance) => {
    if (!app.hasDecorator('websocketServer')) {
      await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
    }
    for (const path of new Set(paths)) {
      app.get(path, { websocket: true, schema: { hide: true } }, (socket, req) => {
        serve(socket, services, req.log, { address: req.ip, consoleToken: readCookie(req, SESSION_COOKIE) });
      });
    }
  };
}

/**
 * The reference serves the test channel on its own port (`ws://host:9502/`): an extra listener with only this
 * channel, at `/` and at the configured path. Port 0 picks a free port (tests).
 */
export async function startScriptTestServer(
  services: Services,
  opts: { host: string; port: number; path: string; logLevel: string },
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: { level: opts.logLevel } });
  await scriptTestWsRoutes(services, ['/', opts.path])(app);
  const address = await app.listen({ host: opts.host, port: opts.port });
  return { url: address.replace(/^http/, 'ws'), close: () => app.close() };
}

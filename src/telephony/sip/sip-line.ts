/**
 * A SIP trunk as a {@link Line}: one SIP endpoint (UDP socket or TCP connection) shared by the line's calls,
 * channel and CPS limits like the simulator's, a caller-number pool used in rotation, the dialled-number
 * rewrite, and health: OPTIONS keep-alives (a trunk that stops answering is down) plus line faults in a row.
 * REGISTER with refresh when the config asks for it.
 */
import type { PromptPresynthesizer } from '../../speech/speech.js';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../lib/logger.js';
import type { CallChannel, Line, LineHealth, OriginateRequest } from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import { LineFaultStreak } from '../line-fault-streak.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { RtpPortPool } from '../rtp/port-pool.js';
import type { DialogHandler, HearingFactory, PlaybackAudio, SipCallContext } from './sip-call-context.js';
import { SipChannel } from './sip-channel.js';
import { rewriteDialled, type SipLineConfig } from './sip-config.js';
import { hostPort, newCallId, newTag, responseTo, SipEndpoint } from './sip-endpoint.js';
import { LineKeepAlive } from './sip-keepalive.js';
import { headerParam, type SipRequest, type SipResponse } from './sip-message.js';
import { openTransport, type SipPeer } from './sip-transport.js';

const CPS_WINDOW_MS = 1_000;

/** Process-wide parts every SIP line shares. */
export interface SipEnvironment {
  readonly ports: RtpPortPool;
  readonly mediaClock: MediaClock;
  readonly audio: PlaybackAudio;
  /** The TTS cache: prompts the robot may say next are synthesised ahead, and a reply says if it was ready. */
  readonly presynthesis?: PromptPresynthesizer;
  /** Address written into SDP and Contact for hosts behind NAT; the local address towards the trunk when unset. */
  readonly publicAddress?: string;
  /** Local address SIP sockets bind to (default all). */
  readonly bindAddress?: string;
  readonly log: Logger;
  /** Retransmission base T1 (tests shorten it). */
  readonly t1Ms?: number;
}

export interface SipLineOptions {
  id: string;
  config: SipLineConfig;
  capacity: number;
  cps: number | undefined;
  env: SipEnvironment;
  /** Hears the callee (VAD, recogniser) on this line's calls; without it the robot hears only keys. */
  hearing?: HearingFactory;
}

export class SipLine implements Line {
  readonly id: string;
  readonly kind = 'sip';
  readonly capacity: number;
  readonly config: SipLineConfig;
  readonly #env: SipEnvironment;
  readonly #log: Logger;
  readonly #trunk: SipPeer;
  #endpoint: Promise<SipEndpoint> | undefined;
  #dialogs = new Map<string, DialogHandler>();
  #channels = new Set<SipChannel>();
  #recent: number[] = [];
  #callerIndex = 0;
  #seq = 0;
  #closed = false;
  #keepAlive: LineKeepAlive | undefined;
  #mediaAddress = '';
  readonly #context: SipCallContext;
  readonly #faults = new LineFaultStreak();

  constructor(private readonly options: SipLineOptions) {
    this.id = options.id;
    this.config = options.config;
    this.capacity = options.capacity;
    this.#env = options.env;
    this.#log = options.env.log.child({ line: options.id });
    const proxy = this.config.outbound_proxy?.split(':');
    this.#trunk = proxy
      ? { host: proxy[0] as string, port: Number(proxy[1] ?? 5060) }
      : { host: this.config.host, port: this.config.port };
    const line = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the context reads the line's live state
    const { env, config } = options;
    this.#context = {
      endpoint: () => this.#ensureEndpoint(),
      trunk: this.#trunk,
      domain: { host: config.host, port: config.port },
      get mediaAddress() {
        return line.#mediaAddress;
      },
      codecs: config.codecs,
      credentials: config.username ? { username: config.username, password: config.password } : undefined,
      rtpTimeoutMs: config.rtp_timeout_s * 1000,
      mediaClock: env.mediaClock,
      audio: env.audio,
      ...(env.presynthesis && { presynthesis: env.presynthesis }),
      hearing: options.hearing,
      log: this.#log,
      allocatePort: async () => {
        const got = await env.ports.allocate();
        if (!got) return undefined;
        return { ...got, release: () => env.ports.release(got.port, got.socket) };
      },
      register: (callId, handler) => this.#dialogs.set(callId, handler),
      unregister: (callId) => this.#dialogs.delete(callId),
    };
  }

  get active(): number {
    return this.#channels.size;
  }

  health(): LineHealth {
    const keepAlive = this.#keepAlive;
    const reachable = keepAlive?.up ?? true;
    const checking = this.config.options_interval_s > 0;
    return {
      up: !this.#closed && reachable,
      ...(checking && { checked: keepAlive?.answered ?? false }),
      ...(this.config.register && { registered: keepAlive?.registered ?? false }),
      ...this.#faults.state,
    };
  }

  /** Opens the endpoint and starts OPTIONS/REGISTER now rather than on the first call; resolves with its address. */
  async start(): Promise<SipPeer> {
    return (await this.#ensureEndpoint()).transport.local;
  }

  originate(request: OriginateRequest): CallChannel {
    const id = `${this.id}:${++this.#seq}`;
    const refuse = this.#refusal();
    if (!refuse && this.options.cps !== undefined) this.#recent.push(Date.now());
    const channel: SipChannel = new SipChannel({
      id,
      callId: newCallId(this.#env.publicAddress ?? 'aicall'),
      lineId: this.id,
      callee: request.callee,
      dialled: rewriteDialled(request.callee, this.config),
      caller: this.#nextCaller(request.caller),
      variables: request.variables ?? {},
      timeoutMs: request.timeoutMs,
      context: this.#context,
      ...(request.record && { record: request.record }),
      ...(refuse && { refuse }),
      onEnd: () => {
        this.#channels.delete(channel);
        void channel.ended.then((end) => this.#faults.record(end));
      },
    });
    if (!refuse) this.#channels.add(channel);
    return channel;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#channels].map((c) => c.hangup()));
    await this.#keepAlive?.stop();
    const endpoint = this.#endpoint;
    this.#endpoint = undefined;
    if (endpoint) {
      await endpoint.then(
        (e) => e.close(),
        () => undefined,
      );
    }
  }

  #ensureEndpoint(): Promise<SipEndpoint> {
    this.#endpoint ??= this.#openEndpoint();
    return this.#endpoint;
  }

  async #openEndpoint(): Promise<SipEndpoint> {
    const transport = await openTransport(this.config.transport, this.#trunk, {
      ...(this.#env.bindAddress && { address: this.#env.bindAddress }),
      ...(this.config.local_port && { port: this.config.local_port }),
    });
    const advertised = { host: this.#env.publicAddress ?? transport.local.host, port: transport.local.port };
    const endpoint = new SipEndpoint(transport, advertised, {
      ...(this.#env.t1Ms && { t1Ms: this.#env.t1Ms }),
    });
    this.#mediaAddress = this.#env.publicAddress ?? transport.local.host;
    endpoint.onRequest((req, from, reply) => {
      if (this.#dialogs.get(req.headers.get('call-id') ?? '')?.(req, from, reply)) return;
      this.#outOfDialog(req, from, reply);
    });
    this.#keepAlive = new LineKeepAlive(endpoint, this.#trunk, this.config, this.#log);
    this.#keepAlive.start();
    return endpoint;
  }

  /**
   * A request no call of this line claims. OPTIONS is a liveness probe (200); a new INVITE (no To tag) is an
   * inbound call, which is not served (603); an ACK is never answered; anything else — BYE, re-INVITE, INFO,
   * UPDATE … — names a dialog this line does not know (RFC 3261 §12.2.2): 481, logged.
   */
  #outOfDialog(req: SipRequest, from: SipPeer, reply: (r: SipResponse) => void): void {
    if (req.method === 'ACK') return;
    if (req.method === 'OPTIONS') return reply(responseTo(req, 200, 'OK', randomBytes(4).toString('hex')));
    const toTag = headerParam(req.headers.get('to'), 'tag');
    if (req.method === 'INVITE' && !toTag) return reply(responseTo(req, 603, 'Decline', newTag()));
    this.#log.warn(
      { callId: req.headers.get('call-id'), method: req.method, from: hostPort(from) },
      'request for a dialog this line does not know: 481',
    );
    reply(responseTo(req, 481, 'Call/Transaction Does Not Exist', newTag()));
  }

  #refusal(): FailureCause | undefined {
    if (this.#closed || !this.health().up) return 'lineDown';
    if (this.#channels.size >= this.capacity) return 'lineFull';
    const cps = this.options.cps;
    if (cps !== undefined) {
      const since = Date.now() - CPS_WINDOW_MS;
      while (this.#recent.length > 0 && (this.#recent[0] as number) <= since) this.#recent.shift();
      if (this.#recent.length >= cps) return 'lineRateLimited';
    }
    return undefined;
  }

  /** The pool in rotation when configured; otherwise the caller asked for. */
  #nextCaller(requested: string | undefined): string {
    const pool = this.config.callers;
    if (pool.length === 0) return requested ?? '';
    const caller = pool[this.#callerIndex % pool.length] as string;
    this.#callerIndex++;
    return caller;
  }
}

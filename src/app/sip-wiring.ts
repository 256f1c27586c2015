// Composition of real calls: the process-wide RTP port range and media clock, speech (TTS with its cache,
// recorded prompts) and the SIP line builder with its sealed password opened.
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../lib/logger.js';
import type { SecretBox } from '../lib/secret-box.js';
import { SEALED_PREFIX } from '../services/dial/line.service.js';
import { PromptStore } from '../speech/prompts/prompt-store.js';
import { EspeakTts } from '../speech/tts/espeak-tts.js';
import { HttpTts } from '../speech/tts/http-tts.js';
import { speechWithFallback, TtsCache } from '../speech/tts/tts-cache.js';
import type { Line } from '../telephony/call-channel.js';
import { mediaClock } from '../telephony/rtp/media-clock.js';
import { RtpPortPool } from '../telephony/rtp/port-pool.js';
import { parseSipLineConfig } from '../telephony/sip/sip-config.js';
import { SipLine, type SipEnvironment } from '../telephony/sip/sip-line.js';
import type { HearingFactory, PlaybackFaultReport } from '../telephony/sip/sip-call-context.js';

/** The shared parts of every SIP line in this process. */
export function sipEnvironment(config: Config, log: Logger): SipEnvironment {
  const t = config.telephony;
  const ttsDir = path.join(config.dataDir, 'tts-cache');
  const espeak = new TtsCache(new EspeakTts(config.tts.espeakVoice), ttsDir);
  const http =
    config.tts.provider === 'http' && config.tts.httpUrl
      ? new TtsCache(
          new HttpTts({
            url: config.tts.httpUrl,
            model: config.tts.httpModel,
            voice: config.tts.httpVoice,
            ...(config.tts.httpApiKey && { apiKey: config.tts.httpApiKey }),
            timeoutMs: config.tts.httpTimeoutMs,
          }),
          ttsDir,
        )
      : undefined;
  const speak = (text: string, fault: PlaybackFaultReport): Promise<Int16Array> =>
    http
      ? speechWithFallback(http, espeak, (err) => fault(err, 'spoken by the built-in voice'))(text)
      : espeak.speech(text);
  const prompts = new PromptStore(path.join(config.dataDir, 'prompts'));
  return {
    ports: new RtpPortPool(t.rtpPortMin, t.rtpPortMax, t.bindAddress),
    mediaClock,
    // A recorded prompt that cannot be played is spoken from its transcript instead.
    audio: (p, fault) =>
      p.kind === 'say'
        ? speak(p.text ?? p.content, fault)
        : prompts.load(p.content).catch((err: unknown) => {
            if (!p.text) throw err;
            fault(err, 'spoken from its text');
            return speak(p.text, fault);
          }),
    // The lines the robot may say next are synthesised ahead by the voice that will speak them.
    presynthesis: http ?? espeak,
    ...(t.publicAddress && { publicAddress: t.publicAddress }),
    bindAddress: t.bindAddress,
    t1Ms: t.t1Ms,
    log: log.child({ role: 'sip' }),
  };
}

/** Builds a SIP line from its row: the sealed password opened, capacity and CPS from the row. */
export function sipLine(
  env: SipEnvironment,
  secrets: SecretBox,
  info: {
    id: string;
    caller: string;
    capacity: number;
    cps: number | undefined;
    config: Readonly<Record<string, unknown>>;
  },
  hearing?: HearingFactory,
): Line {
  const stored = info.config.password;
  const password =
    typeof stored === 'string' && stored.startsWith(SEALED_PREFIX)
      ? secrets.open(stored.slice(SEALED_PREFIX.length))
      : stored;
  const config = parseSipLineConfig({
    ...info.config,
    ...(password !== undefined && { password }),
    ...(info.caller &&
      !(Array.isArray(info.config.callers) && info.config.callers.length > 0) && { callers: [info.caller] }),
  });
  return new SipLine({
    id: info.id,
    config,
    capacity: info.capacity,
    cps: info.cps,
    env,
    ...(hearing && { hearing }),
  });
}

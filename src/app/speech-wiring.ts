// Composition of hearing on real calls: per SIP line, the recogniser configured for the line (else the team's
// default, table asr_providers) and, per answered call, a CalleeListener with a Silero detector from the
// process's VAD pool (worker threads, detectors built ahead) and the answer classifier. A team without a
// recogniser gets no hearing: its robot hears keys only.
import type { Logger } from '../lib/logger.js';
import type { AsrProviderSettings } from '../services/asr-provider.service.js';
import { ShapeAnswerClassifier } from '../speech/amd/shape-answer-classifier.js';
import { AsrProviderConfigSchema, createAsrProvider } from '../speech/asr/asr-provider-config.js';
import { CalleeListener } from '../speech/callee-listener.js';
import type { AsrProvider } from '../speech/speech.js';
import { VadPool } from '../speech/vad/vad-pool.js';
import type { HearingFactory } from '../telephony/sip/sip-call-context.js';

/** How long a looked-up recogniser is reused before the table is read again (a changed provider applies). */
const PROVIDER_TTL_MS = 30_000;

let pool: VadPool | undefined;

/** The process's VAD pool, started by the first line that hears (its workers build detectors from then on). */
export function sharedVadPool(log: Logger): VadPool {
  pool ??= new VadPool({
    onWorkerError: (err) => log.error({ err }, 'VAD worker thread failed; its calls go on'),
  });
  return pool;
}

interface LineRecogniser {
  readonly provider: AsrProvider;
  readonly sampleRate: 8000 | 16000;
}

/**
 * The hearing of one SIP line. The recogniser is looked up when the line is built (so the first call does not
 * wait for the database) and again after {@link PROVIDER_TTL_MS}; a configuration that does not parse is
 * logged (without secrets) and the line's calls go without hearing.
 */
export function lineHearing(
  settings: Pick<AsrProviderSettings, 'forLine'>,
  line: { readonly teamId: string; readonly id: string },
  log: Logger,
): HearingFactory {
  let cached: { at: number; value: LineRecogniser | undefined } | undefined;
  let loading: Promise<LineRecogniser | undefined> | undefined;
  const load = async (): Promise<LineRecogniser | undefined> => {
    const row = await settings.forLine(line.teamId, line.id);
    if (!row) return undefined;
    const parsed = AsrProviderConfigSchema.safeParse(row.config);
    if (!parsed.success) {
      log.warn({ lineId: line.id, provider: row.id }, 'speech recogniser configuration invalid; not used');
      return undefined;
    }
    const provider = createAsrProvider(parsed.data, row.secrets);
    return { provider, sampleRate: parsed.data.sampleRate };
  };
  const recogniser = (): Promise<LineRecogniser | undefined> => {
    if (cached && Date.now() - cached.at < PROVIDER_TTL_MS) return Promise.resolve(cached.value);
    loading ??= load()
      .then(
        (value) => {
          cached = { at: Date.now(), value };
          return value;
        },
        (err: unknown) => {
          log.warn({ err, lineId: line.id }, 'speech recogniser lookup failed');
          return cached?.value;
        },
      )
      .finally(() => (loading = undefined));
    return loading;
  };
  void recogniser();
  const vads = sharedVadPool(log);
  return async (call, sink) => {
    const found = await recogniser();
    if (!found) return undefined;
    return new CalleeListener({
      vad: vads.open(),
      asr: found.provider,
      asrSampleRate: found.sampleRate,
      sink,
      callId: call.callId,
      answerClassifier: new ShapeAnswerClassifier({ phase: 'answered' }),
    });
  };
}

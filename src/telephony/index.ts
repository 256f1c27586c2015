// Public entry of the call boundary. The dialer and robot depend on the interfaces (call-channel.ts,
// call-result.ts); only the composition root builds lines (SimulatorLine today, a SIP line later).
export {
  ChannelState,
  DEFAULT_RING_TIMEOUT_MS,
  isDtmfDigit,
  isTerminal,
  type CallChannel,
  type CallEnd,
  type ChannelEventName,
  type ChannelEvents,
  type DtmfDigit,
  type HangupBy,
  type Line,
  type LineHealth,
  type OriginateRequest,
  type PlaybackEnd,
  type PlayOptions,
  type TransferOutcome,
  type Unsubscribe,
} from './call-channel.js';
export {
  CALL_RESULTS,
  CallResult,
  END_REASONS,
  HangupCause,
  callResultFromCode,
  callResultInfo,
  countsAsAttempt,
  endReasonOf,
  isNeverRetryable,
  parseEndReasons,
  type CallResultInfo,
  type EndReasonSet,
  type FailureCause,
  type ResultFamily,
  type RetryPolicy,
} from './call-result.js';
export { callResultFromSip, q850CauseOf } from './sip-cause.js';
export { BaseChannel, type ChannelInit, type Playback } from './base-channel.js';
export { SimulatorLine, type SimulatorLineOptions } from './simulator/simulator-line.js';
export {
  DEFAULT_TIMING,
  SANDBOX_OUTCOMES,
  SIMULATED_OUTCOMES,
  SimulatorLineConfigSchema,
  parseSimulatorLineConfig,
  type OutcomeTiming,
  type SimulatedOutcome,
  type SimulatorLineConfig,
  type SimulatorLineConfigInput,
} from './simulator/simulator-config.js';
export { SIM_VARIABLES } from './simulator/call-plan.js';
export {
  PersonaSchema,
  ReplySchema,
  type Persona,
  type PersonaInput,
  type Reply,
} from './simulator/persona-schema.js';
export { SANDBOX_PERSONAS } from './simulator/sandbox-personas.js';

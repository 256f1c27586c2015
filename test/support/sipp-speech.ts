// A sipp callee that speaks: the callee's audio (espeak-ng + sox, see speech-audio.ts) written as a raw A-law
// file at test time and played into the call with sipp's rtp_stream after the answer; the scenario then waits
// for our BYE. Files live in a temporary directory removed when the test file ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { encodeG711 } from '../../src/telephony/rtp/g711.js';
import { speakingCalleeScenario, type SpeakingCalleeOptions } from './sipp-speaking-scenario.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aicall-sipp-speech-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

/** Writes 8 kHz PCM as a raw A-law file sipp can stream (payload type 8); returns its path. */
export function alawFile(pcm: Int16Array): string {
  const file = path.join(dir, `callee-${++seq}.al`);
  writeFileSync(file, encodeG711('PCMA', pcm));
  return file;
}

/**
 * A UAS scenario: answer with PCMA, `pauseMs` after the ACK stream `file` (`loops` times; -1 = until the call
 * ends), then wait for our BYE. Returns the scenario's absolute path (for startSipp).
 */
export function speakingCallee(file: string, opts: SpeakingCalleeOptions = {}): string {
  const scenario = path.join(dir, `uas-speaks-${++seq}.xml`);
  writeFileSync(scenario, speakingCalleeScenario(file, opts));
  return scenario;
}

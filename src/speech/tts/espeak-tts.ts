import { spawn } from 'node:child_process';
import { readWav } from '../../lib/wav.js';
import { TtsError, type Tts, type TtsAudio } from './tts.js';

const MAX_TEXT = 2_000;

/**
 * The built-in voice: the `espeak-ng` program (Debian package espeak-ng). For Chinese text use the voice
 * `cmn-latn-pinyin`: it reads Han characters with Mandarin tones, while `cmn` spells them through English.
 * Robotic but intelligible, offline, ≈40 ms per sentence.
 */
export class EspeakTts implements Tts {
  readonly identity: string;

  constructor(
    private readonly voice = 'cmn-latn-pinyin',
    private readonly timeoutMs = 10_000,
    private readonly binary = 'espeak-ng',
  ) {
    this.identity = `espeak-ng:${voice}`;
  }

  synthesize(text: string): Promise<TtsAudio> {
    const input = text.slice(0, MAX_TEXT);
    return new Promise((resolve, reject) => {
      // Text goes through stdin, never the command line: no option injection, no length limit.
      const child = spawn(this.binary, ['-v', this.voice, '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-500)));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new TtsError(`espeak-ng unavailable: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0) return reject(new TtsError(`espeak-ng failed (exit ${code}): ${stderr.trim()}`));
        try {
          resolve(readWav(Buffer.concat(chunks)));
        } catch (err) {
          reject(new TtsError(`espeak-ng output unreadable: ${(err as Error).message}`));
        }
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }
}

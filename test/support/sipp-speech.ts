// A sipp callee that speaks: the callee's audio (espeak-ng + sox, see speech-audio.ts) written as a raw A-law
// file at test time and played into the call with sipp's rtp_stream after the answer; the scenario then waits
// for our BYE. Files live in a temporary directory removed when the test file ends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { encodeG711 } from '../../src/telephony/rtp/g711.js';

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
export function speakingCallee(file: string, opts: { pauseMs?: number; loops?: number } = {}): string {
  const scenario = path.join(dir, `uas-speaks-${++seq}.xml`);
  writeFileSync(
    scenario,
    `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="uas answer, speak, wait for BYE">
  <recv request="INVITE" crlf="true" />
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=callee 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8
a=rtpmap:8 PCMA/8000
a=ptime:20
  ]]></send>
  <recv request="ACK" crlf="true" />
  <pause milliseconds="${opts.pauseMs ?? 0}"/>
  <nop><action><exec rtp_stream="${file},${opts.loops ?? 1},8"/></action></nop>
  <recv request="BYE" />
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

  ]]></send>
  <timewait milliseconds="300"/>
</scenario>
`,
  );
  return scenario;
}

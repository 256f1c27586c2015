// The sipp callee that speaks, as scenario text: answers with PCMA, streams a raw A-law file into the call some
// time after the ACK, then waits for our BYE. Shared by the SIP tests (sipp-speech.ts) and bench:voice.

export interface SpeakingCalleeOptions {
  /** Wait after the ACK before the audio starts. */
  pauseMs?: number;
  /** How many times the file is played (-1 = until the call ends). */
  loops?: number;
}

/** The scenario XML for a callee that plays `file` (absolute path of a raw A-law file). */
export function speakingCalleeScenario(file: string, opts: SpeakingCalleeOptions = {}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
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
`;
}

/**
 * Our 2xx to a far end's re-INVITE, held until its ACK (RFC 3261 §13.3.1.4). The UAS core, not the transaction
 * layer, owns this: the 2xx is sent again after T1, then at doubling intervals capped at T2, over every transport
 * (a proxy on the way may use UDP); an ACK with the INVITE's CSeq number stops it. No ACK within 64·T1 means
 * the far end cannot complete the exchange: the dialog is confirmed but the session is ended with a BYE.
 */
import { T2_MS } from './sip-endpoint.js';

export class UnackedAnswer {
  #timer: NodeJS.Timeout | undefined;
  readonly #deadline: NodeJS.Timeout;

  constructor(
    /** CSeq number of the INVITE answered; its ACK carries the same number. */
    readonly seq: number,
    private readonly resend: () => void,
    t1Ms: number,
    onNoAck: () => void,
  ) {
    this.#schedule(t1Ms);
    this.#deadline = setTimeout(() => {
      this.stop();
      onNoAck();
    }, 64 * t1Ms);
  }

  /** An ACK arrived: true (and retransmission stops) when it acknowledges this answer. */
  acknowledgedBy(ackSeq: number): boolean {
    if (ackSeq !== this.seq) return false;
    this.stop();
    return true;
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    this.#timer = undefined;
  }

  #schedule(interval: number): void {
    this.#timer = setTimeout(() => {
      this.resend();
      this.#schedule(Math.min(interval * 2, T2_MS));
    }, interval);
  }
}

// The pushes aicall makes to customer URLs, one entry per documented push. A new push kind is a new entry here;
// the acknowledgement rule, retry behaviour and supersession are read from this registry, not from switches.

/** Push kinds (the only definition; producers import it through outbox.ts); also sent as `X-Aicall-Event-Type`. */
export const PushKind = {
  /** 5.7.15 异步导入推送 — import result, to `task_callback_url`. */
  importResult: 'import_result',
  /** 6.6.1 挂机后流水推送回调 — one call record after hang-up, to `callback_url` (when open_callback = 1). */
  callRecord: 'call_record',
  /** 7.7 推送数据分析数据 — periodic task analytics snapshot, to the analytics push URL. */
  analytics: 'analytics',
  /** 6.6.2 推送测试报文 — a sample call record sent on demand to test the receiver. */
  test: 'test',
  /** 6.7 a customer entered a private pool (私海) — to `callback_url` (when open_callback = 1), like 6.6.1. */
  customer: 'customer',
} as const;
export type PushKind = (typeof PushKind)[keyof typeof PushKind];

/** What a receiver must answer for a push to count as delivered (see acknowledgement.ts). */
export const AckRule = {
  /** HTTP 2xx and the body `SUCCESS`. */
  SuccessToken: 'success_token',
  /** Any HTTP 2xx, whatever the body. */
  Any2xx: 'any_2xx',
} as const;
export type AckRule = (typeof AckRule)[keyof typeof AckRule];

export interface PushKindSpec {
  /** Section of the reference document. */
  readonly section: string;
  readonly title: string;
  /** Where it goes (the team setting holding the URL). */
  readonly destination: string;
  readonly ack: AckRule;
  /** False for interactive pushes whose single result is shown to the operator at once. */
  readonly retries: boolean;
  /**
   * True when a newer event about the same subject (the task) makes older undelivered ones obsolete: the
   * delivery queue may drop a pending older snapshot instead of retrying it.
   */
  readonly latestOnly: boolean;
  /**
   * True when a receiver cares about order: an event of this kind is delivered only after every earlier event
   * of the same team and order key has been delivered or dead-lettered (an import result per task). Call
   * records are independent facts and go out in parallel.
   */
  readonly ordered: boolean;
}

export const PUSH_KINDS: Readonly<Record<PushKind, PushKindSpec>> = Object.freeze({
  import_result: {
    section: '5.7.15',
    title: '异步导入推送',
    destination: 'task_callback_url (9.1)',
    ack: AckRule.Any2xx,
    retries: true,
    latestOnly: false,
    ordered: true,
  },
  call_record: {
    section: '6.6.1',
    title: '挂机后流水推送回调',
    destination: 'callback_url (9.1, open_callback = 1)',
    ack: AckRule.SuccessToken,
    retries: true,
    latestOnly: false,
    ordered: false,
  },
  analytics: {
    section: '7.7',
    title: '推送数据分析数据',
    destination: 'analytics_url (/ext/setAnalyticsPush)',
    ack: AckRule.Any2xx,
    retries: true,
    latestOnly: true,
    ordered: true,
  },
  test: {
    section: '6.6.2',
    title: '推送测试报文',
    destination: 'callback_url, or the URL given to /api/pushTest',
    ack: AckRule.SuccessToken,
    retries: false,
    latestOnly: false,
    ordered: false,
  },
  customer: {
    section: '6.7',
    title: '客户进入私海推送',
    destination: 'callback_url (9.1, open_callback = 1)',
    ack: AckRule.SuccessToken,
    retries: true,
    latestOnly: false,
    // Moves of one customer (order key = phone) arrive in the order they happened.
    ordered: true,
  },
});

/** True for a known push kind (e.g. read back from storage). */
export function isPushKind(value: string): value is PushKind {
  return Object.hasOwn(PUSH_KINDS, value);
}

/** Kinds that go through the outbox and its log (the 6.6.2 test push is sent at once and never stored). */
export const QUEUED_KINDS: readonly PushKind[] = Object.freeze(
  (Object.keys(PUSH_KINDS) as PushKind[]).filter((kind) => PUSH_KINDS[kind].retries),
);

/** Kinds delivered in order per (team, order key). */
export const ORDERED_KINDS: readonly PushKind[] = Object.freeze(
  (Object.keys(PUSH_KINDS) as PushKind[]).filter((kind) => PUSH_KINDS[kind].ordered),
);

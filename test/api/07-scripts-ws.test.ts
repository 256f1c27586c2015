import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'undici';
import { createScript, smallScript } from '../support/script-factories.js';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';

/** A websocket client that queues what the server sends, so a test can await frames one by one. */
class WsClient {
  readonly #queue: string[] = [];
  #wake: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (e) => {
      this.#queue.push(String(e.data));
      this.#wake?.();
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener('close', (e) => {
        resolve({ code: e.code, reason: e.reason });
        this.#wake?.();
      }),
    );
  }

  static open(url: string, headers?: Record<string, string>): Promise<WsClient> {
    const socket = headers ? new WebSocket(url, { headers }) : new WebSocket(url);
    const client = new WsClient(socket);
    return new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(client));
      socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
    });
  }

  send(data: unknown): void {
    this.socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** The next frame, split on `#`. */
  async frame(): Promise<string[]> {
    return (await this.next()).split('#');
  }

  async next(): Promise<string> {
    const deadline = Date.now() + 5000;
    while (this.#queue.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame within 5 s');
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.#queue.shift()!;
  }
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describe('7.4 script test websocket', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '话术测试');
  const other = await newTenant(t, '别的团队');
  const base = (await t.http.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
  const url = `${base}/ws/script-test`;
  const templates = await call<{ data: { sn: string; project_caption: string; question_sn: string }[] }>(
    t,
    s,
    '/api/templatelist',
  );
  const course = templates.data.find((d) => d.project_caption === '课程推广-免费试听邀约')!;
  const start = (session: Session, extra: Record<string, unknown> = {}) => ({
    processs_type: 2,
    question_sn: course.question_sn,
    project_sn: course.sn,
    api_key: session.api_key,
    user_sn: session.user_sn,
    ...extra,
  });

  it('runs a conversation: robot line # recording # question to learn # time, then closes at hang-up', async () => {
    const ws = await WsClient.open(url);
    ws.send(start(s, { variables: { 姓名: '王小明' } }));
    const greet = await ws.frame();
    assert.equal(greet.length, 4);
    assert.deepEqual(greet.slice(0, 3), ['您好，请问是王小明家长吗？我是启航教育的课程顾问小林。', '', '']);
    assert.match(greet[3]!, STAMP);

    ws.send('嗯，是我');
    assert.match((await ws.frame())[0]!, /免费试听课/);

    ws.send('今天天气怎么样');
    const unmatched = await ws.frame();
    assert.equal(unmatched[2], '今天天气怎么样', 'the utterance to learn');
    assert.equal((await ws.frame())[2], '', 'only on the first frame of the answer');

    ws.send({ text: '好的，可以啊' });
    assert.match((await ws.frame())[0]!, /上午还是下午/);
    ws.send('下午吧');
    assert.match((await ws.frame())[0]!, /下午三点/);
    assert.match((await ws.frame())[0]!, /微信/);
    ws.send('好的');
    assert.match((await ws.frame())[0]!, /再见/);
    assert.deepEqual(await ws.closed, { code: 1000, reason: 'hangup' });
  });

  it('starts at a sub-flow when question_sn names one of the script flows', async () => {
    const ws = await WsClient.open(url);
    ws.send(start(s, { question_sn: 'objection' }));
    assert.match((await ws.frame())[0]!, /很多家长一开始/);
    ws.socket.close();
  });

  it('tests the latest draft, not only published versions', async () => {
    const draft = await createScript(t, s, smallScript(), { publish: false });
    const ws = await WsClient.open(url);
    ws.send(
      start(s, {
        project_sn: draft.data.project_sn,
        question_sn: draft.data.question_sn,
        variables: { 套餐: '百兆' },
      }),
    );
    assert.equal((await ws.frame())[0], '您好，请问是您吗？您的百兆下月到期。');
    ws.send({ dtmf: '5' });
    ws.send('多少钱');
    assert.equal((await ws.frame())[0], '八折后每月八十元。');
    ws.socket.close();
  });

  it('answers a bad key, a foreign project and a line before the start with {code,msg} and closes', async () => {
    const cases: [unknown, number][] = [
      [start(s, { api_key: 'WRONGKEY' }), 20005],
      [start(other), 40004],
      [start(s, { question_sn: 'no-such-flow' }), 40004],
      [start(s, { processs_type: 1 }), 20002],
      ['你好', 20002],
    ];
    for (const [message, code] of cases) {
      const ws = await WsClient.open(url);
      ws.send(message);
      const reply = JSON.parse(await ws.next()) as { code: number; msg: string };
      assert.equal(reply.code, code, JSON.stringify(message));
      assert.equal(typeof reply.msg, 'string');
      assert.equal((await ws.closed).code, 1008);
    }
  });

  it('runs for a console session: its cookie on the upgrade and its CSRF token in the start message', async () => {
    const signIn = await t.http.inject({
      method: 'POST',
      url: '/ext/console/sign-in',
      payload: { username: s.user_name, password: s.password },
    });
    const cookies = Object.fromEntries(
      signIn.cookies.map((c: { name: string; value: string }) => [c.name, c.value]),
    );
    const headers = { cookie: `aicall_session=${cookies.aicall_session}` };
    const { api_key: _key, user_sn: _sn, ...withoutKey } = start(s);
    const ws = await WsClient.open(url, headers);
    ws.send({ ...withoutKey, csrf: cookies.aicall_csrf });
    assert.match((await ws.frame())[0]!, /请问是/);
    ws.socket.close();

    // Without the CSRF token (what a page of another site could send) the session is refused.
    const forged = await WsClient.open(url, headers);
    forged.send({ ...withoutKey, csrf: 'guess' });
    assert.equal((JSON.parse(await forged.next()) as { code: number }).code, 20005);
    assert.equal((await forged.closed).code, 1008);
  });

  it('keeps a running test open after a malformed line', async () => {
    const ws = await WsClient.open(url);
    ws.send(start(s));
    await ws.frame();
    ws.send({ dtmf: 'x' });
    assert.equal((JSON.parse(await ws.next()) as { code: number }).code, 20002);
    ws.send('嗯，是我');
    assert.match((await ws.frame())[0]!, /免费试听课/);
    ws.socket.close();
  });
});

describe('7.4 on its own port (SCRIPT_TEST_WS_PORT)', async () => {
  const t = await buildTestApp({ ROLES: 'api', HOST: '127.0.0.1', PORT: '0', SCRIPT_TEST_WS_PORT: '0' });
  const s = await newTenant(t, '独立端口');
  const started = await t.app.start();

  it('serves the channel at / like the reference ws://host:9502/', async () => {
    assert.match(started.scriptTestUrl ?? '', /^ws:\/\/127\.0\.0\.1:\d+$/);
    const projects = await call<{ data: { project_sn: string; question_sn: string }[] }>(
      t,
      s,
      '/api/getProjects',
    );
    const ws = await WsClient.open(`${started.scriptTestUrl}/`);
    ws.send({
      processs_type: 2,
      project_sn: projects.data[0]!.project_sn,
      question_sn: projects.data[0]!.question_sn,
      api_key: s.api_key,
      user_sn: s.user_sn,
    });
    const frame = await ws.frame();
    assert.equal(frame.length, 4);
    assert.notEqual(frame[0], '');
    ws.socket.close();
  });
});

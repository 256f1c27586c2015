import type { PersonaInput } from './persona-schema.js';

/**
 * The callees of a sandbox line: a believable mix for demos and script rehearsal, in Mandarin. Rules match
 * phrases common to sales and notification scripts (价格, 微信, 按1 …) so most scripts get a sensible answer.
 */
export const SANDBOX_PERSONAS: readonly PersonaInput[] = [
  {
    name: 'interested',
    weight: 3,
    opening: '喂，你好？',
    rules: [
      { when: '按\\s*1|请按|按键', reply: { dtmf: '1' } },
      { when: '微信|加您|联系方式|发给您', reply: '可以，就加这个手机号吧。' },
      { when: '价格|多少钱|费用|收费', reply: ['具体多少钱？', '有优惠吗？'] },
      { when: '再见|祝您|打扰了', reply: { say: '好的，再见。', hangup: true } },
    ],
    script: ['嗯，你说。', '听起来还可以，具体怎么弄？', '行，那你发资料给我看看。'],
    pool: ['好的。', '嗯嗯。', '可以的。', '还有别的吗？'],
    silenceRate: 0.05,
    bargeInRate: 0.05,
    patienceMs: { min: 90_000, max: 240_000 },
  },
  {
    name: 'refusing',
    weight: 3,
    opening: '喂？',
    rules: [
      { when: '再见|打扰了', reply: { say: '嗯。', hangup: true } },
      { when: '价格|多少钱|优惠', reply: '我不需要，谢谢。' },
    ],
    script: ['你是哪里？', '不需要，谢谢。', { say: '说了不需要，以后别打了。', hangup: true }],
    pool: ['不用了。', '没兴趣。'],
    hangupRate: 0.2,
    bargeInRate: 0.2,
    replyDelayMs: { min: 200, max: 900 },
    patienceMs: { min: 15_000, max: 45_000 },
  },
  {
    name: 'silent',
    weight: 1.5,
    pool: ['嗯。', '……喂？', '啊？'],
    silenceRate: 0.7,
    replyDelayMs: { min: 1500, max: 4000 },
    patienceMs: { min: 20_000, max: 50_000 },
  },
  {
    name: 'questioning',
    weight: 1.5,
    opening: '喂，哪位？',
    rules: [
      { when: '公司|我们是|这里是', reply: '你们是哪个公司的？怎么有我电话？' },
      { when: '价格|多少钱|费用', reply: '这么贵啊，我考虑一下吧。' },
      { when: '再见', reply: { say: '好，再见。', hangup: true } },
    ],
    pool: ['这个是干什么的？', '安全吗？', '我再考虑考虑。', '你说慢一点。'],
    silenceRate: 0.1,
    patienceMs: { min: 45_000, max: 120_000 },
  },
  {
    name: 'busy',
    weight: 1,
    opening: '喂，我在开车。',
    script: [{ say: '现在不方便，晚点再说吧。', hangup: true }],
    replyDelayMs: { min: 200, max: 600 },
    patienceMs: { min: 8_000, max: 20_000 },
  },
];

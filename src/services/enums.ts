/** §4.6 hang-up / end reasons: the values of `fail_recall_of_reason` and the /config end-reason enum. */
export const END_REASONS = [
  '关机',
  '空号',
  '来电提醒',
  '稍后再拨',
  '停机',
  '无法接通',
  '正在通话中',
  '用户正忙',
  '用户拒接',
  '欠费',
  '无人应答',
  '暂停服务',
  '呼叫限制',
  '其他',
] as const;
export type EndReason = (typeof END_REASONS)[number];

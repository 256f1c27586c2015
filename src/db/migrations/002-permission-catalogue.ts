// The permission tree of §3.1 (ids in the reference's style: a root per console area, children below it).
// Route definitions name the permission they need; a sub-account's role must hold it (else 20007).
export const name = 'permission-catalogue';

const tree: [number, string, string, number][] = [
  [100, '#client.main', '数据分析', 0],
  [101, 'analytics.view', '数据分析页面', 100],
  [200, '#client.task', '外呼任务', 0],
  [201, 'task.view', '任务列表', 200],
  [202, 'task.manage', '任务新建与操作', 200],
  [300, '#client.record', '通话记录', 0],
  [301, 'record.view', '通话流水', 300],
  [302, 'record.recording', '录音下载', 300],
  [400, '#client.script', '话术管理', 0],
  [401, 'script.view', '话术模板', 400],
  [402, 'script.manage', '话术编辑与发布', 400],
  [500, '#client.dnd', '防打扰', 0],
  [501, 'dnd.view', '防打扰列表', 500],
  [502, 'dnd.manage', '防打扰新增与删除', 500],
  [600, '#client.account', '账号管理', 0],
  [601, 'account.manage', '子账号管理', 600],
  [602, 'role.manage', '角色权限', 600],
  [603, 'skillgroup.manage', '技能组', 600],
  [604, 'extension.view', '分机号', 600],
  [700, '#client.setting', '系统设置', 0],
  [701, 'calltime.manage', '外呼时间', 700],
  [702, 'callback.manage', '推送设置', 700],
];

const values = tree.map(([id, n, d, p]) => `(${id}, '${n}', '${d}', ${p}, ${p === 0 ? 0 : 1})`).join(',\n  ');

export const up = `INSERT INTO permissions (id, name, display_name, parent_id, menu_type) VALUES\n  ${values};`;

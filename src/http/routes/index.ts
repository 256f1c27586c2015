// Every endpoint of the vendor-compatible API, by chapter. Adding an endpoint = one file + one line here.
import type { AnyRoute } from '../pipeline/define-route.js';
import login from './01-login/login.js';
import aiUserDatas from './02-accounts/ai-user-datas.js';
import aiUserDelete from './02-accounts/ai-user-delete.js';
import aiUserSave from './02-accounts/ai-user-save.js';
import aiUserUpdate from './02-accounts/ai-user-update.js';
import extDatas from './02-accounts/ext-datas.js';
import skillGroupDelete from './02-accounts/skill-group-delete.js';
import skillGroupList from './02-accounts/skill-group-list.js';
import skillGroupSave from './02-accounts/skill-group-save.js';
import skillGroupUpdate from './02-accounts/skill-group-update.js';
import allPermission from './03-roles/all-permission.js';
import roleAdd from './03-roles/role-add.js';
import roleDelete from './03-roles/role-delete.js';
import roleDetail from './03-roles/role-detail.js';
import roleList from './03-roles/role-list.js';
import roleUpdate from './03-roles/role-update.js';
import callTimeList from './04-calling-hours/call-time-list.js';
import timeSave from './04-calling-hours/time-save.js';
import setCallback from './09-callback/set-callback.js';
import config from './config.js';
import dialerLive from './ext/dialer-live.js';
import dialerSnapshot from './ext/dialer-snapshot.js';
import linesCreate from './ext/lines-create.js';
import linesList from './ext/lines-list.js';
import linesSetStatus from './ext/lines-set-status.js';
import linesUpdate from './ext/lines-update.js';

export const routes: readonly AnyRoute[] = [
  login,
  aiUserDatas,
  aiUserSave,
  aiUserDelete,
  aiUserUpdate,
  extDatas,
  skillGroupList,
  skillGroupSave,
  skillGroupUpdate,
  skillGroupDelete,
  allPermission,
  roleList,
  roleAdd,
  roleUpdate,
  roleDetail,
  roleDelete,
  callTimeList,
  timeSave,
  setCallback,
  config,
  dialerSnapshot,
  dialerLive,
  linesList,
  linesCreate,
  linesUpdate,
  linesSetStatus,
];

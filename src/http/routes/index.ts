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
import addBatch from './05-tasks/add-batch.js';
import addExcelOfAsync from './05-tasks/add-excel-of-async.js';
import addJson from './05-tasks/add-json.js';
import addJsonOfAsync from './05-tasks/add-json-of-async.js';
import importTaskInfo from './05-tasks/import-task-info.js';
import importTaskStatus from './05-tasks/import-task-status.js';
import blackListDelete from './08-dnd/black-list-delete.js';
import blackListList from './08-dnd/black-list-list.js';
import downloadBlacklist from './08-dnd/download-blacklist.js';
import importsExcel from './08-dnd/imports-excel.js';
import setCallback from './09-callback/set-callback.js';
import importSettings from '../ext/import-settings.js';
import config from './config.js';

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
  addExcelOfAsync,
  addJsonOfAsync,
  addJson,
  importTaskStatus,
  importTaskInfo,
  addBatch,
  blackListList,
  blackListDelete,
  downloadBlacklist,
  importsExcel,
  setCallback,
  config,
  importSettings,
];

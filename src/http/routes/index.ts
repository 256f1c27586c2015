// Every endpoint of the vendor-compatible API, by chapter, then our own (`ext/`). Adding an endpoint = one file +
// one line here (or in ext/index.ts for an /ext endpoint).
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
import cancelCallCallee from './05-tasks/cancel-call-callee.js';
import cancelCall from './05-tasks/cancel-call.js';
import detailTaskStopList from './05-tasks/detail-task-stop-list.js';
import failRecall from './05-tasks/fail-recall.js';
import getDetailsList from './05-tasks/get-details-list.js';
import taskList from './05-tasks/index.js';
import operateTask from './05-tasks/operate-task.js';
import taskBatchImportStatus from './05-tasks/task-batch-import-status.js';
import taskDetailStop from './05-tasks/task-detail-stop.js';
import cdrDownload from './06-calls/cdr-download.js';
import cdrFragmentDownload from './06-calls/cdr-fragment-download.js';
import cdrShow from './06-calls/cdr-show.js';
import crmList from './06-calls/crm-list.js';
import addCustomerJson from './06-customers/add-customer-json.js';
import addPublicCustomerJson from './06-customers/add-public-customer-json.js';
import customerList from './06-customers/customer-list.js';
import deleteOpen from './06-customers/delete-open.js';
import giveUp from './06-customers/give-up.js';
import importPublicCustomerExcle from './06-customers/import-public-customer-excle.js';
import transferCustomer from './06-customers/transfer-customer.js';
import updateFollowUser from './06-customers/update-follow-user.js';
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
import config from './config.js';
import { extRoutes } from './ext/index.js';
import exportModel from './05-tasks/export-model.js';
import getProjects from './07-scripts/get-projects.js';
import hotQuestions from './07-scripts/hot-questions.js';
import speechLists from './07-scripts/speech-lists.js';
import speechSave from './07-scripts/speech-save.js';
import templateData from './07-scripts/template-data.js';
import templateList from './07-scripts/template-list.js';
import pushTest from './06-calls/push-test.js';
import { consoleRoutes } from './ext/console-routes.js';

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
  taskList,
  operateTask,
  cancelCall,
  cancelCallCallee,
  getDetailsList,
  failRecall,
  detailTaskStopList,
  taskDetailStop,
  taskBatchImportStatus,
  crmList,
  cdrDownload,
  cdrFragmentDownload,
  cdrShow,
  addCustomerJson,
  addPublicCustomerJson,
  importPublicCustomerExcle,
  customerList,
  deleteOpen,
  giveUp,
  transferCustomer,
  updateFollowUser,
  setCallback,
  config,
  exportModel,
  templateList,
  templateData,
  hotQuestions,
  speechLists,
  speechSave,
  getProjects,
  pushTest,
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
  ...extRoutes,
  ...consoleRoutes,
];

// The services the HTTP layer may call; built in app/ and handed to every route handler.
import type { AccountService } from '../services/account.service.js';
import type { AnalyticsService } from '../services/analytics/analytics.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CallbackSettingsService } from '../services/callback-settings.service.js';
import type { CallRecordService } from '../services/call-record/call-record.service.js';
import type { RecordingService } from '../services/call-record/recording.service.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import type { PushLogService } from '../services/push/push-log.service.js';
import type { PushSettingsService } from '../services/push/push-settings.service.js';
import type { PushTestService } from '../services/push/push-test.service.js';
import type { RoleService } from '../services/role.service.js';
import type { SkillGroupService } from '../services/skill-group.service.js';
import type { FailRecallService } from '../services/task/fail-recall.service.js';
import type { TaskCancelService } from '../services/task/task-cancel.service.js';
import type { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';
import type { TaskManageService } from '../services/task/task-manage.service.js';
import type { ScriptService } from '../services/script/script.service.js';
import type { ScriptTemplateService } from '../services/script/script-template.service.js';
import type { ScriptTestService } from '../services/script/script-test.service.js';
import type { DemoSeedService } from '../services/dial/demo-seed.service.js';
import type { DialerLiveService } from '../services/dial/dialer-live.service.js';
import type { LineService } from '../services/dial/line.service.js';

export interface Services {
  readonly auth: AuthService;
  readonly account: AccountService;
  readonly role: RoleService;
  readonly skillGroup: SkillGroupService;
  readonly callingHours: CallingHoursService;
  readonly callback: CallbackSettingsService;
  readonly taskLifecycle: TaskLifecycleService;
  readonly taskManage: TaskManageService;
  readonly taskCancel: TaskCancelService;
  readonly failRecall: FailRecallService;
  readonly script: ScriptService;
  readonly scriptTemplates: ScriptTemplateService;
  readonly scriptTest: ScriptTestService;
  readonly callRecord: CallRecordService;
  readonly recording: RecordingService;
  readonly analytics: AnalyticsService;
  readonly pushLog: PushLogService;
  readonly pushSettings: PushSettingsService;
  readonly pushTest: PushTestService;
  readonly lines: LineService;
  readonly dialerLive: DialerLiveService;
  readonly demo: DemoSeedService;
}

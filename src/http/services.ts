// The services the HTTP layer may call; built in app/ and handed to every route handler.
import type { AccountService } from '../services/account.service.js';
import type { AnalyticsService } from '../services/analytics/analytics.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CallbackSettingsService } from '../services/callback-settings.service.js';
import type { CallRecordService } from '../services/call-record/call-record.service.js';
import type { RecordingService } from '../services/call-record/recording.service.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import type { RoleService } from '../services/role.service.js';
import type { SkillGroupService } from '../services/skill-group.service.js';

export interface Services {
  readonly auth: AuthService;
  readonly account: AccountService;
  readonly role: RoleService;
  readonly skillGroup: SkillGroupService;
  readonly callingHours: CallingHoursService;
  readonly callback: CallbackSettingsService;
  readonly callRecord: CallRecordService;
  readonly recording: RecordingService;
  readonly analytics: AnalyticsService;
}

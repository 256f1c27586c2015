// The services the HTTP layer may call; built in app/ and handed to every route handler.
import type { AccountService } from '../services/account.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CallbackSettingsService } from '../services/callback-settings.service.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import type { RoleService } from '../services/role.service.js';
import type { SkillGroupService } from '../services/skill-group.service.js';
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
  readonly lines: LineService;
  readonly dialerLive: DialerLiveService;
  readonly demo: DemoSeedService;
}

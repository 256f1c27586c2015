// The services the HTTP layer may call; built in app/ and handed to every route handler.
import type { AccountService } from '../services/account.service.js';
import type { AuthService } from '../services/auth.service.js';
import type { CallbackSettingsService } from '../services/callback-settings.service.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import type { RoleService } from '../services/role.service.js';
import type { SkillGroupService } from '../services/skill-group.service.js';
import type { DndService } from '../services/dnd/dnd.service.js';
import type { ImportQueryService } from '../services/import/import-query.service.js';
import type { ImportSettingsService } from '../services/import/import-settings.service.js';
import type { TaskCreateService } from '../services/task/task-create.service.js';

export interface Services {
  readonly auth: AuthService;
  readonly account: AccountService;
  readonly role: RoleService;
  readonly skillGroup: SkillGroupService;
  readonly callingHours: CallingHoursService;
  readonly callback: CallbackSettingsService;
  readonly taskCreate: TaskCreateService;
  readonly importQuery: ImportQueryService;
  readonly importSettings: ImportSettingsService;
  readonly dnd: DndService;
}

import { ScriptSchema, type ScriptDefinition } from '../script/script-schema.js';
import coursePromotion from './course-promotion.json' with { type: 'json' };
import paymentReminder from './payment-reminder.json' with { type: 'json' };

/**
 * Two complete example scripts in Chinese: 课程推广 (free trial lesson invitation) and 还款提醒 (payment
 * reminder). Both pass validateScript (see demo-scripts.test.ts) and drive the session tests.
 */
export const courseScript: ScriptDefinition = ScriptSchema.parse(coursePromotion);
export const paymentScript: ScriptDefinition = ScriptSchema.parse(paymentReminder);

export const demoScripts: ScriptDefinition[] = [courseScript, paymentScript];

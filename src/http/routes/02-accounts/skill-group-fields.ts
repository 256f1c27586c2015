// Fields shared by 2.3.2 新增 and 2.3.3 修改 (strategy, all-busy and no-agent policies of §3.3).
import { z } from 'zod';
import { zOptInt, zOptStr, zStr, INT2 } from '../../pipeline/coerce.js';

export const SkillGroupFields = {
  skillgroup_name: zStr().pipe(z.string().min(1).max(64)),
  skillgroup_caption: zOptStr(),
  strategy: zOptInt().pipe(z.number().min(0).max(2).optional()),
  skillgroup_all_busy: zOptInt().pipe(z.number().min(1).max(3).optional()),
  skillgroup_no_agent: zOptInt().pipe(z.number().min(1).max(3).optional()),
  percentage: zOptInt(),
  group_record: zOptInt(INT2),
};

export function skillGroupValues(p: {
  skillgroup_name: string;
  skillgroup_caption?: string;
  strategy?: number;
  skillgroup_all_busy?: number;
  skillgroup_no_agent?: number;
  percentage?: number;
  group_record?: number;
}) {
  return {
    name: p.skillgroup_name,
    caption: p.skillgroup_caption,
    strategy: p.strategy,
    all_busy: p.skillgroup_all_busy,
    no_agent: p.skillgroup_no_agent,
    percentage: p.percentage,
    group_record: p.group_record,
  };
}

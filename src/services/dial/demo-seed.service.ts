import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newSn } from '../../lib/sn.js';
import { dialSeedRepository } from '../../repositories/dial-seed.repository.js';
import type { Store } from '../../repositories/store.js';
import { InitialTaskStatus } from '../task/task-transitions.js';

/** The demo script, handed in by app/ (services do not import the robot). */
export interface DemoScript {
  readonly name: string;
  readonly caption: string;
  readonly entryFlow: string;
  readonly columns: string[];
  readonly definition: unknown;
}

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞'];

/** Numbers in the demo task. */
export const DEMO_NUMBERS = 20;

/**
 * Seeds the first-start demo: a script, calling hours open all day, and a running task of 20 numbers on the
 * tenant's sandbox line (the simulator), so starting aicall shows calls, call records and pushes at once.
 */
export class DemoSeedService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly script: DemoScript,
  ) {}

  /** @example await services.demo.seedDemo({ team_sn: creds.team_sn }) */
  async seedDemo(tenant: {
    readonly team_sn: string;
  }): Promise<{ dial_task_main_sn: string; numbers: number }> {
    const team = await dialSeedRepository.teamBySn(this.store.system, tenant.team_sn);
    if (!team) throw new AppError(ErrorCode.NotFound, `租户不存在: ${tenant.team_sn}`);
    return this.store.tenant(team.team_id, async (trx) => {
      await dialSeedRepository.callAllDay(trx);
      const script = await dialSeedRepository.insertScript(trx, {
        sn: newSn('project'),
        name: this.script.name,
        caption: this.script.caption,
        question_sn: this.script.entryFlow,
        columns: this.script.columns,
        definition: this.script.definition,
      });
      const task = await dialSeedRepository.insertTask(trx, {
        sn: newSn('task'),
        name: '演示任务(模拟器)',
        account_id: team.account_id,
        script_id: script.id,
        fail_recall: { enabled: true, times: 1, interval: 1, reasons: ['无人应答', '用户正忙', '关机'] },
        total_count: DEMO_NUMBERS,
        started_at: this.clock.now(),
        status: InitialTaskStatus.demo,
      });
      await dialSeedRepository.insertNumbers(
        trx,
        task.id,
        Array.from({ length: DEMO_NUMBERS }, (_, i) => ({
          phone: `1380013${String(8000 + i).padStart(4, '0')}`,
          columns: { 姓名: NAMES[i % NAMES.length] ?? '客户' },
        })),
      );
      return { dial_task_main_sn: task.sn, numbers: DEMO_NUMBERS };
    });
  }
}

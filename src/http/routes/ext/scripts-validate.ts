// ext 校验话术 — checks a script document without saving it (the console shows the problems on the canvas).
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zDefinition } from './scripts-create.js';

export default defineRoute({
  section: 'ext',
  title: '校验话术(不保存)',
  method: 'POST',
  path: '/ext/scripts/validate',
  envelope: 'data',
  permission: 'script.view',
  params: z.object({ definition: zDefinition() }),
  handler: (p, { services }) => Promise.resolve(services.script.validate(p.definition)),
});

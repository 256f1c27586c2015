/** Kinds of problems validateScript reports. */
export const ProblemCode = {
  schema: 'schema',
  unsupportedVersion: 'unsupportedVersion',
  missingEntry: 'missingEntry',
  duplicateId: 'duplicateId',
  danglingTarget: 'danglingTarget',
  missingTarget: 'missingTarget',
  unreachableNode: 'unreachableNode',
  loopWithoutExit: 'loopWithoutExit',
  endlessLoop: 'endlessLoop',
  emptyBranch: 'emptyBranch',
  duplicateBranch: 'duplicateBranch',
  invalidPattern: 'invalidPattern',
  unknownIntent: 'unknownIntent',
  unknownVariable: 'unknownVariable',
  emptyLine: 'emptyLine',
} as const;
export type ProblemCodeName = (typeof ProblemCode)[keyof typeof ProblemCode];

export type ProblemSeverity = 'error' | 'warning';

/** One problem found in a script; `message` is for operators (Chinese), `path` points into the JSON. */
export interface ScriptProblem {
  readonly code: ProblemCodeName;
  readonly severity: ProblemSeverity;
  readonly path: string;
  readonly message: string;
  readonly nodeId?: string;
}

/** Collects problems while walking a script. */
export class ProblemList {
  readonly items: ScriptProblem[] = [];

  error(code: ProblemCodeName, path: string, message: string, nodeId?: string): void {
    this.items.push(
      nodeId === undefined
        ? { code, severity: 'error', path, message }
        : { code, severity: 'error', path, message, nodeId },
    );
  }

  warning(code: ProblemCodeName, path: string, message: string, nodeId?: string): void {
    this.items.push(
      nodeId === undefined
        ? { code, severity: 'warning', path, message }
        : { code, severity: 'warning', path, message, nodeId },
    );
  }

  get hasErrors(): boolean {
    return this.items.some((p) => p.severity === 'error');
  }
}

// Scripts (话术): the extended script API (/ext/scripts/*: list, get, save as a new version, validate, publish,
// versions), the 7.3 hot questions, the 7.5 to-learn list and labelling an item with where it should have led.
import { call, callRaw } from './client';

/** A keyword, or a keyword with synonyms. */
export type Keyword = string | { word: string; synonyms?: string[] };
/** One way of saying a line. */
export type Variant = string | { text: string; audio?: string };

export interface Branch {
  id?: string;
  kind: string;
  target: string;
  keywords?: Keyword[];
  pattern?: string;
  intent?: string;
  digits?: string;
  priority?: number;
  labels?: string[];
}

export type NodeKind = 'say' | 'jump' | 'hangup' | 'transfer';

export interface ScriptNode {
  kind: NodeKind;
  title: string;
  variants?: Variant[];
  listen?: boolean;
  next?: string;
  branches?: Branch[];
  /** jump: the node it continues at; transfer: the agents' group. */
  target?: string;
  reason?: string;
  labels?: string[];
  [field: string]: unknown;
}

export type AfterAnswer = 'return' | 'hangup' | 'goto';

export interface GlobalHandler {
  id: string;
  title: string;
  intents?: string[];
  keywords?: Keyword[];
  variants: Variant[];
  then?: AfterAnswer;
  target?: string;
  [field: string]: unknown;
}

export interface KnowledgeItem {
  asks_sn: string;
  ask_title: string;
  ask_caption: string;
  keywords?: Keyword[];
  then?: AfterAnswer;
  target?: string;
  [field: string]: unknown;
}

export interface Position {
  x: number;
  y: number;
}

export interface ScriptDefinition {
  version: number;
  name: string;
  caption?: string;
  flows?: { id: string; title: string; entry: string }[];
  nodes: Record<string, ScriptNode>;
  globals?: GlobalHandler[];
  knowledge?: KnowledgeItem[];
  /** Canvas positions by node id (ignored by the robot). */
  layout?: Record<string, Position>;
  [field: string]: unknown;
}

export interface ScriptProblem {
  code: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
  nodeId?: string;
}

export interface ScriptRecord {
  sn: string;
  project_sn: string;
  project_name: string;
  project_caption: string;
  question_sn: string;
  version: number;
  published_version: number | null;
  updated_at: string;
}

export interface ScriptVersionView extends ScriptRecord {
  current_version: number;
  author: string;
  version_created_at: string;
  definition: ScriptDefinition;
}

export interface SavedScript {
  project_sn: string;
  question_sn: string;
  version: number;
  published_version: number | null;
  warnings: ScriptProblem[];
}

export interface VersionList {
  version: number;
  published_version: number | null;
  total: number;
  list: { version: number; author: string; created_at: string; published: number; current: number }[];
}

export const listScripts = (project_name: string | undefined, pageIndex: number, pageSize: number) =>
  call<{ total: number; list: ScriptRecord[] }>('/ext/scripts/list', { project_name, pageIndex, pageSize });

export const getScript = (project_sn: string, version?: number) =>
  call<ScriptVersionView>('/ext/scripts/get', { project_sn, version });

export const createScript = (definition: ScriptDefinition, project_name: string) =>
  call<SavedScript>('/ext/scripts/create', { definition, project_name });

/** Saves the edited definition as the next version; refused (40009) if someone saved after `base_version`. */
export const saveScript = (
  project_sn: string,
  definition: ScriptDefinition,
  base_version: number,
  publish: boolean,
) =>
  call<SavedScript>('/ext/scripts/update', {
    project_sn,
    definition,
    base_version,
    publish: publish ? 1 : 0,
  });

export const validateScript = (definition: ScriptDefinition) =>
  call<{ ok: boolean; problems: ScriptProblem[] }>('/ext/scripts/validate', { definition });

export const publishScript = (project_sn: string, version: number) =>
  call<{ project_sn: string; published_version: number }>('/ext/scripts/publish', { project_sn, version });

export const listVersions = (project_sn: string) =>
  call<VersionList>('/ext/scripts/versions', { project_sn });

export const deleteScript = (project_sn: string) => call('/ext/scripts/delete', { project_sn });

export interface HotQuestion {
  asks_sn: string;
  ask_title: string;
  ask_caption: string;
  asked_times: number;
}
/** 7.3: knowledge items by how often callees asked them. */
export const hotQuestions = (project_sn: string, pageIndex: number, pageSize: number) =>
  callRaw<{ total: number; data: HotQuestion[] }>('/api/hotQuestions', { project_sn, pageIndex, pageSize });

export interface ToLearnItem {
  id: number;
  type: number;
  type_name: string;
  context_above: string;
  context_follow: string;
  answer_above: string;
  node_title: string;
  desc: string;
  account: string;
  source: string;
  created_at: string;
}
/** 7.5: what callees said that the script could not handle, newest first. */
export const toLearnList = (
  project_sn: string,
  type: number | undefined,
  pageIndex: number,
  pageSize: number,
) =>
  callRaw<{ total: number; data: ToLearnItem[] }>('/api/speechListsDataapi', {
    project_sn,
    type,
    pageIndex,
    pageSize,
  });

/** 7.6: files an item by hand. */
export const addToLearn = (p: { project_sn: string; type: number; context_follow: string; desc?: string }) =>
  call('/api/speechSaveapi', p);

export interface LabelTarget {
  node?: string;
  branch?: string;
  global?: string;
  asks_sn?: string;
}
/** Teaches the script the item's reply (a new version leading to the chosen branch, handler or answer). */
export const labelToLearn = (project_sn: string, id: number, target: LabelTarget, publish: boolean) =>
  call<SavedScript>('/ext/scripts/to-learn/label', {
    project_sn,
    id: String(id),
    ...target,
    publish: publish ? 1 : 0,
  });

// Script rows as the reference's endpoints show them (7.1, 7.2 `task`, 7.8): our column names are mapped to the
// vendor's field names here, once.
import { randomInt } from 'node:crypto';
import { formatDateTime } from '../../lib/clock.js';

/** The script columns every mapping needs (a row of scriptRepository without its definition). */
export interface ScriptRow {
  id: string;
  sn: string;
  name: string;
  caption: string;
  question_sn: string;
  voice_break: number;
  columns: string[];
  version: number;
  published_version: number | null;
  status: number;
  created_at: Date;
  updated_at: Date;
}

/** A template record: 7.1 list items and 7.2's `task`. */
export function templateRecord(row: ScriptRow, timeZone: string) {
  return {
    id: Number(row.id),
    sn: row.sn,
    project_sn: row.sn,
    project_name: row.name,
    project_caption: row.caption,
    voice_break: row.voice_break,
    question_sn: row.question_sn,
    version: row.version,
    published_version: row.published_version,
    status: row.status,
    columns: row.columns,
    created_at: formatDateTime(row.created_at, timeZone),
    updated_at: formatDateTime(row.updated_at, timeZone),
  };
}

/** A 7.8 dropdown item. */
export function projectOption(row: ScriptRow) {
  return {
    project_sn: row.sn,
    project_name: row.name,
    project_caption: row.caption,
    question_sn: row.question_sn,
  };
}

/**
 * A new entry-flow id in the reference's style: local date-time digits and three capital letters
 * (`20210421172227ZSE`).
 */
export function newQuestionSn(now: Date, timeZone: string): string {
  let letters = '';
  for (let i = 0; i < 3; i++) letters += String.fromCharCode(65 + randomInt(26));
  return `${compactStamp(now, timeZone)}${letters}`;
}

/** `YmdHis` digits of a local time (`20190430114158`), as the reference's ids and to-learn `speech` use. */
export function compactStamp(at: Date, timeZone: string): string {
  return formatDateTime(at, timeZone).replace(/\D/g, '');
}

/**
 * The one mapping between our to-learn columns and the vendor's field names, following 7.6's parameter table:
 * `context_above` = the robot's line before, `context_follow` = what the callee said, `answer_above` = the
 * robot's next line (compat-notes "7.5/7.6").
 */
export const TO_LEARN_FIELDS = {
  context_above: 'robot_before',
  context_follow: 'heard',
  answer_above: 'robot_after',
} as const;

/** A to-learn row with what 7.5 shows besides its own columns. */
export interface ToLearnView {
  id: string;
  type: number;
  robot_before: string;
  heard: string;
  robot_after: string;
  node_title: string;
  description: string;
  call_sn: string;
  source: string;
  created_at: Date;
  account: string | null;
}

/** A 7.5 list item. `speech` is `<project_caption>|<YmdHis>|<account>` as in the reference's example. */
export function toLearnItem(
  row: ToLearnView,
  script: { sn: string; caption: string },
  typeName: string,
  client: string,
  timeZone: string,
) {
  const account = row.account ?? client;
  return {
    id: Number(row.id),
    type: row.type,
    type_name: typeName,
    speech: `${script.caption}|${compactStamp(row.created_at, timeZone)}|${account}`,
    speech_sn: script.sn,
    context_above: row[TO_LEARN_FIELDS.context_above],
    answer_above: row[TO_LEARN_FIELDS.answer_above],
    context_follow: row[TO_LEARN_FIELDS.context_follow],
    desc: row.description,
    client,
    account,
    node_title: row.node_title,
    accounts_sn: row.call_sn,
    source: row.source,
    created_at: formatDateTime(row.created_at, timeZone),
  };
}

import { Tag } from 'antd';
import { GRADE_COLORS } from '../../api/records';

/** An intention grade (AI or manual) as a coloured tag; '-' when there is none. */
export const gradeTag = (grade: string) =>
  grade ? <Tag color={GRADE_COLORS[grade] ?? 'default'}>{grade}</Tag> : <span>-</span>;

// A number's columns are written once, by its import, and read back whole (the dialer's claim, 5.4's details, the
// call record made from it): no statement looks inside them or compares them. As jsonb, every imported row paid for
// turning its JSON text into jsonb's binary form — measured on a 300,000-row COPY, 0.7–1.4 µs of PostgreSQL CPU a
// row, a third of storing the row without its indexes — and every read paid for turning it back into text. json
// checks the text and stores it as it is, so the columns also keep the template's order (the order the import
// writes them in; jsonb sorted keys by length).
export const name = 'task-numbers-columns-json';

export const up = String.raw`
ALTER TABLE task_numbers ALTER COLUMN columns DROP DEFAULT;
ALTER TABLE task_numbers ALTER COLUMN columns TYPE json USING columns::json;
ALTER TABLE task_numbers ALTER COLUMN columns SET DEFAULT '{}';
`;

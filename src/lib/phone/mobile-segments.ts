/**
 * Chinese mobile number segments (号段) → carrier, as published by MIIT allocations up to 2024.
 *
 * Kept as our own table because libphonenumber-js carries no carrier data, and because a table lookup
 * is ~50× cheaper than a metadata regex walk on the import hot path. Data-only / IoT segments that cannot
 * receive voice calls (140–144, 146, 148, 149, 1410 …) are deliberately absent: dialling them is wasted
 * capacity, so the import rejects them as 号段不存在.
 */

/** Carriers as operators name them; MVNO numbers (170/171/162/165/167) report `虚拟`. */
export const Carrier = {
  Mobile: '移动',
  Unicom: '联通',
  Telecom: '电信',
  Broadnet: '广电',
  Virtual: '虚拟',
} as const;
export type Carrier = (typeof Carrier)[keyof typeof Carrier];

/** Three-digit segments (the first digit is always 1). */
const SEGMENTS3: Readonly<Record<Carrier, readonly string[]>> = {
  移动: [
    '134',
    '135',
    '136',
    '137',
    '138',
    '139',
    '147',
    '150',
    '151',
    '152',
    '157',
    '158',
    '159',
    '172',
    '178',
    '182',
    '183',
    '184',
    '187',
    '188',
    '195',
    '197',
    '198',
  ],
  联通: ['130', '131', '132', '145', '155', '156', '166', '175', '176', '185', '186', '196'],
  电信: ['133', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199'],
  广电: ['192'],
  虚拟: ['162', '165', '167', '170', '171'],
};

/**
 * Four-digit exceptions inside a three-digit segment. `null` removes the block.
 * 1349 is the former satellite block now run by 电信; of 174 only 1740 (电信 satellite) is dialable.
 */
const SEGMENTS4: Readonly<Record<string, Carrier | null>> = {
  '1349': '电信',
  '1740': '电信',
};

const CARRIER_BY_CODE: readonly (Carrier | undefined)[] = [
  undefined,
  Carrier.Mobile,
  Carrier.Unicom,
  Carrier.Telecom,
  Carrier.Broadnet,
  Carrier.Virtual,
];

/**
 * Lookup by the three digits after the leading 1 (so four-digit blocks fit): index = d1d2d3 (0–999),
 * value = index into CARRIER_BY_CODE (0 = unassigned). One array read per number.
 */
const TABLE = buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(1000);
  for (const [carrier, prefixes] of Object.entries(SEGMENTS3)) {
    const code = CARRIER_BY_CODE.indexOf(carrier as Carrier);
    for (const prefix of prefixes) {
      const base = Number(prefix.slice(1)) * 10;
      table.fill(code, base, base + 10);
    }
  }
  for (const [prefix, carrier] of Object.entries(SEGMENTS4)) {
    table[Number(prefix.slice(1))] = carrier === null ? 0 : CARRIER_BY_CODE.indexOf(carrier);
  }
  return table;
}

/**
 * Carrier of an 11-digit national mobile number (`1xxxxxxxxxx`, ASCII digits only — the caller has
 * checked), or undefined when its segment is not assigned to voice service.
 * @example mobileCarrier('13800138000') // '移动'
 */
export function mobileCarrier(national: string): Carrier | undefined {
  const index =
    (national.charCodeAt(1) - 48) * 100 + (national.charCodeAt(2) - 48) * 10 + (national.charCodeAt(3) - 48);
  return CARRIER_BY_CODE[TABLE[index] ?? 0];
}

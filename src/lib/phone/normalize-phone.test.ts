import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizePhone, numberSegmentValid } from './normalize-phone.js';
import { PhoneRejectReason } from './phone-result.js';
import type { NormalizedPhone } from './phone-result.js';

function ok(raw: string): NormalizedPhone {
  const r = normalizePhone(raw);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be accepted, got ${r.ok ? '' : r.reason}`);
  return r;
}

function rejected(raw: string): string {
  const r = normalizePhone(raw);
  assert.equal(r.ok, false, `expected ${JSON.stringify(raw)} to be rejected, got ${JSON.stringify(r)}`);
  return r.ok ? '' : r.reason;
}

void describe('normalizePhone — mobiles', () => {
  void it('accepts a bare 11-digit mobile with its carrier', () => {
    assert.deepEqual(normalizePhone('13800138000'), {
      ok: true,
      e164Digits: '8613800138000',
      national: '13800138000',
      kind: 'mobile',
      carrier: '移动',
    });
  });

  const carriers: [string, string][] = [
    ['13012345678', '联通'],
    ['13312345678', '电信'],
    ['13412345678', '移动'],
    ['13492345678', '电信'],
    ['14512345678', '联通'],
    ['14712345678', '移动'],
    ['15312345678', '电信'],
    ['15612345678', '联通'],
    ['15912345678', '移动'],
    ['16212345678', '虚拟'],
    ['16512345678', '虚拟'],
    ['16612345678', '联通'],
    ['16712345678', '虚拟'],
    ['17012345678', '虚拟'],
    ['17052345678', '虚拟'],
    ['17112345678', '虚拟'],
    ['17212345678', '移动'],
    ['17312345678', '电信'],
    ['17402345678', '电信'],
    ['17512345678', '联通'],
    ['17612345678', '联通'],
    ['17712345678', '电信'],
    ['17812345678', '移动'],
    ['18012345678', '电信'],
    ['18112345678', '电信'],
    ['18212345678', '移动'],
    ['18512345678', '联通'],
    ['18912345678', '电信'],
    ['19012345678', '电信'],
    ['19112345678', '电信'],
    ['19212345678', '广电'],
    ['19312345678', '电信'],
    ['19512345678', '移动'],
    ['19612345678', '联通'],
    ['19712345678', '移动'],
    ['19812345678', '移动'],
    ['19912345678', '电信'],
  ];
  for (const [raw, carrier] of carriers) {
    void it(`maps ${raw.slice(0, 4)} to ${carrier}`, () => assert.equal(ok(raw).carrier, carrier));
  }

  const unassigned = [
    '10012345678',
    '11012345678',
    '12012345678',
    '14012345678',
    '14112345678',
    '14412345678',
    '14612345678',
    '14812345678',
    '14912345678',
    '15412345678',
    '16012345678',
    '16112345678',
    '16312345678',
    '16812345678',
    '17412345678',
    '17492345678',
    '17912345678',
    '19412345678',
  ];
  for (const raw of unassigned) {
    void it(`rejects unassigned segment ${raw.slice(0, 4)}`, () =>
      assert.equal(rejected(raw), PhoneRejectReason.Segment));
  }

  const spellings: [string, string][] = [
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['86 139 1234 5678', '13912345678'],
    ['138-0013-8000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['(138)00138000', '13800138000'],
    ['138.0013.8000', '13800138000'],
    ['  13800138000  ', '13800138000'],
    ['\t13800138000\r\n', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８－００１３－８０００', '13800138000'],
    ['\u200b13800138000\u200b', '13800138000'],
    ['\ufeff13800138000', '13800138000'],
    ['\u202a13800138000\u202c', '13800138000'],
    ['138\u00a00013\u00a08000', '13800138000'],
    ["'13800138000", '13800138000'],
    ['13800138000.0', '13800138000'],
    ['13800138000.00', '13800138000'],
    ['1.3800138000E+10', '13800138000'],
    ['1.3912345678E10', '13912345678'],
    ['1.39123456780e+10', '13912345678'],
    ['013800138000', '13800138000'],
    ['0138-0013-8000', '13800138000'],
    ['138—0013—8000', '13800138000'],
  ];
  for (const [raw, national] of spellings) {
    void it(`normalizes ${JSON.stringify(raw)}`, () => assert.equal(ok(raw).national, national));
  }

  void it('rejects scientific notation that lost digits', () => {
    assert.equal(rejected('1.38E+10'), PhoneRejectReason.Precision);
    // Excel drops trailing zeros of the mantissa, so even a value that might be exact is ambiguous.
    assert.equal(rejected('1.3800138E+10'), PhoneRejectReason.Precision);
    assert.equal(rejected('1.38001E+10'), PhoneRejectReason.Precision);
    assert.equal(rejected('1.380013800E+10'), PhoneRejectReason.Precision);
  });

  void it('rejects scientific notation that is not an integer or not a number', () => {
    assert.equal(rejected('1.38001380001E+10'), PhoneRejectReason.Format);
    assert.equal(rejected('1.38E-10'), PhoneRejectReason.Format);
    assert.equal(rejected('138e'), PhoneRejectReason.Format);
  });

  void it('rejects wrong lengths of mobile-looking numbers', () => {
    assert.equal(rejected('1380013800'), PhoneRejectReason.Length);
    assert.equal(rejected('138001380001'), PhoneRejectReason.Length);
    assert.equal(rejected('0138001380001'), PhoneRejectReason.Length);
  });
});

void describe('normalizePhone — landlines', () => {
  void it('accepts a Beijing number with its area code', () => {
    assert.deepEqual(normalizePhone('010-62345678'), {
      ok: true,
      e164Digits: '861062345678',
      national: '01062345678',
      kind: 'landline',
      areaCode: '010',
    });
  });

  const cases: [string, string, string][] = [
    ['01087654321', '01087654321', '010'],
    ['(010)87654321', '01087654321', '010'],
    ['（010）8765-4321', '01087654321', '010'],
    ['021-6123 4567', '02161234567', '021'],
    ['020 83123456', '02083123456', '020'],
    ['029-88888888', '02988888888', '029'],
    ['0755-26123456', '075526123456', '0755'],
    ['0755 2612 3456', '075526123456', '0755'],
    ['0571-8712345', '05718712345', '0571'],
    ['0931-8123456', '09318123456', '0931'],
    ['0411-84123456', '041184123456', '0411'],
    ['+86 10 8765 4321', '01087654321', '010'],
    ['+86 (0)755 2612 3456', '075526123456', '0755'],
    ['+86-755-26123456', '075526123456', '0755'],
    ['0086-21-61234567', '02161234567', '021'],
    ['86-0755-26123456', '075526123456', '0755'],
    ['8675526123456', '075526123456', '0755'],
    // Typed into Excel as a number: the trunk 0 is gone.
    ['1087654321', '01087654321', '010'],
    ['2161234567', '02161234567', '021'],
    ['75526123456', '075526123456', '0755'],
    ['75526123456.0', '075526123456', '0755'],
  ];
  for (const [raw, national, area] of cases) {
    void it(`normalizes ${JSON.stringify(raw)}`, () => {
      const r = ok(raw);
      assert.equal(r.kind, 'landline');
      assert.equal(r.national, national);
      assert.equal(r.areaCode, area);
      assert.equal(r.e164Digits, '86' + national.slice(1));
    });
  }

  void it('rejects local numbers without an area code', () => {
    assert.equal(rejected('87654321'), PhoneRejectReason.NoAreaCode);
    assert.equal(rejected('8765432'), PhoneRejectReason.NoAreaCode);
  });

  void it('rejects wrong local lengths', () => {
    assert.equal(rejected('010-8765432'), PhoneRejectReason.Length);
    assert.equal(rejected('021-876543210'), PhoneRejectReason.Length);
    assert.equal(rejected('0755-876543'), PhoneRejectReason.Length);
    assert.equal(rejected('0755-876543210'), PhoneRejectReason.Length);
  });

  void it('rejects local numbers that start with 0 or 1', () => {
    assert.equal(rejected('010-02345678'), PhoneRejectReason.Format);
    assert.equal(rejected('0755-18765432'), PhoneRejectReason.Format);
  });

  void it('rejects unassigned area codes', () => {
    assert.equal(rejected('011-87654321'), PhoneRejectReason.AreaCode);
    assert.equal(rejected('026-87654321'), PhoneRejectReason.AreaCode);
  });

  void it('rejects an extension glued to the number', () => {
    assert.equal(normalizePhone('010-87654321-8001').ok, false);
    assert.equal(rejected('010-87654321转8001'), PhoneRejectReason.Format);
  });
});

void describe('normalizePhone — service numbers', () => {
  const cases: [string, string, string | undefined][] = [
    ['400-123-4567', '4001234567', undefined],
    ['4001234567', '4001234567', undefined],
    ['800 820 8820', '8008208820', undefined],
    ['+86 400 123 4567', '4001234567', undefined],
    ['95555', '95555', undefined],
    ['95588', '95588', undefined],
    ['950618', '950618', undefined],
    ['96123', '96123', undefined],
    ['10086', '10086', undefined],
    ['10010', '10010', undefined],
    ['12345', '12345', undefined],
    ['12315', '12315', undefined],
    ['11185', '11185', undefined],
    ['1010-5678', '10105678', undefined],
    ['021-962288', '021962288', '021'],
    ['0755-96338', '075596338', '0755'],
  ];
  for (const [raw, national, area] of cases) {
    void it(`accepts ${JSON.stringify(raw)}`, () => {
      const r = ok(raw);
      assert.equal(r.kind, 'service');
      assert.equal(r.national, national);
      assert.equal(r.areaCode, area);
    });
  }

  void it('keeps the area code out of E.164 only as the trunk 0', () => {
    assert.equal(ok('021-962288').e164Digits, '8621962288');
    assert.equal(ok('95555').e164Digits, '8695555');
  });

  void it('refuses emergency and other 3-digit special numbers', () => {
    for (const raw of ['110', '119', '120', '122', '114']) {
      assert.equal(rejected(raw), PhoneRejectReason.Special);
    }
  });
});

void describe('normalizePhone — garbage', () => {
  void it('reports empty values', () => {
    for (const raw of ['', '   ', '\u200b', '--', '+', '\ufeff']) {
      assert.equal(rejected(raw), PhoneRejectReason.Empty);
    }
  });

  void it('reports text and several numbers in one cell as format errors', () => {
    for (const raw of [
      'abc',
      '138abc00138',
      '13800138000/13900139000',
      '13800138000,13900139000',
      '138*0013*8000',
      '#N/A',
      'null',
      '+86+13800138000',
      '138+00138000',
    ]) {
      assert.equal(rejected(raw), PhoneRejectReason.Format, raw);
    }
  });

  void it('rejects foreign numbers', () => {
    assert.equal(rejected('+1 415 555 2671'), PhoneRejectReason.Foreign);
    assert.equal(rejected('+852 2123 4567'), PhoneRejectReason.Foreign);
    assert.equal(rejected('001 415 555 2671'), PhoneRejectReason.Foreign);
  });

  void it('does not strip a dot that is not a .0 suffix', () => {
    assert.equal(rejected('13800138000.5'), PhoneRejectReason.Length);
    assert.equal(ok('138.0013.8000').national, '13800138000');
  });
});

void describe('numberSegmentValid', () => {
  void it('accepts assigned ranges and rejects the rest', () => {
    assert.equal(numberSegmentValid('13800138000'), true);
    assert.equal(numberSegmentValid('19212345678'), true);
    assert.equal(numberSegmentValid('01087654321'), true);
    assert.equal(numberSegmentValid('4001234567'), true);
    assert.equal(numberSegmentValid('14012345678'), false);
    assert.equal(numberSegmentValid('15412345678'), false);
    assert.equal(numberSegmentValid('02687654321'), false);
    assert.equal(numberSegmentValid(''), false);
    assert.equal(numberSegmentValid('138 0013 8000'), false);
  });
});

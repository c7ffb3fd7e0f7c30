// Test people for the browser suite: valid, unique documents and phones, SMS codes from the outbox,
// and a learner registered through the API for journeys that start after 注册 (see e2e/README.md).
import assert from 'node:assert/strict';
import fs from 'node:fs';

// The server's 培训年度 are this year and last year, Asia/Shanghai.
export const THIS_YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

const usedSequences = new Set();
/**
 * A valid 18-digit resident ID (GB 11643: region 110105, birth date, 3-digit sequence, MOD 11-2 check
 * character), unique within this process. birthDate as YYYYMMDD.
 */
export function residentId(birthDate = '19900101') {
  let seq;
  do seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0'); while (usedSequences.has(birthDate + seq));
  usedSequences.add(birthDate + seq);
  const body = `110105${birthDate}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const usedPhones = new Set();
/** A mobile number of the 139 range, unique within this process. */
export function phone() {
  let p;
  do p = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'); while (usedPhones.has(p));
  usedPhones.add(p);
  return p;
}

/** The newest code the server wrote to its SMS outbox for this phone and purpose. */
export function smsCode(server, phoneNumber, purpose) {
  const lines = fs.existsSync(server.smsOutbox) ? fs.readFileSync(server.smsOutbox, 'utf8').split('\n') : [];
  const sent = lines.filter(Boolean).map((l) => JSON.parse(l))
    .filter((m) => m.phone === phoneNumber && m.purpose === purpose);
  assert.ok(sent.length, `an SMS ${purpose} code for ${phoneNumber} is in the outbox:\n${lines.join('\n')}`);
  const { code } = sent.at(-1);
  assert.match(code, /^\d{6}$/);
  return code;
}

async function postJson(server, path, body) {
  const res = await fetch(server.url(path), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  assert.ok(res.ok, `POST ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Registers a new learner of 和平区财政局 through the learner API (SMS code from the outbox), for
 * journeys whose subject is not 注册 itself (the learner journey registers through the pages).
 * qualificationYear decides the first required year (the year after). Returns { name, idNumber, phone, password }.
 */
export async function registerLearner(server, { name, password = 'Study2026', qualificationYear = THIS_YEAR - 1 } = {}) {
  const me = { name, idNumber: residentId(), phone: phone(), password };
  await postJson(server, '/api/v1/sms/send', { phone: me.phone, purpose: 'register' });
  await postJson(server, '/api/v1/register', {
    name: me.name, id_type: 'resident_id', id_number: me.idNumber, phone: me.phone,
    sms_code: smsCode(server, me.phone, 'register'), password: me.password, region_code: '210102',
    education: '本科', employer: '沈阳市和平区示例会计服务有限公司',
    qualification_level: 'junior', qualification_year: qualificationYear, work_start_year: qualificationYear - 2,
  });
  return me;
}

// An erasure reads the customer at its start and rewrites the customer's own record at its end
// (the contact gone from its contacts, her name out of its notes). Another write to the customer
// landing between (a colleague's edit: a contact added, notes typed) must stay: the rewrite is
// written only while the customer's revision is as read, else read again and worked out again
// of what is there now. The interleave is made exact through the erasure's own `step`: run
// after its read (load) and before any of its writes, it saves the colleague's edit there.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const fileOf = async (code: string) =>
  (await app.db.models.customers.findOne({ code }).lean<Record<string, any>>())!;

test('a contact erased while a colleague adds another and types its notes: her record and name go, the colleague’s contact and words stay', async () => {
  const { code } = await makeCustomer(app, {
    contact: { name: '王芳', phone: '+8613800138000' },
    notes: '王芳 prefers mornings',
  });
  const owner = await ctxOf(app, OWNER);
  let edited = false;
  // Between the erasure's read and its rewrite of the customer: the owner's edit, saved once.
  const step = async () => {
    if (edited) return;
    edited = true;
    const file = await app.desk.services.customers.get(owner, code);
    await app.desk.services.customers.update(owner, code, {
      contacts: [
        ...file.contacts,
        { key: 'liwei001', name: '李伟', phone: '+8613900139000', optOuts: [] },
      ],
      notes: 'Visit with 李伟 in March; 王芳 called back',
    });
  };
  const revision = (await fileOf(code)).revision as number;
  await app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code, '王芳', step);
  expect(edited).toBe(true);

  const file = await fileOf(code);
  expect(file.contacts.map((c: { name: string }) => c.name)).toEqual(['李伟']);
  expect(file.notes).toBe('Visit with 李伟 in March; [erased] called back');
  expect(file.searchTerms.join(' ')).toContain('李伟');
  expect(file.searchTerms.join(' ')).not.toContain('王芳');
  // The edit's write and the erasure's, one after the other.
  expect(file.revision).toBe(revision + 2);
});

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { redactUrl } from './server.js';

it('redacts every spelling of every secret parameter in logged URLs', () => {
  const secrets = ['K1', 'P2', 'K3', 'P4', 'K5', 'S6', 'U7', 'R8', 'A9'];
  const url =
    '/api/login?api_key[]=K1&password[]=P2;api_key=K3&data%5Bpassword%5D=P4&api%5Fkey=K5' +
    '&sign=S6;url=U7&re_password=R8&data[x][api_access_secret]=A9&user_sn=visible';
  const logged = redactUrl(url);
  for (const secret of secrets) assert.ok(!logged.includes(secret), `${secret} leaked: ${logged}`);
  assert.match(logged, /user_sn=visible/);
  assert.equal(redactUrl('/api/index'), '/api/index');
});

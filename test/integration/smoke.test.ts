import { describe, expect, it } from 'vitest';
import { api } from './http.js';

describe('local stack', () => {
  it('answers health and serves the OpenAPI 3.1 document generated from the schemas', async () => {
    // Act
    const health = await api('GET', '/health');
    const doc = await api('GET', '/openapi.json');
    // Assess
    expect(health.json.status).toBe('ok');
    expect(doc.json.openapi).toBe('3.1.0');
    expect(doc.json.paths['/ratings'].post.requestBody.content['application/json'].schema.properties.level).toMatchObject({ minimum: 1, maximum: 5 });
  });

  it('refuses API calls without a valid token, as the JWT authorizer does', async () => {
    const res = await api('GET', '/cases', { headers: { authorization: 'Bearer forged.token.here' } });
    expect(res.status).toBe(401);
  });
});

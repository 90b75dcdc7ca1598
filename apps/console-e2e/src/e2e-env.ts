/** Values shared by the Playwright config (which starts the API with them) and the tests. */
export const E2E_PORT = Number(process.env['E2E_PORT'] ?? 4310);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_ADMIN = { username: 'admin', password: 'e2e-admin-password' } as const;

// No test may touch the network: msw intercepts every request and fails the test on any it does not handle.
// Tests that need mock services add handlers to this one server (`server.use`); they are reset after each test.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

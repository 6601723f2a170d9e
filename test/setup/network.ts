// No test may touch the network: msw intercepts every request and fails the test on any it does not handle.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

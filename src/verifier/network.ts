import type { RequestHandler } from 'msw';

/** Where the mock services are installed: an msw server of the CLI's own, or a test's. */
export interface MockNetwork {
  use(...handlers: RequestHandler[]): void;
  reset(): void;
}

/** An in-process msw server that answers only the mock services and fails any other request: no network. */
export async function startMockNetwork(): Promise<MockNetwork & { close(): void }> {
  const { setupServer } = await import('msw/node');
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  return { use: (...h) => server.use(...h), reset: () => server.resetHandlers(), close: () => server.close() };
}

// msw's main entry also loads its GraphQL support and the graphql package (~0.1-0.2 s of every verify run): the
// handlers take `http` from msw's HTTP-only entry and answer with plain Fetch responses, which msw accepts as they are.
export class HttpResponse extends Response {
  static override json(body: unknown, init?: ResponseInit): Response {
    return Response.json(body, init);
  }
}

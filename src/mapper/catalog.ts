// The Azure DevOps scope catalog as the mapper offers it. The data and lookups live in src/model (a leaf every layer
// may import) so detection can classify scopes without reaching up into the mapper.
export * from '../model/scope-catalog.js';

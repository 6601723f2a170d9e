// The Azure DevOps REST calls the verifier makes with each token, one per area, with the scope each needs.

export interface RestCall {
  name: string;
  method: 'GET' | 'POST';
  /** URL template; `{org}` is the organization. */
  url: string;
  requiredScope: string;
}

export const restCalls: readonly RestCall[] = [
  { name: 'profile', method: 'GET', url: 'https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1', requiredScope: 'vso.profile' },
  { name: 'projects', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/projects?api-version=7.1', requiredScope: 'vso.project' },
  { name: 'git repositories', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/git/repositories?api-version=7.1', requiredScope: 'vso.code' },
  { name: 'git push', method: 'POST', url: 'https://dev.azure.com/{org}/_apis/git/repositories/app/pushes?api-version=7.1', requiredScope: 'vso.code_write' },
  { name: 'work items', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/wit/workitems?ids=1&api-version=7.1', requiredScope: 'vso.work' },
  { name: 'create work item', method: 'POST', url: 'https://dev.azure.com/{org}/_apis/wit/workitems/$Task?api-version=7.1', requiredScope: 'vso.work_write' },
  { name: 'builds', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/build/builds?api-version=7.1', requiredScope: 'vso.build' },
  { name: 'queue build', method: 'POST', url: 'https://dev.azure.com/{org}/_apis/build/builds?api-version=7.1', requiredScope: 'vso.build_execute' },
  { name: 'release definitions', method: 'GET', url: 'https://vsrm.dev.azure.com/{org}/_apis/release/definitions?api-version=7.1', requiredScope: 'vso.release' },
  { name: 'wikis', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/wiki/wikis?api-version=7.1', requiredScope: 'vso.wiki' },
  { name: 'analytics', method: 'GET', url: 'https://analytics.dev.azure.com/{org}/_odata/v4.0-preview/$metadata', requiredScope: 'vso.analytics' },
  { name: 'graph users', method: 'GET', url: 'https://vssps.dev.azure.com/{org}/_apis/graph/users?api-version=7.1-preview.1', requiredScope: 'vso.graph' },
  { name: 'identities', method: 'GET', url: 'https://vssps.dev.azure.com/{org}/_apis/identities?searchFilter=General&filterValue=adele&api-version=7.1', requiredScope: 'vso.identity' },
  { name: 'package feeds', method: 'GET', url: 'https://feeds.dev.azure.com/{org}/_apis/packaging/feeds?api-version=7.1', requiredScope: 'vso.packaging' },
  { name: 'service hooks', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/hooks/subscriptions?api-version=7.1', requiredScope: 'vso.hooks' },
  { name: 'test runs', method: 'GET', url: 'https://dev.azure.com/{org}/_apis/test/runs?api-version=7.1', requiredScope: 'vso.test' },
];

export function urlOf(call: RestCall, org: string): string {
  return call.url.replace('{org}', org);
}

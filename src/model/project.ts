// Where the project lives: one definition for package.json's repository/homepage/bugs (a test keeps them equal)
// and for the links the reports print.
export const repositoryUrl = 'https://github.com/ado2entra/ado2entra';

/** The rule's section in docs/rules.md on the default branch: `## A2E012` is the anchor `#a2e012`. */
export function ruleDocUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules.md#${ruleId.toLowerCase()}`;
}

/** Microsoft's page on Azure DevOps integrations with Entra OAuth apps, which states its guidance for personal accounts (MSA). */
export const msaDocUrl = 'https://learn.microsoft.com/en-us/azure/devops/integrate/get-started/authentication/entra-oauth';

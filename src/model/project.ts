// Where the project lives: one definition for package.json's repository/homepage/bugs (a test keeps them equal)
// and for the links the reports print.
export const repositoryUrl = 'https://github.com/ado2entra/ado2entra';

/** The rule's section in docs/rules.md on the default branch: `## A2E012` is the anchor `#a2e012`. */
export function ruleDocUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules.md#${ruleId.toLowerCase()}`;
}

/** A GUID as Entra and Azure DevOps write ids: 8-4-4-4-12 hex digits, no braces (any case). */
export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isBareGuid(value: string): boolean {
  return guidPattern.test(value);
}

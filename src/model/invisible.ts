/**
 * Characters a terminal, a ticket or a browser shows as nothing, or that reorder what follows: C0 and C1 controls, DEL,
 * line and paragraph separators, Unicode's bidirectional controls (overrides, isolates, and the marks LRM, RLM, ALM)
 * and the zero-width characters (space, joiners, word joiner, BOM). In a path, key or URL from a repository they make
 * it read as another: renderers show them as escapes, and no redirect URI holding one is registered.
 */
export const invisibleCharacters = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';

/** Largest request body accepted (bytes); Fastify enforces it before parsing. */
export const BODY_LIMIT = 256 * 1024;
export const BODY_LIMIT_TEXT = '256 KB';

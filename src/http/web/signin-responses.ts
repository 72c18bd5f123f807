import type { FastifyReply } from 'fastify';
import type { OAuthError } from '../../domain/identity/oauth-error.js';
import { sendPage } from './signin-pages.js';

export interface ClientTarget { redirectUri: string; responseMode: 'query' | 'form_post'; state: string | null }

/**
 * Hands the result back to the app at its registered redirect URI: a 302 with the parameters in
 * the query, or an auto-submitted form for `response_mode=form_post` (OAuth 2.0 Form Post
 * Response Mode §2).
 */
export function respondToClient(reply: FastifyReply, target: ClientTarget, params: Record<string, string>): FastifyReply {
  const all = { ...params, ...(target.state !== null ? { state: target.state } : {}) };
  if (target.responseMode === 'form_post') {
    return sendPage(reply, 'form-post', { target: target.redirectUri, fields: Object.entries(all).map(([name, value]) => ({ name, value })) },
      { formTargets: [target.redirectUri] });
  }
  const url = new URL(target.redirectUri);
  for (const [k, v] of Object.entries(all)) url.searchParams.append(k, v);
  return reply.code(302).header('cache-control', 'no-store').header('location', url.toString()).send();
}

export function redirectError(reply: FastifyReply, target: ClientTarget, e: OAuthError, traceId: string): FastifyReply {
  return respondToClient(reply, target, {
    error: e.error,
    error_description: `AADSTS${e.aadsts}: ${e.message} Trace ID: ${traceId} Timestamp: ${new Date().toISOString()}`,
    error_codes: String(e.aadsts),
  });
}

/** An error that may not go back to the app (unknown client, unregistered redirect URI): a page. */
export function errorPage(reply: FastifyReply, e: OAuthError, traceId: string, status = 400): FastifyReply {
  return sendPage(reply, 'message', {
    title: 'Sorry, but we’re having trouble signing you in.',
    message: `AADSTS${e.aadsts}: ${e.message}`,
    detail: `Trace ID: ${traceId}`,
  }, { status });
}

/** What a person reads for a failed sign-in; the code keeps it searchable. */
export const signInErrorText = (e: OAuthError): string => {
  if (e.aadsts === 50126) return 'Your account or password is incorrect. (AADSTS50126)';
  return `${e.message} (AADSTS${e.aadsts})`;
};

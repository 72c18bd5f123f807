import autocannon, { type Result } from 'autocannon';

export interface LoadTarget {
  port: number;
  token: string;
}

export interface LoadOutcome {
  result: Result;
  /** Invited addresses the server answered 201 for, as it echoed them. */
  acked: string[];
  created: number;
  /** A few bodies of non-201 answers, to show what went wrong. */
  failures: string[];
}

const ECHOED_ADDRESS = /"invitedUserEmailAddress":"([^"]+)"/;
let sequence = 0;

/**
 * POST /v1.0/invitations at `connections` for `duration` seconds, every request inviting an address
 * never used before (`setupRequest` runs before each request). Addresses the server acknowledged are
 * read back from the 201 bodies so the durability check can look each one up.
 */
export async function driveInvitations(target: LoadTarget, tag: string, connections: number, duration: number): Promise<LoadOutcome> {
  const acked: string[] = [];
  const failures: string[] = [];
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration,
    pipelining: 1,
    timeout: 10,
    renderProgressBar: false,
    requests: [{
      method: 'POST',
      path: '/v1.0/invitations',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      setupRequest: (req) => {
        const n = ++sequence;
        return {
          ...req,
          body: JSON.stringify({
            invitedUserEmailAddress: `guest.${tag}.${n}@bench-guests.example.com`,
            invitedUserDisplayName: `Bench Guest ${n}`,
            inviteRedirectUrl: 'https://myapp.example.com/welcome',
            sendInvitationMessage: true,
          }),
        };
      },
      onResponse: (status, body) => {
        if (status === 201) {
          const m = ECHOED_ADDRESS.exec(body);
          if (m) acked.push(m[1]);
        } else if (failures.length < 5) {
          failures.push(`${status} ${body.slice(0, 300)}`);
        }
      },
    }],
  });
  return { result, acked, created: result.statusCodeStats['201']?.count ?? 0, failures };
}

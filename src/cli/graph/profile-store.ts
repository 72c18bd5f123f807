import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One sign-in: where Graph and its authority are, who signs in, and the cached tokens. */
export interface Profile {
  /** Graph's root without the version, e.g. `https://graph.microsoft.com` or a Portico origin. */
  baseUrl: string;
  /** The identity authority's origin, e.g. `https://login.microsoftonline.com`. */
  authority: string;
  tenant: string;
  clientId: string;
  flow: 'client_credentials' | 'device_code';
  /** Client credentials only. */
  clientSecret?: string;
  /** The `scope` sent to the token endpoint. */
  scope: string;
  accessToken?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  /** Device code only (with `offline_access`). */
  refreshToken?: string;
}

interface ProfileFile {
  current?: string;
  profiles: Record<string, Profile>;
}

/**
 * Profiles live in `profiles.json` in the user's config folder: PORTICO_CONFIG_DIR, else
 * `$XDG_CONFIG_HOME/portico`, else `~/.config/portico` (XDG Base Directory spec). The file holds
 * client secrets and tokens, so it is written owner-only (0600, in a 0700 folder) and replaced
 * atomically so an interrupted write never leaves half a file.
 */
export class ProfileStore {
  readonly dir: string;
  readonly path: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.dir = env.PORTICO_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'portico');
    this.path = join(this.dir, 'profiles.json');
  }

  private read(): ProfileFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as ProfileFile;
      return { current: parsed.current, profiles: parsed.profiles ?? {} };
    } catch {
      throw new Error(`${this.path} is not valid JSON; remove it and sign in again with portico login`);
    }
  }

  private write(file: ProfileFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    // The mode given to writeFileSync applies only to a new file, and the umask may narrow it.
    chmodSync(temp, 0o600);
    renameSync(temp, this.path);
  }

  /** The name to use: the one asked for, else the one last signed in with, else `default`. */
  resolveName(name: string | undefined): string {
    return name || this.read().current || 'default';
  }

  get(name: string | undefined): { name: string; profile: Profile } {
    const resolved = this.resolveName(name);
    const profile = this.read().profiles[resolved];
    if (!profile) throw new Error(`not signed in${name ? ` with profile '${resolved}'` : ''}: run portico login first`);
    return { name: resolved, profile };
  }

  save(name: string, profile: Profile, makeCurrent: boolean): void {
    const file = this.read();
    file.profiles[name] = profile;
    if (makeCurrent) file.current = name;
    this.write(file);
  }

  /** Removes the profile; returns whether there was one. */
  remove(name: string): boolean {
    const file = this.read();
    if (!file.profiles[name]) return false;
    delete file.profiles[name];
    if (file.current === name) file.current = Object.keys(file.profiles)[0];
    this.write(file);
    return true;
  }
}
